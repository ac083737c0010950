package dev.mfawatch.detector.fatigue;

import static dev.mfawatch.detector.fatigue.MfaFatigueDetectorTest.entraPush;
import static dev.mfawatch.detector.fatigue.MfaFatigueDetectorTest.oktaDenied;
import static dev.mfawatch.detector.fatigue.MfaFatigueDetectorTest.oktaPushSent;
import static dev.mfawatch.detector.fatigue.MfaFatigueDetectorTest.pushApproved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.mfawatch.detector.DetectionSettings;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.signin.MfaResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MFA_FATIGUE through the whole detector topology, with its thresholds from the environment. */
class MfaFatigueTopologyTest {

    private static final String PAULA = "paula@contoso.example";

    @TempDir
    Path stateDir;

    @Test
    void oktaBurstThenApproval_raisesTheBurstAndTheGaveInFollowUp() {
        try (Pipeline p = new Pipeline(stateDir, Map.of(DetectionSettings.SUPPRESSION_WINDOW, "0s"))) {
            for (int i = 0; i < 5; i++) {
                p.pipe(oktaPushSent("s" + i, "2026-11-23T14:0%d:00Z".formatted(i), PAULA));
                p.pipe(oktaDenied("d" + i, "2026-11-23T14:0%d:20Z".formatted(i), PAULA));
            }
            p.pipe(pushApproved("ok", "okta", "2026-11-23T14:06:00Z", PAULA));
            List<Alert> out = p.alerts.readValuesToList().stream().filter(a -> a.rule().equals(MfaFatigueDetector.ID)).toList();
            assertThat(out).extracting(Alert::severity, a -> a.details().get("trigger"), a -> a.eventTime().toString())
                    .containsExactly(
                            tuple(Severity.MEDIUM, "BURST", "2026-11-23T14:04:00Z"),
                            tuple(Severity.MEDIUM, "BURST", "2026-11-23T14:04:20Z"),
                            tuple(Severity.HIGH, "GAVE_IN", "2026-11-23T14:06:00Z"));
            assertThat(out.get(0).attack()).containsExactly("T1621");
        }
    }

    @Test
    void thresholdAndWindowComeFromTheEnvironment() {
        try (Pipeline p = new Pipeline(stateDir, Map.of(DetectionSettings.FATIGUE_THRESHOLD, "3",
                DetectionSettings.FATIGUE_WINDOW, "2m"))) {
            p.pipe(entraPush("e1", "2026-11-23T14:00:00Z", PAULA, MfaResult.DENIED));
            p.pipe(entraPush("e2", "2026-11-23T14:01:30Z", PAULA, MfaResult.TIMEOUT));
            p.pipe(entraPush("e3", "2026-11-23T14:03:00Z", PAULA, MfaResult.DENIED)); // the first left the 2 min window
            assertThat(p.alerts.readValuesToList()).noneMatch(a -> a.rule().equals(MfaFatigueDetector.ID));
            p.pipe(entraPush("e4", "2026-11-23T14:03:20Z", PAULA, MfaResult.DENIED));
            assertThat(p.alerts.readValuesToList()).filteredOn(a -> a.rule().equals(MfaFatigueDetector.ID))
                    .extracting(Alert::severity).containsExactly(Severity.MEDIUM);
        }
    }
}
