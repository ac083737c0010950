package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * {@code mfawatch_detector_ready} and {@code mfawatch_detector_healthy}: 1 or 0, what {@code /ready}
 * and {@code /health} answer. A scrape that fails ({@code up == 0}) says the process is gone; these
 * say the process is up but Kafka Streams is rebalancing, restoring or dead, so an alert can tell
 * the two apart.
 */
public final class ReadinessMetrics implements MeterBinder {

    public static final String READY = "mfawatch.detector.ready";
    public static final String HEALTHY = "mfawatch.detector.healthy";

    private final BooleanSupplier ready;
    private final BooleanSupplier healthy;

    public ReadinessMetrics(BooleanSupplier ready, BooleanSupplier healthy) {
        this.ready = Objects.requireNonNull(ready, "ready == null");
        this.healthy = Objects.requireNonNull(healthy, "healthy == null");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(READY, ready, r -> r.getAsBoolean() ? 1 : 0)
                .description("1 while Kafka Streams is RUNNING (what /ready reports), else 0").register(registry);
        Gauge.builder(HEALTHY, healthy, h -> h.getAsBoolean() ? 1 : 0)
                .description("0 once Kafka Streams is in ERROR or PENDING_ERROR (what /health reports), else 1")
                .register(registry);
    }
}
