package dev.mfawatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs {@code mfa-watch demo} end to end on the real in-JVM broker and reads what a user would see. */
class DemoCommandIT {

    @Test
    void demoStartsShowsEveryKindOfAlertAndStopsByItself() {
        StringWriter out = new StringWriter();
        CommandLine cmd = MfaWatch.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        // One generator cycle (45 s) holds each scripted case once; its last case comes at 25.5 s.
        int code = cmd.execute("demo", "--duration", "32s", "--http-port", "0", "--register-http-port", "0", "--api-port", "0");
        String text = out.toString();
        assertThat(code).as(text).isZero();
        List<String> alertLines = Arrays.stream(text.split("\\R")).filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\dZ .*"))
                .toList();
        assertThat(alertLines).as(text).hasSize(15);
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("MFA_NOT_SATISFIED").contains("mallory.contractor@northwind.example").contains("via IMAP"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("MFA_NOT_SATISFIED").contains("svc-backup@northwind.example"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("EXPIRED_EXCEPTION_USED").contains("ops.admin@northwind.example").contains("[EXC-2026-0090]"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("EXCEPTION_SCOPE_VIOLATION").contains("svc-scanner@northwind.example")
                .contains("203.0.113.77").contains("[EXC-2026-0101]"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("EXCEPTION_SCOPE_VIOLATION").contains("sam.lee@northwind.example").contains("[EXC-2026-0103]"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("CRITICAL").contains("BREAK_GLASS_SIGNIN").contains("bg-admin-01@northwind.example")
                .contains("[EXC-2026-0001]"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("IMPOSSIBLE_TRAVEL").contains("riley.travel@northwind.example").contains("New York"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("OATH_DESYNC").contains("avery.token@northwind.example"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("FACTOR_SWAP").contains("morgan.reset@northwind.example").contains("helpdesk.agent@northwind.example"));
        // After the reset, the user signs in from a country never seen for it: a takeover chain.
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("MFA_RESET_ABUSE").contains("morgan.reset@northwind.example").contains("NL"));
        // The same ticketless reset weakens MFA with no register entry approving it.
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("UNAPPROVED_EXCLUSION_CHANGE").contains("morgan.reset@northwind.example"));
        // Two exclusions added to the MFA policy: the contractor's has no register entry, the
        // scanner's is approved by EXC-2026-0101 and raises nothing.
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("UNAPPROVED_EXCLUSION_CHANGE").contains("mallory.contractor@northwind.example")
                .contains("it.admin2@northwind.example"));
        assertThat(alertLines).noneSatisfy(l -> assertThat(l)
                .contains("UNAPPROVED_EXCLUSION_CHANGE").contains("svc-scanner@northwind.example"));
        // Push bombing: the burst is one alert (the accepted push folds into it); the pass sign-in another.
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("MFA_FATIGUE").contains("jordan.push@northwind.example"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("RECOVERY_CODE_USED").contains("taylor.tap@northwind.example"));
        // The contractor has no MFA method at all (the example inventory says so) and signs in: beside MFA_NOT_SATISFIED.
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("NO_MFA_REGISTERED").contains("mallory.contractor@northwind.example"));
        // Covered use of an exception raises nothing.
        assertThat(text).doesNotContain("dana.new@").doesNotContain("partner.audit@").doesNotContain("10.20.4.15");
        assertThat(text).contains("register-sync published 10 exception(s)")
                .contains("alerts by rule: {BREAK_GLASS_SIGNIN=1, EXCEPTION_SCOPE_VIOLATION=2, EXPIRED_EXCEPTION_USED=1, "
                        + "FACTOR_SWAP=1, IMPOSSIBLE_TRAVEL=1, MFA_FATIGUE=1, MFA_NOT_SATISFIED=2, MFA_RESET_ABUSE=1, "
                        + "NO_MFA_REGISTERED=1, OATH_DESYNC=1, RECOVERY_CODE_USED=1, "
                        + "UNAPPROVED_EXCLUSION_CHANGE=2}")
                .contains("demo stopped");
    }

    /**
     * While the demo runs, its query API shows the scanner exception's use count growing (a covered SMTP
     * sign-in at 4 s, the exclusion change it approves at 19.5 s), the never-used fax exception announced
     * as UNUSED_EXCEPTION, the expired enrolment exception as ENROLMENT_OVERDUE, a principal's view, and the
     * registration gauges of the example inventory on /metrics.
     */
    @Test
    void theDemosQueryApiShowsGrowingUsageAndTheUnusedExample() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cmd = MfaWatch.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> cmd.execute("demo", "--duration", "45s",
                "--http-port", "0", "--register-http-port", "0", "--api-port", "0"));
        Pattern api = Pattern.compile("query API on (http://localhost:\\d+/api)");
        String[] base = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Matcher m = api.matcher(out.toString());
            return m.find() && (base[0] = m.group(1)) != null;
        });
        HttpClient http = HttpClient.newHttpClient();
        List<Long> uses = new ArrayList<>();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode usage = get(http, base[0] + "/exceptions/EXC-2026-0101").path("usage");
            long n = usage.path("signIns").asLong() + usage.path("changes").asLong();
            if (uses.isEmpty() || uses.get(uses.size() - 1) != n) {
                uses.add(n);
            }
            return n >= 2;
        });
        assertThat(uses).as("use counts seen").contains(1L, 2L);
        JsonNode scanner = get(http, base[0] + "/exceptions/EXC-2026-0101");
        assertThat(scanner.path("lifecycle").asText()).isEqualTo("IN_FORCE");
        assertThat(scanner.path("usage").path("apps").path(0).path("value").asText()).isEqualTo("Office 365 Exchange Online");
        assertThat(scanner.path("usage").path("ipPrefixes").path(0).path("value").asText()).isEqualTo("10.20.4.0/24");

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() ->
                get(http, base[0] + "/exceptions/EXC-2026-0106").path("notices").findValuesAsText("kind")
                        .contains("UNUSED_EXCEPTION"));
        // Break-glass accounts stay unused by design and never become retirement candidates.
        assertThat(get(http, base[0] + "/exceptions/EXC-2026-0002").path("notices").findValuesAsText("kind"))
                .doesNotContain("UNUSED_EXCEPTION");

        // pat.overdue's enrolment exception expired days ago and the inventory still lists no method.
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() ->
                get(http, base[0] + "/exceptions/EXC-2026-0107").path("notices").findValuesAsText("kind")
                        .contains("ENROLMENT_OVERDUE"));
        // Registration: the contractor, pat and lee (until lee enrols at 19.5 s) without a method and not covered;
        // dana, the new hire her ENROLLMENT_PENDING entry covers; lee's enrolment observed once.
        Matcher metricsUrl = Pattern.compile("metrics on (http://localhost:\\d+/metrics)").matcher(out.toString());
        assertThat(metricsUrl.find()).as(out.toString()).isTrue();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() ->
                metric(http, metricsUrl.group(1), "mfawatch_time_to_enrol_seconds_count") >= 1);
        String metrics = text(http, metricsUrl.group(1));
        assertThat(metric(metrics, "mfawatch_enrolment_backlog{covered=\"true\"}")).isEqualTo(1);
        assertThat(metric(metrics, "mfawatch_enrolment_backlog{covered=\"false\"}")).isGreaterThanOrEqualTo(2);
        assertThat(metric(metrics, "mfawatch_registration_principals{principal_type=\"break_glass\",privileged=\"true\","
                + "state=\"phishing_resistant\"}")).isEqualTo(2);
        assertThat(metric(metrics, "mfawatch_registration_principals{principal_type=\"user\",privileged=\"false\","
                + "state=\"weak_only\"}")).isEqualTo(1);

        JsonNode sam = get(http, base[0] + "/principals/SAM.LEE@northwind.example");
        assertThat(sam.path("principal").asText()).isEqualTo("sam.lee@northwind.example");
        assertThat(sam.path("coveredBy").get(0).asText()).isEqualTo("EXC-2026-0103");
        // pat, in the uncovered backlog: the principal view says so too.
        JsonNode pat = get(http, base[0] + "/principals/pat.overdue@northwind.example");
        assertThat(pat.path("registration").path("state").asText()).isEqualTo("none");
        assertThat(pat.path("registration").path("methods")).isEmpty();
        assertThat(demo.get()).as(out.toString()).isZero();
    }

    private static String text(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double metric(HttpClient http, String url, String series) throws Exception {
        return metric(text(http, url), series);
    }

    /** One series' value in a Prometheus text exposition (labels as the registry orders them: by name); -1 when absent. */
    private static double metric(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(-1);
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()) : Json.MAPPER.createObjectNode();
    }
}
