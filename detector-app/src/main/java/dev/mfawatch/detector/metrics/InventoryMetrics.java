package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code mfawatch_inventory_invalid_total}: {@code directory.principals} values that are not a valid
 * {@code Principal} (read as "unknown" for that principal instead of stopping the app).
 */
public final class InventoryMetrics implements MeterBinder {

    public static final String INVALID = "mfawatch.inventory.invalid";

    private volatile Counter invalid;

    @Override
    public void bindTo(MeterRegistry registry) {
        invalid = Counter.builder(INVALID).description("Inventory records that are not a valid Principal").register(registry);
    }

    public void invalid() {
        Counter c = invalid;
        if (c != null) {
            c.increment();
        }
    }
}
