package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One counter name with a fixed list of tag keys, its series cached by tag values so the hot path
 * does one map lookup instead of building a Micrometer id per event.
 */
final class Counters {

    private final String name;
    private final String description;
    private final List<String> tagKeys;
    private final Map<List<String>, Counter> series = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    Counters(String name, String description, String... tagKeys) {
        this.name = name;
        this.description = description;
        this.tagKeys = List.of(tagKeys);
    }

    void bindTo(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry == null");
        series.clear();
    }

    Counter get(String... tagValues) {
        MeterRegistry r = registry;
        if (r == null) {
            throw new IllegalStateException(name + ": bindTo(registry) was not called");
        }
        if (tagValues.length != tagKeys.size()) {
            throw new IllegalArgumentException(name + ": expected tags " + tagKeys);
        }
        return series.computeIfAbsent(List.of(tagValues), values -> {
            Counter.Builder b = Counter.builder(name).description(description);
            for (int i = 0; i < tagKeys.size(); i++) {
                b.tag(tagKeys.get(i), values.get(i));
            }
            return b.register(r);
        });
    }
}
