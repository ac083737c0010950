package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The stream-time sweeps of the detector's stores (state expiry and follow-ups, suppression windows
 * closing, the usage ledger's publication): {@code mfawatch_state_sweep_seconds{store}}, how long each
 * sweep took, and {@code mfawatch_state_sweep_visited_total{store}}, the entries it read. Sweeps of
 * per-principal state read a due index, so visited entries follow what falls due, not the number of
 * principals held; the ledger's reads every ledger (at most one per register entry). The tag is the
 * swept store's name (three stores).
 */
public final class StateSweepMetrics implements MeterBinder {

    public static final String SECONDS = "mfawatch.state.sweep";
    public static final String VISITED = "mfawatch.state.sweep.visited";

    private record Meters(Timer timer, Counter visited) {
    }

    private final Map<String, Meters> byStore = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry == null");
        byStore.clear();
    }

    /** One sweep of {@code store}: its duration and the entries it read. */
    public void swept(String store, long nanos, long visited) {
        Meters m = meters(store);
        m.timer.record(nanos, TimeUnit.NANOSECONDS);
        m.visited.increment(visited);
    }

    /** Registers the series of {@code store} at zero (a store whose sweeps have not run yet is still listed). */
    public void register(String store) {
        meters(store);
    }

    private Meters meters(String store) {
        MeterRegistry r = registry;
        if (r == null) {
            throw new IllegalStateException(SECONDS + ": bindTo(registry) was not called");
        }
        return byStore.computeIfAbsent(store, s -> new Meters(
                Timer.builder(SECONDS).description("Time one stream-time sweep of a state store took").tag("store", s).register(r),
                Counter.builder(VISITED).description("Entries a stream-time sweep read").tag("store", s).register(r)));
    }
}
