package dev.mfawatch.detector.resets;

import static dev.mfawatch.detector.resets.MfaResetAbuseDetectorTest.ALICE;
import static dev.mfawatch.detector.resets.MfaResetAbuseDetectorTest.CHROME_120;
import static dev.mfawatch.detector.resets.MfaResetAbuseDetectorTest.HELPDESK;
import static dev.mfawatch.detector.resets.MfaResetAbuseDetectorTest.LINUX_FIREFOX;
import static dev.mfawatch.detector.resets.MfaResetAbuseDetectorTest.oktaResetAll;
import static dev.mfawatch.detector.resets.MfaResetAbuseDetectorTest.signInFrom;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.DetectorTopology;
import dev.mfawatch.detector.actors.ActorDetectionProcessor;
import dev.mfawatch.detector.actors.ActorTopology;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MfaResetAbuseTopologyTest {

    @TempDir
    Path stateDir;

    private static List<KeyValue<String, Alert>> resetAlerts(Pipeline p) {
        return p.alerts.readKeyValuesToList().stream().filter(kv -> kv.value.rule().equals(MfaResetAbuseDetector.ID)).toList();
    }

    @Test
    void theBurstTakesTheNamedRepartitionTopic_andIsKeyedByTheActor() {
        DetectorConfig config = DetectorConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "unused:9092",
                DetectorConfig.STATE_DIR, stateDir.resolve("describe").toString()));
        var detectors = Detectors.all(config);
        String description = DetectorTopology.build(config, detectors,
                DetectorMetrics.bindTo(new SimpleMeterRegistry(), Detectors.severities(detectors))).describe().toString();
        assertThat(description).contains(ActorTopology.REPARTITION + "-repartition", ActorTopology.DETECT,
                ActorDetectionProcessor.STORE, ActorTopology.ALERTS_SINK);

        try (Pipeline p = new Pipeline(stateDir, Map.of(ResetSettings.EXEMPT_ACTORS, "svc-onboarding@example.com"))) {
            for (int i = 1; i <= 5; i++) {
                p.pipe(new DirectoryChange("onb-" + i, "okta", Instant.parse("2026-11-17T08:0" + i + ":00Z"),
                        new Actor("svc-onboarding@example.com", "APP"), ChangeOperation.PASSWORD_RESET,
                        List.of("n" + i + "@example.com"), null, null, Map.of("performedBy", "APP"), null));
            }
            for (int i = 1; i <= 5; i++) {
                p.pipe(oktaResetAll("b" + i, "2026-11-17T09:" + (10 * i) + ":00Z", HELPDESK, "u" + i + "@example.com"));
            }
            List<KeyValue<String, Alert>> alerts = resetAlerts(p);
            List<KeyValue<String, Alert>> bursts = alerts.stream()
                    .filter(kv -> "RESET_BURST".equals(kv.value.details().get("trigger"))).toList();
            assertThat(bursts).singleElement().satisfies(kv -> {
                assertThat(kv.key).isEqualTo(HELPDESK);
                assertThat(kv.value.principal()).isEqualTo(HELPDESK);
                assertThat(kv.value.details()).containsEntry("principals", "5")
                        .containsEntry("targets", "u1@example.com,u2@example.com,u3@example.com,u4@example.com,u5@example.com");
            });
        }
    }

    @Test
    void aTakeoverChainRunsLive_besideFactorSwap() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            for (int day = 10; day <= 16; day++) {
                p.pipe(signInFrom("usual-" + day, "2026-11-" + day + "T08:30:00Z", ALICE, "198.51.100.20", "DE", "laptop-1", CHROME_120));
            }
            p.pipe(oktaResetAll("r1", "2026-11-17T09:00:00Z", HELPDESK, ALICE));
            p.pipe(signInFrom("s1", "2026-11-17T10:00:00Z", ALICE, "203.0.113.9", "BR", "pc-unknown", LINUX_FIREFOX));
            List<Alert> all = p.alerts.readValuesToList();
            assertThat(all).filteredOn(a -> a.rule().equals("FACTOR_SWAP")).isNotEmpty();
            assertThat(all).filteredOn(a -> a.rule().equals(MfaResetAbuseDetector.ID)).singleElement().satisfies(a -> {
                assertThat(a.principal()).isEqualTo(ALICE);
                assertThat(a.details()).containsEntry("trigger", "TAKEOVER_CHAIN").containsEntry("resetBy", HELPDESK);
            });
        }
    }
}
