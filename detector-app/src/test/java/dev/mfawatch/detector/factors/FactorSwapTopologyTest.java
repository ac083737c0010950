package dev.mfawatch.detector.factors;

import static dev.mfawatch.detector.factors.FactorSwapDetectorTest.ALICE;
import static dev.mfawatch.detector.factors.FactorSwapDetectorTest.change;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.detector.suppress.SuppressionProcessor;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.signin.MethodClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FACTOR_SWAP through the topology (the rule itself: detections, FactorSwapDetectorTest). */
class FactorSwapTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void throughTheTopology_theChangeAndTheSignInBecomeOneAlertRaisedToHigh() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            p.pipe(signIn("s1").at("2026-11-20T08:00:00Z").withMfa(MethodClass.PHISHING_RESISTANT, "FIDO2 security key").build());
            p.pipe(change("c1", "2026-11-23T09:00:00Z", ChangeOperation.FACTOR_RESET, null, null));
            p.pipe(signIn("s2").at("2026-11-23T09:20:00Z").withMfa(MethodClass.SMS_VOICE, "sms").build());
            p.changes.pipeInput(ALICE, "not json".getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-23T09:30:00Z"));
            // Stream time passes 10:15 (10:00 plus the grace): the window opened by the change closes.
            p.pipe(signIn("s3").principal("bob@example.com").at("2026-11-23T10:16:00Z").withMfa(MethodClass.PUSH, "push").build());

            List<Alert> out = p.alerts.readValuesToList();
            String id = SuppressionProcessor.alertId("FACTOR_SWAP", ALICE, Instant.parse("2026-11-23T09:00:00Z"));
            // The reset is also an MFA-weakening change that no register entry approves.
            String unapproved = dev.mfawatch.detector.alerting.AlertFactory.alertId("UNAPPROVED_EXCLUSION_CHANGE", ALICE, "c1");
            assertThat(out).extracting(Alert::alertId, Alert::severity, Alert::count).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(id, Severity.MEDIUM, 1),
                    org.assertj.core.groups.Tuple.tuple(unapproved, Severity.HIGH, 1),
                    org.assertj.core.groups.Tuple.tuple(id, Severity.HIGH, 2));
            assertThat(out.get(2).evidence()).containsExactly("c1", "s2");
            assertThat(p.alerts.isEmpty()).isTrue();
            assertThat(p.count("mfawatch.dead.letters", "source", "directory.changes", "reason", "invalid_json")).isEqualTo(1.0);
        }
    }
}
