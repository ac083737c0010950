package dev.mfawatch.detector.ocsf;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.DetectorTopology;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SignInResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mfa.alerts.ocsf} carries one finding per record of {@code mfa.alerts} — from the sign-in path (a suppressed
 * alert: Create, then Update with the same finding uid) and from the change path — with {@code MFAWATCH_OCSF=true},
 * and nothing without it.
 */
class OcsfTopologyTest {

    private static final MfaInfo OATH_FAILURE = new MfaInfo(true, false, "hardwareOath", MethodClass.OTP,
            MfaResult.CODE_INCORRECT, null, "TOTP");

    @TempDir
    Path stateDir;

    /** Four OATH failures (an alert at the third, the fourth folded into it), a ticketless factor reset, then quiet. */
    private static void scenario(Pipeline p) {
        for (String t : List.of("09:00", "09:01", "09:02", "09:03")) {
            p.pipe(signIn("o-" + t).principal("carol@example.com").at("2026-11-23T" + t + ":00Z").result(SignInResult.FAILURE)
                    .session("s-carol").mfa(OATH_FAILURE).build());
        }
        p.pipe(new DirectoryChange("chg-1", "okta", Instant.parse("2026-11-23T09:30:00Z"),
                new Actor("helpdesk-7@example.com", "USER"), ChangeOperation.FACTOR_RESET, List.of("dave@example.com"), null,
                null, Map.of(), null));
        p.pipe(signIn("end").principal("zz-end@example.com").type(PrincipalType.SERVICE).at("2026-11-26T09:00:00Z")
                .withMfa(MethodClass.PUSH, "push").build());
    }

    private static TestOutputTopic<String, String> ocsf(Pipeline p) {
        return p.driver.createOutputTopic(Topics.ALERTS_OCSF.name(), Serdes.String().deserializer(), Serdes.String().deserializer());
    }

    @Test
    void enabled_everyAlertVersionFromBothPathsBecomesAFinding() throws IOException {
        try (Pipeline p = new Pipeline(stateDir, Map.of(OcsfSettings.OCSF, "true"))) {
            TestOutputTopic<String, String> ocsf = ocsf(p);
            scenario(p);
            List<Alert> alerts = p.alerts.readValuesToList();
            var records = ocsf.readKeyValuesToList();

            assertThat(alerts).extracting(Alert::rule).contains("OATH_DESYNC", "UNAPPROVED_EXCLUSION_CHANGE");
            assertThat(records).hasSameSizeAs(alerts);
            List<JsonNode> oath = records.stream().map(kv -> tree(kv.value))
                    .filter(f -> f.at("/finding_info/analytic/uid").asText().equals("OATH_DESYNC")).toList();
            assertThat(oath).extracting(f -> f.get("type_uid").asLong()).containsExactly(200401L, 200402L);
            assertThat(oath).extracting(f -> f.get("activity_name").asText()).containsExactly("Create", "Update");
            assertThat(oath.get(1).at("/finding_info/uid")).isEqualTo(oath.get(0).at("/finding_info/uid"));
            assertThat(oath.get(1).get("count").asInt()).isEqualTo(2);
            // The change path's alert reaches the topic too, keyed like its alert.
            assertThat(records).anySatisfy(kv -> {
                assertThat(kv.key).isEqualTo("dave@example.com");
                assertThat(tree(kv.value).at("/finding_info/analytic/uid").asText()).isEqualTo("UNAPPROVED_EXCLUSION_CHANGE");
            });
            for (int i = 0; i < alerts.size(); i++) {
                assertThat(tree(records.get(i).value).at("/finding_info/uid").asText()).isEqualTo(alerts.get(i).alertId());
            }
        }
    }

    @Test
    void disabled_theTopicGetsNothing() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            TestOutputTopic<String, String> ocsf = ocsf(p);
            scenario(p);
            assertThat(p.alerts.readValuesToList()).isNotEmpty();
            assertThat(ocsf.isEmpty()).isTrue();
        }
    }

    @Test
    void theBranchJoinsTheViewsSubTopologyOnlyWhenEnabled() {
        Topology on = topology(Map.of(OcsfSettings.OCSF, "true"));
        Topology off = topology(Map.of());
        assertThat(nodes(off)).doesNotContain(OcsfTopology.SINK);
        assertThat(nodes(on)).contains(OcsfTopology.SINK);
        // No new sub-topology: task ids (and state directories) stay as they were.
        assertThat(on.describe().subtopologies()).hasSameSizeAs(off.describe().subtopologies());
    }

    private Topology topology(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put(DetectorConfig.STATE_DIR, stateDir.toString());
        DetectorConfig config = DetectorConfig.from(all);
        var detectors = Detectors.all(config);
        return DetectorTopology.build(config, detectors,
                DetectorMetrics.bindTo(new SimpleMeterRegistry(), Detectors.severities(detectors)));
    }

    private static List<String> nodes(Topology t) {
        return t.describe().subtopologies().stream().flatMap(s -> s.nodes().stream()).map(TopologyDescription.Node::name).toList();
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
