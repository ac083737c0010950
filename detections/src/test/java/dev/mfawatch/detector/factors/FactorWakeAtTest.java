package dev.mfawatch.detector.factors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.factors.FactorHistory.Change;
import dev.mfawatch.detector.factors.FactorHistory.Method;
import dev.mfawatch.detector.fixtures.RuleDefaults;
import dev.mfawatch.detector.fixtures.WakeAt;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When time alone next changes a factor history: a method unused for more than {@code factorHistoryAge}
 * (30 days) or the ticketless change leaving {@code factorSwapWindow} (24 h), in whole seconds.
 */
class FactorWakeAtTest {

    private final FactorSwapDetector detector = new FactorSwapDetector(RuleDefaults.DEFAULTS);

    private static long s(String time) {
        return Instant.parse(time).getEpochSecond();
    }

    @Test
    void theChangeLeavesItsWindowFirst() {
        FactorHistory h = new FactorHistory(List.of(new Method(7, (byte) 1, s("2026-11-20T00:00:00Z"))),
                new Change(s("2026-11-23T09:00:00Z"), (byte) 0, (byte) 1));
        WakeAt.isExactly(detector, h, Instant.parse("2026-11-24T09:00:01Z"));
        assertThat(detector.expire(h, Instant.parse("2026-11-24T09:00:01Z")).change()).isNull();
    }

    @Test
    void withoutAChangeTheLeastRecentlyUsedMethodAgesOut() {
        FactorHistory h = new FactorHistory(List.of(new Method(7, (byte) 1, s("2026-11-01T00:00:00Z")),
                new Method(8, (byte) 2, s("2026-11-20T00:00:00Z"))), null);
        WakeAt.isExactly(detector, h, Instant.parse("2026-12-01T00:00:01Z"));
        assertThat(detector.expire(h, Instant.parse("2026-12-01T00:00:01Z")).methods()).extracting(Method::nameHash).containsExactly(8);
    }

    @Test
    void expireReturnsTheSameInstanceWhenNothingAgedOut() {
        FactorHistory h = new FactorHistory(List.of(new Method(7, (byte) 1, s("2026-11-20T00:00:00Z"))), null);
        assertThat(detector.expire(h, Instant.parse("2026-11-21T00:00:00Z"))).isSameAs(h);
    }
}
