package dev.mfawatch.cli.replay;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code rate} tokens per second, at most {@code burst} held. {@link #acquire()}
 * takes one token, parking the thread once for exactly as long as the next token needs (no
 * spinning). A rate of 0 means unlimited.
 */
public final class RateLimiter {

    /** Parks the calling thread for about {@code nanos}; returns early when interrupted. */
    public interface Sleeper {
        void park(long nanos);
    }

    private static final long SECOND = 1_000_000_000L;

    private final double rate;
    private final double burst;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    private RateLimiter(double rate, LongSupplier clock, Sleeper sleeper) {
        this.rate = rate;
        // A tenth of a second's worth at most: a steady feed, not a once-a-second burst.
        this.burst = Math.max(1, rate / 10);
        this.clock = clock;
        this.sleeper = sleeper;
        this.tokens = 1;
        this.last = clock.getAsLong();
    }

    /** {@code rate} records per second; 0 for unlimited. */
    public static RateLimiter perSecond(double rate) {
        return of(rate, System::nanoTime, LockSupport::parkNanos);
    }

    /** For tests: a given clock (nanoseconds) and a given way to wait. */
    static RateLimiter of(double rate, LongSupplier clock, Sleeper sleeper) {
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate: must be 0 (unlimited) or a positive number, got " + rate);
        }
        return new RateLimiter(rate, clock, sleeper);
    }

    public boolean unlimited() {
        return rate == 0;
    }

    /** Takes one token, waiting until one is available. */
    public void acquire() throws InterruptedException {
        if (unlimited()) {
            return;
        }
        while (true) {
            refill();
            if (tokens >= 1) {
                tokens -= 1;
                return;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            sleeper.park((long) Math.ceil((1 - tokens) * SECOND / rate));
        }
    }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * rate / SECOND);
        last = now;
    }
}
