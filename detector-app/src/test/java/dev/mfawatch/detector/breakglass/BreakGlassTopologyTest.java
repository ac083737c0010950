package dev.mfawatch.detector.breakglass;

import static dev.mfawatch.detector.breakglass.BreakGlassSignInDetectorTest.BG;
import static dev.mfawatch.detector.breakglass.BreakGlassSignInDetectorTest.BG_ENTRY;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.signin.MethodClass;
import org.junit.jupiter.api.Test;

/** BREAK_GLASS_SIGNIN through the topology (the rule itself: detections, BreakGlassSignInDetectorTest). */
class BreakGlassTopologyTest {

    @Test
    void throughTheTopology_theFollowUpIsAnAlertOfItsOwnADayLater(@org.junit.jupiter.api.io.TempDir java.nio.file.Path stateDir) {
        try (var p = new dev.mfawatch.detector.fixtures.Pipeline(stateDir, java.util.Map.of())) {
            p.publish(BG_ENTRY);
            p.pipe(signIn("bg-1").principal(BG).at("2026-11-23T09:00:00Z").build());
            // Someone else's sign-in the next day moves stream time past the due time plus the 15 min grace.
            p.pipe(signIn("other").principal("bob@example.com").at("2026-11-24T09:16:00Z")
                    .withMfa(MethodClass.PUSH, "push").build());
            var out = p.alerts.readValuesToList();
            assertThat(out).extracting(a -> a.rule(), a -> a.severity(), a -> a.eventTime().toString(), a -> a.details().get("trigger"))
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("BREAK_GLASS_SIGNIN", Severity.CRITICAL, "2026-11-23T09:00:00Z", null),
                            org.assertj.core.groups.Tuple.tuple("BREAK_GLASS_SIGNIN", Severity.HIGH, "2026-11-24T09:00:00Z",
                                    "ROTATION_OVERDUE"));
            assertThat(p.alerts.isEmpty()).isTrue();
        }
    }
}
