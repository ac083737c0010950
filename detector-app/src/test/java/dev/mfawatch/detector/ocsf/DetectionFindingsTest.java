package dev.mfawatch.detector.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Geo;
import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The mapping of one alert, checked against OCSF's own ids (not the mapper's constants), and the schema's teeth. */
class DetectionFindingsTest {

    private static final Instant T = Instant.parse("2026-11-23T09:00:00Z");

    private static Alert alert(String principal, Severity severity, int count, List<String> attack) {
        return new Alert("3f1c2a7e-0000-3000-8000-000000000001", "FACTOR_SWAP", severity, T.plusSeconds(1), T, principal,
                "EXC-2026-0001", "LEGACY_PROTOCOL", "factor reset then first use of a weaker factor", "okta", "198.51.100.23",
                new Geo("NL", "Amsterdam", 52.37, 4.90), "Payroll", "BROWSER", "sms", List.of("evt-1", "evt-2"), count, T,
                T.plusSeconds(count * 60L), attack, new Response("revoke sessions", "reset the factor", "re-enrol"),
                Map.of("ticket", "none"));
    }

    private static List<String> pairs(JsonNode observables) {
        List<String> out = new ArrayList<>();
        observables.forEach(o -> out.add(o.get("type_id").asInt() + "=" + o.get("value").asText()));
        return out;
    }

    @Test
    void aNewAlertIsACreatedDetectionFindingThatValidates() throws Exception {
        Alert a = alert("ops.admin@northwind.example", Severity.HIGH, 1, List.of("T1556.006", "T1621"));
        ObjectNode f = DetectionFindings.of(a);

        assertThat(OcsfSchema.errors(f)).isEmpty();
        assertThat(f.get("class_uid").asInt()).isEqualTo(2004);
        assertThat(f.get("category_uid").asInt()).isEqualTo(2);
        assertThat(f.get("activity_id").asInt()).isEqualTo(1);
        assertThat(f.get("type_uid").asLong()).isEqualTo(200401L);
        assertThat(f.get("severity_id").asInt()).isEqualTo(4);
        assertThat(f.get("status_id").asInt()).isEqualTo(1);
        assertThat(f.get("time").asLong()).isEqualTo(T.plusSeconds(1).toEpochMilli());
        assertThat(f.at("/metadata/version").asText()).isEqualTo("1.3.0");
        assertThat(f.at("/metadata/product/name").asText()).isEqualTo("mfa-watch");
        assertThat(f.at("/finding_info/uid").asText()).isEqualTo(a.alertId());
        assertThat(f.at("/finding_info/analytic/uid").asText()).isEqualTo("FACTOR_SWAP");
        assertThat(f.at("/finding_info/analytic/type_id").asInt()).isEqualTo(1);
        assertThat(f.at("/finding_info/first_seen_time").asLong()).isEqualTo(T.toEpochMilli());
        // OCSF observable ids: 4 User Name, 5 Email Address, 2 IP Address.
        assertThat(pairs(f.get("observables"))).containsExactlyInAnyOrder("4=ops.admin@northwind.example",
                "5=ops.admin@northwind.example", "2=198.51.100.23");
        assertThat(f.at("/evidences/0/src_endpoint/location/country").asText()).isEqualTo("NL");
        assertThat(f.at("/evidences/0/data/event_uids").toString()).isEqualTo("[\"evt-1\",\"evt-2\"]");
        // ATT&CK: T1556.006 is the "Multi-Factor Authentication" sub-technique of T1556, under Credential Access (TA0006)
        // among others; T1621 is Multi-Factor Authentication Request Generation, Credential Access only.
        List<String> attacks = new ArrayList<>();
        f.at("/finding_info/attacks").forEach(x -> attacks.add(x.at("/technique/uid").asText() + "/"
                + x.at("/sub_technique/uid").asText("-") + "/" + x.at("/tactic/uid").asText()));
        assertThat(attacks).contains("T1556/T1556.006/TA0006", "T1621/-/TA0006").doesNotContain("T1621/-/TA0003");
        assertThat(f.at("/finding_info/attacks/0/technique/name").asText()).isEqualTo("Modify Authentication Process");
        assertThat(f.at("/resources/0/uid").asText()).isEqualTo("ops.admin@northwind.example");
        assertThat(f.at("/remediation/desc").asText()).contains("revoke sessions", "reset the factor", "re-enrol");
        assertThat(f.at("/unmapped/ticket").asText()).isEqualTo("none");
        // The alert itself travels whole.
        assertThat(Json.MAPPER.readValue(f.get("raw_data").asText(), Alert.class)).isEqualTo(a);
    }

