package dev.mfawatch.detector.travel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.RuleDefaults;
import dev.mfawatch.detector.fixtures.WakeAt;
import dev.mfawatch.detector.travel.TravelHistory.Anchor;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When time alone next changes a travel history: its oldest anchor ageing out of {@code travelMaxAge} (24 h). */
class TravelWakeAtTest {

    private final ImpossibleTravelDetector detector = new ImpossibleTravelDetector(RuleDefaults.DEFAULTS);

    private static Anchor at(String time) {
        return new Anchor(Instant.parse(time).toEpochMilli(), 51.5f, -0.12f, 10, "GB");
    }

    @Test
    void theOldestAnchorAgesOutOneMillisecondAfter24Hours() {
        TravelHistory h = new TravelHistory(List.of(at("2026-11-23T08:00:00Z"), at("2026-11-23T10:00:00Z")));
        WakeAt.isExactly(detector, h, Instant.parse("2026-11-24T08:00:00.001Z"));
        assertThat(detector.expire(h, Instant.parse("2026-11-24T08:00:00.001Z")).anchors()).hasSize(1);
    }

    @Test
    void aSingleAnchorLeavesNothingAtItsWakeTime() {
        TravelHistory h = new TravelHistory(List.of(at("2026-11-23T08:00:00.250Z")));
        WakeAt.isExactly(detector, h, Instant.parse("2026-11-24T08:00:00.251Z"));
        assertThat(detector.expire(h, Instant.parse("2026-11-24T08:00:00.251Z"))).isNull();
    }

    @Test
    void expireReturnsTheSameInstanceWhenNothingAgedOut() {
        TravelHistory h = new TravelHistory(List.of(at("2026-11-23T08:00:00Z")));
        assertThat(detector.expire(h, Instant.parse("2026-11-23T20:00:00Z"))).isSameAs(h);
    }
}
