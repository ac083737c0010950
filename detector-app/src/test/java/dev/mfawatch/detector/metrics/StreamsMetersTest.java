package dev.mfawatch.detector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.DetectionSettings;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.DetectorTopology;
import dev.mfawatch.detector.logging.LogCapture;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.detector.state.StateStores;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The detector's real topology in a {@link TopologyTestDriver}: the register's in-memory store on the
 * global task, the rules' stores (RocksDB or in-memory) and the raw ingest's in-memory stores on stream
 * tasks. Kafka's metric set changes as tasks come and go; the refreshes below play a start (no task
 * metrics yet), the assignment, an unchanged refresh and a rebalance that takes the tasks away.
 */
class StreamsMetersTest {

    private static final String STATE_GROUP = "stream-state-metrics";

    @TempDir
    Path stateDir;

    @ParameterizedTest
    @ValueSource(strings = {StateStores.ROCKSDB, StateStores.MEMORY})
    void everyStoreOfEveryKindIsBoundOnceAndRemovedWhenGone(String storeKind) {
        try (TopologyTestDriver driver = driver(storeKind); LogCapture logs = LogCapture.of("io.micrometer")) {
            Map<MetricName, ? extends Metric> all = driver.metrics();
            Map<MetricName, Metric> beforeAssignment = new HashMap<>(all);
            beforeAssignment.keySet().removeIf(n -> n.group().equals(STATE_GROUP) || n.tags().containsKey("task-id"));
            AtomicReference<Map<MetricName, ? extends Metric>> kafka = new AtomicReference<>(beforeAssignment);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            List<String> added = new ArrayList<>();
            registry.config().onMeterAdded(m -> added.add(m.getId().toString()));

            StreamsMeters meters = new StreamsMeters(kafka::get);
            meters.bindTo(registry);
            assertThat(stateMeters(registry)).isEmpty();

            kafka.set(all);
            meters.refresh();
            meters.refresh();
            // Each Kafka state-store metric is exactly one meter, tagged state.id whatever the store type.
            assertThat(stateMeters(registry)).hasSize(numeric(all, STATE_GROUP));
            assertThat(storeNames(registry)).isEqualTo(storeNamesIn(all)).contains(DetectorTopology.REGISTER_STORE);
            assertThat(added).doesNotHaveDuplicates();
            assertThat(logs.warnings()).isEmpty();

            kafka.set(beforeAssignment);
            meters.refresh();
            assertThat(stateMeters(registry)).isEmpty();
            assertThat(registry.getMeters()).isNotEmpty();

            meters.close();
            assertThat(registry.getMeters()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {StateStores.ROCKSDB, StateStores.MEMORY})
    void prometheusTakesEveryStoreTypeUnderOneName(String storeKind) {
        try (TopologyTestDriver driver = driver(storeKind); LogCapture logs = LogCapture.of("io.micrometer");
             StreamsMeters meters = new StreamsMeters(driver::metrics)) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            List<String> refused = new ArrayList<>();
            registry.config().onMeterRegistrationFailed((id, reason) -> refused.add(id + ": " + reason));
            meters.bindTo(registry);
            meters.refresh();

            String scrape = registry.scrape();
            assertThat(refused).isEmpty();
            assertThat(logs.warnings()).isEmpty();
            for (String store : storeNamesIn(driver.metrics())) {
                assertThat(scrape).contains("state_id=\"" + store + "\"");
            }
            // Counters as Micrometer's binder makes them: cumulative counts, whatever their name.
            assertThat(scrape).contains("# TYPE kafka_stream_topic_records_consumed_total counter")
                    .contains("# TYPE kafka_stream_task_dropped_records_total counter");
        }
    }

    @Test
    void theTopologyHasBothStoreTypes() {
        // The premise of the tests above: Streams tags in-memory and RocksDB stores with different keys.
        try (TopologyTestDriver driver = driver(StateStores.ROCKSDB)) {
            Set<String> keys = driver.metrics().keySet().stream().filter(n -> n.group().equals(STATE_GROUP))
                    .flatMap(n -> n.tags().keySet().stream()).filter(k -> k.endsWith("-state-id"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(keys).contains("in-memory-state-id").anyMatch(k -> k.startsWith("rocksdb"));
        }
    }

    private TopologyTestDriver driver(String storeKind) {
        DetectorConfig config = DetectorConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "unused:9092",
                DetectorConfig.STATE_DIR, stateDir.toString(), DetectionSettings.STATE_STORES, storeKind));
        List<Detector> detectors = Detectors.all(config);
        DetectorMetrics metrics = DetectorMetrics.bindTo(new SimpleMeterRegistry(), Detectors.severities(detectors));
        return new TopologyTestDriver(DetectorTopology.build(config, detectors, metrics), config.streamsProperties(),
                Instant.parse("2026-11-23T12:00:00Z"));
    }

    private static List<Meter> stateMeters(MeterRegistry registry) {
        return registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("kafka.stream.state.")).toList();
    }

    private static Set<String> storeNames(MeterRegistry registry) {
        return stateMeters(registry).stream().map(m -> m.getId().getTag(StreamsMeters.STATE_ID))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The store names Kafka tags its state metrics with, under whichever *-state-id key. */
    private static Set<String> storeNamesIn(Map<MetricName, ? extends Metric> metrics) {
        return metrics.keySet().stream().filter(n -> n.group().equals(STATE_GROUP))
                .flatMap(n -> n.tags().entrySet().stream()).filter(t -> t.getKey().endsWith("-state-id"))
                .map(Map.Entry::getValue).collect(Collectors.toCollection(TreeSet::new));
    }

    private static int numeric(Map<MetricName, ? extends Metric> metrics, String group) {
        return (int) metrics.entrySet().stream().filter(e -> e.getKey().group().equals(group))
                .filter(e -> e.getValue().metricValue() instanceof Number).count();
    }
}
