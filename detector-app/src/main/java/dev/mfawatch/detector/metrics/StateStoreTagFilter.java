package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.List;

/**
 * Kafka Streams tags its state-store metrics by store type ({@code in-memory-state-id},
 * {@code rocksdb-state-id}, …) under one metric name; Prometheus refuses a second set of tag keys
 * for a name, so whichever store type registered second lost its metrics. This filter gives every
 * such tag the one key {@code state.id} (the value is the store's name either way).
 */
public final class StateStoreTagFilter implements MeterFilter {

    static final String PREFIX = "kafka.stream.state";
    static final String KEY = "state.id";

    @Override
    public Meter.Id map(Meter.Id id) {
        if (!id.getName().startsWith(PREFIX)) {
            return id;
        }
        List<Tag> tags = id.getTags().stream()
                .map(t -> t.getKey().replace('-', '.').endsWith(KEY) ? Tag.of(KEY, t.getValue()) : t)
                .toList();
        return id.replaceTags(tags);
    }
}
