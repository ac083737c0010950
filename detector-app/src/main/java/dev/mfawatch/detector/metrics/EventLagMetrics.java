package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code mfawatch_event_lag_seconds} (histogram): wall-clock time when the detector judged a sign-in
 * minus the sign-in's event time, i.e. the end-to-end delay from the identity provider through the
 * normalizer and Kafka to detection. Buckets are the delays a SOC cares about ({@link #BUCKETS}):
 * sub-second is the goal, a minute means a backlog, an hour means a replay or a stalled source.
 * An event time in the future (clock skew at the provider) counts as zero delay; it is not an error.
 * No tags: the delay is a property of the pipeline, and the source is already on the sign-in counters.
 */
public final class EventLagMetrics implements MeterBinder {

    public static final String EVENT_LAG = "mfawatch.event.lag";
    /** Histogram bucket upper bounds (Prometheus {@code le}), in addition to {@code +Inf}. */
    public static final Duration[] BUCKETS = {
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)};

    private final Clock clock;
    private volatile Timer lag;

    public EventLagMetrics(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock == null");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        lag = Timer.builder(EVENT_LAG)
                .description("Wall-clock time at detection minus the sign-in's event time")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** Records the delay of an event whose time is {@code eventTime}, measured now. */
    public void observe(Instant eventTime) {
        Timer t = lag;
        if (t == null) {
            throw new IllegalStateException(EVENT_LAG + ": bindTo(registry) was not called");
        }
        Duration d = Duration.between(eventTime, clock.instant());
        t.record(d.isNegative() ? Duration.ZERO : d);
    }
}
