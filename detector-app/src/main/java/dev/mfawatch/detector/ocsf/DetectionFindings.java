package dev.mfawatch.detector.ocsf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Geo;
import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An {@link Alert} as an OCSF {@value #OCSF_VERSION} <b>Detection Finding</b> (class {@value #CLASS_UID}, category
 * {@value #CATEGORY_UID} Findings). Pure: the same alert gives the same finding (the live topic and
 * {@code backtest --format ocsf} both call {@link #json}).
 *
 * <ul>
 *   <li>Activity: the suppression step forwards a new alert with {@code count == 1} and, when firings were folded
 *   into its window, one update with the same {@code alertId} and {@code count > 1}
 *   ({@link dev.mfawatch.detector.suppress.SuppressionProcessor}): so {@code count > 1} is Update (2), else Create (1);
 *   {@code type_uid = 2004 × 100 + activity_id}.</li>
 *   <li>Status: always New (1). mfa-watch raises findings and never learns what the SOC did with them; In Progress,
 *   Suppressed and Resolved belong to the SIEM or case tool that upserts by {@code finding_info.uid}. An update
 *   reports more evidence for a finding still New, not a change of triage state.</li>
 *   <li>{@code time} is when the detector produced this version ({@code detectedAt}: the record's stream time, so a
 *   replay gives the same value); {@code start_time}/{@code end_time} and {@code finding_info.first_seen_time}/
 *   {@code last_seen_time} the events it covers.</li>
 *   <li>The alert itself, as on {@code mfa.alerts}, is in {@code raw_data}; its {@code details} in {@code unmapped}.</li>
 * </ul>
 */
public final class DetectionFindings {

    /** The OCSF schema version every finding claims ({@code metadata.version}). */
    public static final String OCSF_VERSION = "1.3.0";
    public static final int CLASS_UID = 2004;
    public static final int CATEGORY_UID = 2;
    public static final int CREATE = 1;
    public static final int UPDATE = 2;
    public static final int STATUS_NEW = 1;
    /** OCSF observable type ids (dictionary.json, types with an {@code observable} id). */
    public static final int OBSERVABLE_IP = 2;
    public static final int OBSERVABLE_USER_NAME = 4;
    public static final int OBSERVABLE_EMAIL = 5;
    /** {@code analytic.type_id} 1: a rule. */
    public static final int ANALYTIC_RULE = 1;
    public static final String PRODUCT = "mfa-watch";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final String PRODUCT_VERSION = productVersion();

    /** ATT&CK tactics by id (enterprise matrix). */
    private static final Map<String, String> TACTICS = Map.of(
            "TA0001", "Initial Access",
            "TA0003", "Persistence",
            "TA0004", "Privilege Escalation",
            "TA0005", "Defense Evasion",
            "TA0006", "Credential Access");

    /** A technique's name and its tactics, for the techniques the rules name; others keep their id only. */
    private record Technique(String name, List<String> tactics) {
    }

    private static final Map<String, Technique> TECHNIQUES = Map.of(
            "T1078", new Technique("Valid Accounts", List.of("TA0005", "TA0003", "TA0004", "TA0001")),
            "T1098", new Technique("Account Manipulation", List.of("TA0003", "TA0004")),
            "T1110", new Technique("Brute Force", List.of("TA0006")),
            "T1111", new Technique("Multi-Factor Authentication Interception", List.of("TA0006")),
            "T1556", new Technique("Modify Authentication Process", List.of("TA0006", "TA0005", "TA0003")),
            "T1621", new Technique("Multi-Factor Authentication Request Generation", List.of("TA0006")));

    private static final Map<String, String> SUB_TECHNIQUES = Map.of(
            "T1078.004", "Cloud Accounts",
            "T1098.005", "Device Registration",
            "T1556.006", "Multi-Factor Authentication");

    private DetectionFindings() {
    }

    /** The finding as one line of JSON. */
    public static String json(Alert alert) {
        try {
            return Json.MAPPER.writeValueAsString(of(alert));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int activityId(Alert alert) {
        return alert.count() > 1 ? UPDATE : CREATE;
    }

    public static ObjectNode of(Alert a) {
        int activity = activityId(a);
        Instant time = a.detectedAt() != null ? a.detectedAt() : a.eventTime();
        Instant first = a.firstSeen() != null ? a.firstSeen() : a.eventTime();
        Instant last = a.lastSeen() != null ? a.lastSeen() : a.eventTime();

        ObjectNode f = F.objectNode();
        f.put("class_uid", CLASS_UID);
        f.put("class_name", "Detection Finding");
        f.put("category_uid", CATEGORY_UID);
        f.put("category_name", "Findings");
        f.put("activity_id", activity);
        f.put("activity_name", activity == UPDATE ? "Update" : "Create");
        f.put("type_uid", CLASS_UID * 100L + activity);
        f.put("type_name", "Detection Finding: " + (activity == UPDATE ? "Update" : "Create"));
        f.put("severity_id", severityId(a.severity()));
        f.put("severity", severityName(a.severity()));
        f.put("status_id", STATUS_NEW);
        f.put("status", "New");
        f.put("time", time.toEpochMilli());
        f.put("start_time", first.toEpochMilli());
        f.put("end_time", last.toEpochMilli());
        f.put("count", a.count());
        f.put("message", a.summary());

        ObjectNode metadata = f.putObject("metadata");
        metadata.put("version", OCSF_VERSION);
        // One uid per version of the finding; the alert id correlates them.
        metadata.put("uid", a.alertId() + ":" + a.count());
        metadata.put("correlation_uid", a.alertId());
        metadata.put("event_code", a.rule());
        ObjectNode product = metadata.putObject("product");
        product.put("name", PRODUCT);
        product.put("vendor_name", PRODUCT);
        product.put("version", PRODUCT_VERSION);

        ObjectNode info = f.putObject("finding_info");
        info.put("uid", a.alertId());
        info.put("title", a.rule() + ": " + a.summary());
        info.put("desc", a.summary());
        info.putArray("types").add(a.rule());
        info.put("first_seen_time", first.toEpochMilli());
        info.put("last_seen_time", last.toEpochMilli());
        if (activity == UPDATE) {
            info.put("modified_time", time.toEpochMilli());
        }
        ObjectNode analytic = info.putObject("analytic");
        analytic.put("uid", a.rule());
        analytic.put("name", a.rule());
        analytic.put("type_id", ANALYTIC_RULE);
        analytic.put("type", "Rule");
        ArrayNode attacks = attacks(a.attack());
        if (!attacks.isEmpty()) {
            info.set("attacks", attacks);
        }

        ObjectNode evidence = F.objectNode();
        ObjectNode user = evidence.putObject("user");
        user.put("name", a.principal());
        boolean email = EMAIL.matcher(a.principal()).matches();
        if (email) {
            user.put("email_addr", a.principal());
        }
        if (a.ip() != null || a.geo() != null) {
            ObjectNode endpoint = evidence.putObject("src_endpoint");
            if (a.ip() != null) {
                endpoint.put("ip", a.ip());
            }
            location(a.geo(), endpoint);
        }
        ObjectNode data = evidence.putObject("data");
        putIfPresent(data, "source", a.source());
        putIfPresent(data, "app", a.app());
        putIfPresent(data, "client_protocol", a.clientProtocol());
        putIfPresent(data, "factor", a.factor());
        putIfPresent(data, "exception_id", a.exceptionId());
        putIfPresent(data, "exception_category", a.exceptionCategory());
        ArrayNode ids = data.putArray("event_uids");
        a.evidence().forEach(ids::add);
        f.putArray("evidences").add(evidence);

        ArrayNode observables = f.putArray("observables");
        observables.add(observable("evidences[0].user.name", OBSERVABLE_USER_NAME, "User Name", a.principal()));
        if (email) {
            observables.add(observable("evidences[0].user.email_addr", OBSERVABLE_EMAIL, "Email Address", a.principal()));
        }
        if (a.ip() != null) {
            observables.add(observable("evidences[0].src_endpoint.ip", OBSERVABLE_IP, "IP Address", a.ip()));
        }

        ArrayNode resources = f.putArray("resources");
        ObjectNode principal = resources.addObject();
        principal.put("uid", a.principal());
        principal.put("name", a.principal());
        principal.put("type", "Principal");
        if (a.app() != null) {
            ObjectNode app = resources.addObject();
            app.put("name", a.app());
            app.put("type", "Application");
        }
        if (a.exceptionId() != null) {
            ObjectNode exception = resources.addObject();
            exception.put("uid", a.exceptionId());
            exception.put("type", "MFA exception");
            putIfPresent(exception, "name", a.exceptionCategory());
        }

        Response r = a.response();
        if (r != null && (r.contain() != null || r.eradicate() != null || r.recover() != null)) {
            List<String> steps = new ArrayList<>();
            if (r.contain() != null) {
                steps.add("Contain: " + r.contain() + ".");
            }
            if (r.eradicate() != null) {
                steps.add("Eradicate: " + r.eradicate() + ".");
            }
            if (r.recover() != null) {
                steps.add("Recover: " + r.recover() + ".");
            }
            f.putObject("remediation").put("desc", String.join(" ", steps));
        }

        if (!a.details().isEmpty()) {
            ObjectNode unmapped = f.putObject("unmapped");
            // In key order, as mfa.alerts writes them: the same alert gives the same bytes in every JVM.
            new TreeMap<>(a.details()).forEach(unmapped::put);
        }
        try {
            f.put("raw_data", Json.MAPPER.writeValueAsString(a));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    /** OCSF severity_id: 1 Informational … 5 Critical; the project has no informational alerts. */
    public static int severityId(Severity s) {
        return switch (s) {
            case LOW -> 2;
            case MEDIUM -> 3;
            case HIGH -> 4;
            case CRITICAL -> 5;
        };
    }

    private static String severityName(Severity s) {
        return switch (s) {
            case LOW -> "Low";
            case MEDIUM -> "Medium";
            case HIGH -> "High";
            case CRITICAL -> "Critical";
        };
    }

    /** One attack per (technique, tactic); a sub-technique is named under its parent technique. */
    private static ArrayNode attacks(List<String> ids) {
        ArrayNode out = F.arrayNode();
        for (String id : ids) {
            String parent = id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
            Technique t = TECHNIQUES.get(parent);
            List<String> tactics = t == null ? List.of() : t.tactics();
            for (int i = 0; i < Math.max(1, tactics.size()); i++) {
                ObjectNode attack = out.addObject();
                ObjectNode technique = attack.putObject("technique");
                technique.put("uid", parent);
                if (t != null) {
                    technique.put("name", t.name());
                }
                if (!parent.equals(id)) {
                    ObjectNode sub = attack.putObject("sub_technique");
                    sub.put("uid", id);
                    putIfPresent(sub, "name", SUB_TECHNIQUES.get(id));
                }
                if (!tactics.isEmpty()) {
                    ObjectNode tactic = attack.putObject("tactic");
                    tactic.put("uid", tactics.get(i));
                    tactic.put("name", TACTICS.get(tactics.get(i)));
                }
            }
        }
        return out;
    }

    private static void location(Geo geo, ObjectNode endpoint) {
        if (geo == null || (geo.country() == null && geo.city() == null && geo.lat() == null && geo.lon() == null)) {
            return;
        }
        ObjectNode loc = endpoint.putObject("location");
        putIfPresent(loc, "country", geo.country());
        putIfPresent(loc, "city", geo.city());
        if (geo.lat() != null && geo.lon() != null) {
            loc.put("lat", geo.lat());
            loc.put("long", geo.lon());
        }
    }

    private static ObjectNode observable(String name, int typeId, String type, String value) {
        ObjectNode o = F.objectNode();
        o.put("name", name);
        o.put("type_id", typeId);
        o.put("type", type);
        o.put("value", value);
        return o;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** The build's version from the jar's Maven descriptor; {@code dev} when run from classes (tests, IDE). */
    private static String productVersion() {
        try (InputStream in = DetectionFindings.class.getResourceAsStream("/META-INF/maven/dev.mfawatch/detector-app/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException e) {
            // no descriptor: fall through
        }
        return "dev";
    }
}
