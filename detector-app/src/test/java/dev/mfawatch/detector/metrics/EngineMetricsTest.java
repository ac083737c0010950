package dev.mfawatch.detector.metrics;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.DetectorTopology;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.model.alert.Severity;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine-health binders (event lag, readiness, state-store size, dead letters at zero), exact values. */
class EngineMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @TempDir
    Path stateDir;

    @Test
    void eventLagIsNowMinusEventTimeInSloBuckets_futureEventsCountAsZero() {
        EventLagMetrics m = new EventLagMetrics(Clock.fixed(NOW, ZoneOffset.UTC));
        m.bindTo(registry);
        m.observe(NOW.minusMillis(50));     // 0.05 s
        m.observe(NOW.minusMillis(300));    // 0.3 s
        m.observe(NOW.minusSeconds(2));     // 2 s
        m.observe(NOW.minus(Duration.ofHours(2))); // a replay: beyond the last bucket
        m.observe(NOW.plusSeconds(5));      // provider clock ahead: 0 s

        Timer t = registry.get(EventLagMetrics.EVENT_LAG).timer();
        assertThat(t.count()).isEqualTo(5);
        assertThat(t.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(50 + 300 + 2_000 + 7_200_000.0);
        assertThat(t.max(TimeUnit.SECONDS)).isEqualTo(7_200.0);
        Map<Double, Double> cumulative = new LinkedHashMap<>();
        for (CountAtBucket b : t.takeSnapshot().histogramCounts()) {
            cumulative.put(b.bucket(TimeUnit.SECONDS), b.count());
        }
        Map<Double, Double> expected = new LinkedHashMap<>();
        double[] le = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600};
        double[] count = {2, 2, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4};
        for (int i = 0; i < le.length; i++) {
            expected.put(le[i], count[i]);
        }
        assertThat(cumulative).containsExactlyEntriesOf(expected);
    }

    @Test
    void signInsFeedTheLagHistogram() {
        EventLagMetrics lag = new EventLagMetrics(Clock.fixed(NOW, ZoneOffset.UTC));
        lag.bindTo(registry);
        SignInMetrics m = new SignInMetrics(lag);
        m.bindTo(registry);
        m.record(signIn("e1").at(NOW.minusSeconds(3).toString()).build(), false);
        Timer t = registry.get(EventLagMetrics.EVENT_LAG).timer();
        assertThat(t.count()).isEqualTo(1);
        assertThat(t.totalTime(TimeUnit.SECONDS)).isEqualTo(3.0);
    }

    @Test
    void readinessAndHealthAreOneOrZero() {
        AtomicBoolean ready = new AtomicBoolean();
        AtomicBoolean healthy = new AtomicBoolean(true);
        new ReadinessMetrics(ready::get, healthy::get).bindTo(registry);
        assertThat(registry.get(ReadinessMetrics.READY).gauge().value()).isZero();
        assertThat(registry.get(ReadinessMetrics.HEALTHY).gauge().value()).isEqualTo(1.0);
        ready.set(true);
        healthy.set(false);
        assertThat(registry.get(ReadinessMetrics.READY).gauge().value()).isEqualTo(1.0);
        assertThat(registry.get(ReadinessMetrics.HEALTHY).gauge().value()).isZero();
    }

    @Test
    void stateStoreEntriesPerStore_nanWhenUnknown() {
        Map<String, Double> sizes = new LinkedHashMap<>(Map.of("register-store", 8.0));
        new StateStoreMetrics(List.of("register-store", "other-store"),
                name -> sizes.getOrDefault(name, Double.NaN)).bindTo(registry);
        assertThat(registry.get(StateStoreMetrics.ENTRIES).tag("store", "register-store").gauge().value()).isEqualTo(8.0);
        assertThat(registry.get(StateStoreMetrics.ENTRIES).tag("store", "other-store").gauge().value()).isNaN();
        sizes.put("register-store", 9.0);
        assertThat(registry.get(StateStoreMetrics.ENTRIES).tag("store", "register-store").gauge().value()).isEqualTo(9.0);
    }

    @Test
    void storeNamesComeFromTheTopologyDescription() {
        DetectorConfig config = DetectorConfig.from(Map.of(DetectorConfig.STATE_DIR, stateDir.toString()));
        var topology = DetectorTopology.build(config, Detectors.all(config),
                DetectorMetrics.bindTo(new SimpleMeterRegistry(), Map.of()));
        assertThat(StateStoreMetrics.storeNames(topology.describe())).contains(DetectorTopology.REGISTER_STORE);
    }

    @Test
    void deadLetterSeriesStartAtZeroForEverySourceAndReason() {
        DeadLetterMetrics m = new DeadLetterMetrics(List.of("signin.events"), List.of("invalid_json", "empty_value"));
        m.bindTo(registry);
        assertThat(registry.find(DeadLetterMetrics.DEAD_LETTERS).counters()).hasSize(2)
                .allSatisfy(c -> assertThat(c.count()).isZero());
        m.deadLettered("signin.events", "invalid_json");
        assertThat(registry.get(DeadLetterMetrics.DEAD_LETTERS).tags("source", "signin.events", "reason", "invalid_json")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get(DeadLetterMetrics.DEAD_LETTERS).tags("source", "signin.events", "reason", "empty_value")
                .counter().count()).isZero();
    }

    @Test
    void detectorMetricsRegisterEveryDeadLetterReasonOfTheSignInTopic() {
        DetectorMetrics.bindTo(registry, Map.of("MFA_NOT_SATISFIED", Severity.HIGH));
        assertThat(registry.find(DeadLetterMetrics.DEAD_LETTERS).tag("source", "signin.events").counters())
                .hasSize(dev.mfawatch.detector.ingest.DeadLetterReason.values().length);
    }

    @Test
    void prometheusNamesOfTheEngineMeters() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DetectorMetrics m = DetectorMetrics.bindTo(prometheus, Map.of(), Clock.fixed(NOW, ZoneOffset.UTC));
        m.signIns().record(signIn("e1").at(NOW.minusMillis(400).toString()).build(), false);
        new ReadinessMetrics(() -> true, () -> true).bindTo(prometheus);
        new StateStoreMetrics(List.of("register-store"), name -> 8).bindTo(prometheus);
        String scrape = prometheus.scrape();
        assertThat(scrape).contains(
                "mfawatch_event_lag_seconds_bucket{le=\"0.25\"} 0",
                "mfawatch_event_lag_seconds_bucket{le=\"0.5\"} 1",
                "mfawatch_event_lag_seconds_bucket{le=\"+Inf\"} 1",
                "mfawatch_event_lag_seconds_count 1",
                "mfawatch_event_lag_seconds_sum 0.4",
                "mfawatch_detector_ready 1",
                "mfawatch_detector_healthy 1",
                "mfawatch_state_store_entries{store=\"register-store\"} 8",
                "mfawatch_dead_letters_total{reason=\"invalid_json\",source=\"signin.events\"} 0");
        assertThat(Arrays.stream(scrape.split("\n")).filter(l -> l.startsWith("mfawatch_event_lag_seconds_bucket")))
                .hasSize(EventLagMetrics.BUCKETS.length + 1);
        prometheus.close();
    }
}
