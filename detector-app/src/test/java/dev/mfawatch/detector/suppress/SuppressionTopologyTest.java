package dev.mfawatch.detector.suppress;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.DetectionSettings;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Suppression with the default one-hour window, through the whole topology. */
class SuppressionTopologyTest {

    private static final String ALICE = "alice@example.com";

    @TempDir
    Path stateDir;

    @Test
    void aBurstBecomesOneAlertSentAtOnce_thenOneUpdateWithTheCountWhenTheWindowCloses() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            // Five MFA-less sign-ins in 40 minutes: one alert now, one update when the hour is over.
            for (int i = 0; i < 5; i++) {
                p.pipe(signIn("evt-" + i).at(Instant.parse("2026-11-23T09:00:00Z").plusSeconds(600L * i).toString()).build());
            }
            String id = SuppressionProcessor.alertId("MFA_NOT_SATISFIED", ALICE, Instant.parse("2026-11-23T09:00:00Z"));
            Alert first = p.alerts.readValue();
            assertThat(first.alertId()).isEqualTo(id);
            assertThat(first.count()).isEqualTo(1);
            assertThat(first.evidence()).containsExactly("evt-0");
            assertThat(first.detectedAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
            assertThat(p.alerts.isEmpty()).isTrue();

            // Another principal's sign-in moves stream time past 10:15 (the window's end plus the 15 min
            // grace): the update goes out.
            p.pipe(signIn("evt-bob").principal("bob@example.com").at("2026-11-23T10:15:30Z")
                    .withMfa(dev.mfawatch.model.signin.MethodClass.PUSH, "push").build());
            Alert update = p.alerts.readValue();
            assertThat(update.alertId()).isEqualTo(id);
            assertThat(update.count()).isEqualTo(5);
            assertThat(update.firstSeen()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
            assertThat(update.lastSeen()).isEqualTo(Instant.parse("2026-11-23T09:40:00Z"));
            assertThat(update.evidence()).containsExactly("evt-0", "evt-1", "evt-2", "evt-3", "evt-4");
            assertThat(update.detectedAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
            assertThat(p.alerts.isEmpty()).isTrue();

            // After the window a firing opens a new window with a new id.
            p.pipe(signIn("evt-5").at("2026-11-23T10:20:00Z").build());
            assertThat(p.alerts.readValue().alertId())
                    .isEqualTo(SuppressionProcessor.alertId("MFA_NOT_SATISFIED", ALICE, Instant.parse("2026-11-23T10:20:00Z")));
            assertThat(p.alerts.isEmpty()).isTrue();

            assertThat(p.count("mfawatch.alerts", "rule", "MFA_NOT_SATISFIED")).isEqualTo(2.0);
            assertThat(p.count("mfawatch.alerts.suppressed", "rule", "MFA_NOT_SATISFIED")).isEqualTo(4.0);
            assertThat(p.count("mfawatch.alert.updates", "rule", "MFA_NOT_SATISFIED")).isEqualTo(1.0);
        }
    }

    @Test
    void aReplayedEventNeverDuplicates_andASingleFiringSendsNoUpdate() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            var e = signIn("evt-7").at("2026-11-23T09:00:00Z").build();
            p.pipe(e).pipe(e);
            p.pipe(signIn("evt-bob").principal("bob@example.com").at("2026-11-23T11:00:00Z")
                    .withMfa(dev.mfawatch.model.signin.MethodClass.PUSH, "push").build());
            List<Alert> out = p.alerts.readValuesToList();
            assertThat(out).extracting(Alert::alertId, Alert::count).containsExactly(org.assertj.core.groups.Tuple.tuple(
                    SuppressionProcessor.alertId("MFA_NOT_SATISFIED", ALICE, Instant.parse("2026-11-23T09:00:00Z")), 1));
            assertThat(p.alerts.isEmpty()).isTrue();
        }
    }

    @Test
    void rulesAndPrincipalsHaveSeparateWindows_severityOfTheUpdateIsTheHighest() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            p.pipe(signIn("a1").at("2026-11-23T09:00:00Z").build());
            p.pipe(signIn("b1").principal("bob@example.com").at("2026-11-23T09:01:00Z").build());
            assertThat(p.alerts.readValuesToList()).extracting(Alert::principal).containsExactly(ALICE, "bob@example.com");
            assertThat(p.alerts.isEmpty()).isTrue();
        }
    }

    @Test
    void aZeroWindowTurnsSuppressionOff_oneAlertPerFiringWithThePerEventId() {
        try (Pipeline p = new Pipeline(stateDir, Map.of(DetectionSettings.SUPPRESSION_WINDOW, "0s"))) {
            p.pipe(signIn("evt-1").at("2026-11-23T09:00:00Z").build());
            p.pipe(signIn("evt-2").at("2026-11-23T09:01:00Z").build());
            assertThat(p.alerts.readValuesToList()).extracting(Alert::alertId, Alert::severity).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(dev.mfawatch.detector.alerting.AlertFactory.alertId("MFA_NOT_SATISFIED", ALICE, "evt-1"), Severity.HIGH),
                    org.assertj.core.groups.Tuple.tuple(dev.mfawatch.detector.alerting.AlertFactory.alertId("MFA_NOT_SATISFIED", ALICE, "evt-2"), Severity.HIGH));
            assertThat(p.alerts.isEmpty()).isTrue();
        }
    }
}
