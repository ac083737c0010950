package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' own metrics ({@code kafka_stream_*}, {@code kafka_consumer_*}, {@code kafka_producer_*},
 * …) as Micrometer meters, named as Micrometer's {@code KafkaStreamsMetrics} names them
 * ({@code kafka.} + group without {@code -metrics} + name, dashes turned into dots, plus a
 * {@code kafka.version} tag), looking for new and removed Kafka metrics every {@link #REFRESH}: task-level
 * metrics only exist once tasks are assigned, and a dashboard should show them soon after a start or a
 * rebalance.
 *
 * <p>Why not Micrometer's binder: Kafka Streams tags a state store's metrics by store type
 * ({@code in-memory-state-id}, {@code rocksdb-state-id}, {@code rocksdb-window-state-id}, …) under one
 * metric name, and Prometheus accepts a single set of tag keys per name, so this application's mix of
 * in-memory stores (the register, on the global thread) and RocksDB stores (the stateful rules, on the
 * stream threads) needs those tags renamed to one key, {@code state.id}. Renaming with a
 * {@code MeterFilter} defeats Micrometer's binder, which decides whether a Kafka metric is already bound
 * by comparing the registry's (renamed) meters with the metric's own tags: every refresh after a change
 * in Kafka's metric set registered the state-store meters again (Micrometer's "This Gauge has been
 * already registered" WARN) and never removed a gone store's meters. Here the tags are renamed before
 * anything is registered, and the binder remembers which Kafka metric each meter stands for.
 *
 * <p>Prometheus also needs one set of tag keys per name where Kafka reports a metric at two levels under
 * one name (e.g. the consumer's {@code records-lag-max} per client and per partition): the finer level,
 * the one with more tags, is exported, as Micrometer's binder does.
 */
public final class StreamsMeters implements MeterBinder, AutoCloseable {

    public static final Duration REFRESH = Duration.ofSeconds(10);

    static final String STATE_ID = "state.id";
    static final String KAFKA_VERSION = "kafka.version";
    private static final Set<String> METADATA_GROUPS = Set.of("app-info", "kafka-metrics-count");
    private static final Logger LOG = LoggerFactory.getLogger(StreamsMeters.class);

    private final Supplier<? extends Map<MetricName, ? extends Metric>> source;
    private final ScheduledExecutorService scheduler;
    /** The latest metrics read; meters look their value up here, so a gone metric reads NaN. */
    private final AtomicReference<Map<MetricName, ? extends Metric>> latest = new AtomicReference<>(Map.of());
    private final Map<MetricName, Bound> bound = new HashMap<>();
    private final Set<MetricName> refused = new HashSet<>();
    private MeterRegistry registry;

    /** Kafka Streams' metrics, refreshed every {@link #REFRESH} on a thread of its own. */
    public StreamsMeters(KafkaStreams streams) {
        this(streams::metrics, newScheduler());
    }

    /** Metrics read from {@code source}; refreshed only by {@link #refresh()}. */
    StreamsMeters(Supplier<? extends Map<MetricName, ? extends Metric>> source) {
        this(source, null);
    }

    private StreamsMeters(Supplier<? extends Map<MetricName, ? extends Metric>> source, ScheduledExecutorService scheduler) {
        this.source = Objects.requireNonNull(source, "source == null");
        this.scheduler = scheduler;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (this.registry != null) {
            throw new IllegalStateException("already bound");
        }
        this.registry = registry;
        refresh();
        if (scheduler != null) {
            scheduler.scheduleWithFixedDelay(this::refreshQuietly, REFRESH.toMillis(), REFRESH.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Binds Kafka metrics that appeared since the last refresh and removes the meters of those gone. */
    synchronized void refresh() {
        Map<MetricName, ? extends Metric> current = source.get();
        latest.set(current);
        Map<MetricName, Meter.Id> wanted = exported(current);
        for (Iterator<Map.Entry<MetricName, Bound>> it = bound.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<MetricName, Bound> e = it.next();
            if (!e.getValue().id().equals(wanted.get(e.getKey()))) {
                registry.remove(e.getValue().meter());
                it.remove();
            }
        }
        wanted.forEach((name, id) -> {
            if (!bound.containsKey(name)) {
                try {
                    bound.put(name, new Bound(id, register(name, id)));
                } catch (RuntimeException e) {
                    // A registry may refuse a meter (e.g. a clash with another binder's): the others still count.
                    if (refused.add(name)) {
                        LOG.warn("Kafka metric {} not exported as {}: {}", name, id.getName(), e.getMessage());
                    }
                }
            }
        });
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("could not refresh the Kafka Streams meters; retrying in {}", REFRESH, e);
        }
    }

    /** The meter each exported Kafka metric gets: one set of tag keys per name, one Kafka metric per meter. */
    static Map<MetricName, Meter.Id> exported(Map<MetricName, ? extends Metric> metrics) {
        String version = kafkaVersion(metrics);
        Map<String, List<Map.Entry<MetricName, Meter.Id>>> byName = new HashMap<>();
        metrics.entrySet().stream()
                .filter(e -> !METADATA_GROUPS.contains(e.getKey().group()))
                .filter(e -> e.getValue().metricValue() instanceof Number)
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(MetricName::toString)))
                .forEach(e -> {
                    Meter.Id id = id(e.getKey(), e.getValue(), version);
                    byName.computeIfAbsent(id.getName(), n -> new ArrayList<>()).add(Map.entry(e.getKey(), id));
                });
        Map<MetricName, Meter.Id> exported = new LinkedHashMap<>();
        for (List<Map.Entry<MetricName, Meter.Id>> sameName : byName.values()) {
            Set<String> keys = sameName.stream().map(e -> keys(e.getValue()))
                    .max(Comparator.<Set<String>>comparingInt(Set::size).thenComparing(Object::toString))
                    .orElseThrow();
            Set<Meter.Id> taken = new HashSet<>();
            for (Map.Entry<MetricName, Meter.Id> e : sameName) {
                if (keys(e.getValue()).equals(keys) && taken.add(e.getValue())) {
                    exported.put(e.getKey(), e.getValue());
                }
            }
        }
        return exported;
    }

    static Meter.Id id(MetricName metric, Metric value, String kafkaVersion) {
        String name = ("kafka." + metric.group() + "." + metric.name()).replace("-metrics", "").replace('-', '.');
        List<Tag> tags = new ArrayList<>();
        metric.tags().forEach((k, v) -> tags.add(Tag.of(tagKey(k), v)));
        tags.add(Tag.of(KAFKA_VERSION, kafkaVersion));
        Meter.Type type = isCounter(name, value) ? Meter.Type.COUNTER : Meter.Type.GAUGE;
        return new Meter.Id(name, Tags.of(tags), null, metric.description(), type);
    }

    /** {@code in-memory-state-id}, {@code rocksdb-window-state-id}, … → {@code state.id}; dashes → dots. */
    static String tagKey(String kafkaKey) {
        return kafkaKey.endsWith("-state-id") ? STATE_ID : kafkaKey.replace('-', '.');
    }

    private static Set<String> keys(Meter.Id id) {
        Set<String> keys = new TreeSet<>();
        id.getTags().forEach(t -> keys.add(t.getKey()));
        return keys;
    }

    /** Cumulative sums and counts are counters whatever their name; otherwise a name ending in total is. */
    private static boolean isCounter(String name, Metric metric) {
        if (metric instanceof KafkaMetric k) {
            try {
                return k.measurable() instanceof CumulativeSum || k.measurable() instanceof CumulativeCount;
            } catch (IllegalStateException notMeasurable) {
                // a gauge-backed metric: decided by its name below
            }
        }
        return name.endsWith("total");
    }

    private static String kafkaVersion(Map<MetricName, ? extends Metric> metrics) {
        return metrics.entrySet().stream()
                .filter(e -> "app-info".equals(e.getKey().group()) && "version".equals(e.getKey().name()))
                .map(e -> String.valueOf(e.getValue().metricValue()))
                .findFirst().orElse("unknown");
    }

    private Meter register(MetricName name, Meter.Id id) {
        if (id.getType() == Meter.Type.COUNTER) {
            return FunctionCounter.builder(id.getName(), latest, ref -> value(ref.get().get(name)))
                    .tags(id.getTags()).description(id.getDescription()).register(registry);
        }
        return Gauge.builder(id.getName(), latest, ref -> value(ref.get().get(name)))
                .tags(id.getTags()).description(id.getDescription()).register(registry);
    }

    private static double value(Metric metric) {
        return metric != null && metric.metricValue() instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** A Kafka metric's meter and the id this binder gave it (the registry's may carry common tags). */
    private record Bound(Meter.Id id, Meter meter) {
    }

    private static ScheduledExecutorService newScheduler() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mfawatch-streams-meters");
            t.setDaemon(true);
            return t;
        });
    }

    /** Stops refreshing and removes every meter this binder registered. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (registry != null) {
            bound.values().forEach(b -> registry.remove(b.meter()));
        }
        bound.clear();
    }
}
