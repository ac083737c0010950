package dev.mfawatch.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token bucket on a simulated clock: waiting advances the clock by exactly what was asked. */
class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    /** A clock that only moves when the limiter parks. */
    private static final class FakeTime {
        long now;
        final List<Long> parks = new ArrayList<>();

        RateLimiter limiter(double rate) {
            return RateLimiter.of(rate, () -> now, nanos -> {
                parks.add(nanos);
                now += nanos;
            });
        }
    }

    @Test
    void hundredRecordsAtFiftyPerSecondTakeAboutTwoSeconds() throws InterruptedException {
        FakeTime time = new FakeTime();
        RateLimiter limiter = time.limiter(50);
        for (int i = 0; i < 100; i++) {
            limiter.acquire();
        }
        // One token is there at the start; the other 99 come at 50/s.
        assertThat(time.now).isBetween(99 * SECOND / 50 - 1000, 99 * SECOND / 50 + 1000);
        // It parks once per missing token, never spins: no more waits than records.
        assertThat(time.parks).hasSizeLessThanOrEqualTo(99).allMatch(n -> n > 0);
    }

    @Test
    void anIdlePauseAllowsAtMostATenthOfASecondsBurst() throws InterruptedException {
        FakeTime time = new FakeTime();
        RateLimiter limiter = time.limiter(1000);
        time.now += 60 * SECOND; // a minute without records
        for (int i = 0; i < 100; i++) {
            limiter.acquire();
        }
        assertThat(time.parks).as("100 tokens banked (0.1 s at 1000/s)").isEmpty();
        limiter.acquire();
        assertThat(time.parks).hasSize(1);
        assertThat(time.parks.get(0)).isEqualTo(SECOND / 1000);
    }

    @Test
    void rateZeroIsUnlimitedAndNeverWaits() throws InterruptedException {
        FakeTime time = new FakeTime();
        RateLimiter limiter = time.limiter(0);
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire();
        }
        assertThat(limiter.unlimited()).isTrue();
        assertThat(time.parks).isEmpty();
        assertThat(time.now).isZero();
    }

    @Test
    void fractionalRatesWork() throws InterruptedException {
        FakeTime time = new FakeTime();
        RateLimiter limiter = time.limiter(0.5);
        limiter.acquire();
        limiter.acquire();
        assertThat(time.now).isEqualTo(2 * SECOND);
    }

    @Test
    void anInterruptedWaitEndsWithInterruptedException() {
        RateLimiter limiter = RateLimiter.of(1, () -> 0L, nanos -> Thread.currentThread().interrupt());
        assertThatThrownBy(() -> {
            limiter.acquire();
            limiter.acquire();
        }).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void negativeRatesAreRefused() {
        assertThatThrownBy(() -> RateLimiter.perSecond(-1)).hasMessageContaining("--rate");
    }
}
