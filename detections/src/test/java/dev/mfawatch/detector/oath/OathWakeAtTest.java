package dev.mfawatch.detector.oath;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.RuleDefaults;
import dev.mfawatch.detector.fixtures.WakeAt;
import dev.mfawatch.detector.oath.OathSignals.Signal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When time alone next changes a principal's OATH signals: the oldest one leaving {@code oathWindow} (1 h). */
class OathWakeAtTest {

    private final OathDesyncDetector detector = new OathDesyncDetector(RuleDefaults.DEFAULTS);

    private static Signal at(String time) {
        return new Signal(Instant.parse(time).getEpochSecond(), 1, 2, (byte) 0);
    }

    @Test
    void theOldestSignalLeavesTheWindowAfterOneHour() {
        OathSignals s = new OathSignals(List.of(at("2026-11-23T09:00:00Z"), at("2026-11-23T09:20:00Z")));
        WakeAt.isExactly(detector, s, Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(detector.expire(s, Instant.parse("2026-11-23T10:00:00Z")).signals()).hasSize(1);
    }

    @Test
    void expireReturnsTheSameInstanceWhenNothingAgedOut() {
        OathSignals s = new OathSignals(List.of(at("2026-11-23T09:00:00Z")));
        assertThat(detector.expire(s, Instant.parse("2026-11-23T09:30:00Z"))).isSameAs(s);
    }
}