    @Test
    void aSuppressionUpdateIsAnUpdateOfTheSameFinding() {
        ObjectNode created = DetectionFindings.of(alert("ops.admin@northwind.example", Severity.MEDIUM, 1, List.of()));
        ObjectNode updated = DetectionFindings.of(alert("ops.admin@northwind.example", Severity.MEDIUM, 3, List.of()));

        assertThat(OcsfSchema.errors(updated)).isEmpty();
        assertThat(updated.get("activity_id").asInt()).isEqualTo(2);
        assertThat(updated.get("type_uid").asLong()).isEqualTo(200402L);
        assertThat(updated.get("count").asInt()).isEqualTo(3);
        assertThat(updated.at("/finding_info/uid")).isEqualTo(created.at("/finding_info/uid"));
        assertThat(updated.at("/metadata/uid")).isNotEqualTo(created.at("/metadata/uid"));
        assertThat(updated.at("/finding_info/last_seen_time").asLong()).isEqualTo(T.plusSeconds(180).toEpochMilli());
        assertThat(created.has("finding_info") && !created.at("/finding_info").has("attacks")).isTrue();
    }

    @Test
    void aPrincipalThatIsNoEmailAddressIsAUserNameOnly() {
        ObjectNode f = DetectionFindings.of(new Alert("id-1", "MFA_NOT_SATISFIED", Severity.LOW, null, T, "svc-scanner",
                null, null, "no MFA", null, null, null, null, null, null, List.of(), 1, null, null, List.of(), null, Map.of()));
        assertThat(OcsfSchema.errors(f)).isEmpty();
        assertThat(pairs(f.get("observables"))).containsExactly("4=svc-scanner");
        assertThat(f.get("time").asLong()).isEqualTo(T.toEpochMilli());
        assertThat(f.has("remediation")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Severity.class)
    void severityIdsAreOcsfs(Severity s) {
        // OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical.
        int expected = Map.of(Severity.LOW, 2, Severity.MEDIUM, 3, Severity.HIGH, 4, Severity.CRITICAL, 5).get(s);
        ObjectNode f = DetectionFindings.of(alert("a@example.com", s, 1, List.of()));
        assertThat(f.get("severity_id").asInt()).isEqualTo(expected);
        assertThat(f.get("severity").asText()).isEqualToIgnoringCase(s.name());
    }

    /** The schema is no rubber stamp: each broken copy of a valid finding is rejected. */
    @Test
    void theSchemaRejectsBrokenFindings() {
        ObjectNode valid = DetectionFindings.of(alert("ops.admin@northwind.example", Severity.HIGH, 1, List.of("T1078.004")));
        assertThat(OcsfSchema.errors(valid)).isEmpty();
        Map<String, Consumer<ObjectNode>> breakages = Map.of(
                "no finding_info.title", f -> ((ObjectNode) f.get("finding_info")).remove("title"),
                "no finding_info", f -> f.remove("finding_info"),
                "another class", f -> f.put("class_uid", 2001),
                "type_uid not class_uid x 100 + activity_id", f -> f.put("activity_id", 2),
                "severity_id out of the enum", f -> f.put("severity_id", 7),
                "status_id out of the enum", f -> f.put("status_id", 42),
                "observable type_id out of the enum", f -> ((ObjectNode) f.get("observables").get(0)).put("type_id", 77),
                "metadata without version", f -> ((ObjectNode) f.get("metadata")).remove("version"),
                "time as ISO text", f -> f.put("time", "2026-11-23T09:00:00Z"),
                "analytic without type_id", f -> ((ObjectNode) f.at("/finding_info/analytic")).remove("type_id"));
        breakages.forEach((what, breakIt) -> {
            ObjectNode broken = valid.deepCopy();
            breakIt.accept(broken);
            assertThat(OcsfSchema.errors(broken)).as(what).isNotEmpty();
        });
    }
}
