package dev.mfawatch.detector.breakglass;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.WakeAt;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An unrotated break-glass use changes on its own only when its rotation follow-up falls due. */
class BreakGlassWakeAtTest {

    @Test
    void theFollowUpFallsDueAtUsePlusRotationDue() {
        BreakGlassSignInDetector detector = new BreakGlassSignInDetector(Duration.ofHours(24));
        BreakGlassSignInDetector.Use use = new BreakGlassSignInDetector.Use(Instant.parse("2026-11-23T09:00:00.500Z").toEpochMilli());
        WakeAt.isExactly(detector, use, Instant.parse("2026-11-24T09:00:00.500Z"));
        assertThat(detector.due("p", use, Instant.parse("2026-11-24T09:00:00.500Z")).orElseThrow().at())
                .isEqualTo(Instant.parse("2026-11-24T09:00:00.500Z"));
    }
}
