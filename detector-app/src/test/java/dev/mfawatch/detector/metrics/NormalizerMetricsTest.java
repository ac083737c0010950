package dev.mfawatch.detector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class NormalizerMetricsTest {

    @Test
    void droppedValuesBySourceAndReason() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NormalizerMetrics m = new NormalizerMetrics();
        m.bindTo(registry);
        m.dropped("okta", "longitude_out_of_range", 1);
        m.dropped("okta", "longitude_out_of_range", 2);
        m.dropped("okta", "coordinates_incomplete", 1);
        m.dropped("cloudtrail", "ip_not_an_address", 1);
        m.dropped("google", "ip_not_an_address", 0);

        assertThat(registry.get(NormalizerMetrics.DROPPED_VALUES).tags("source", "okta", "reason", "longitude_out_of_range")
                .counter().count()).isEqualTo(3.0);
        assertThat(registry.get(NormalizerMetrics.DROPPED_VALUES).tags("source", "okta", "reason", "coordinates_incomplete")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get(NormalizerMetrics.DROPPED_VALUES).tags("source", "cloudtrail", "reason", "ip_not_an_address")
                .counter().count()).isEqualTo(1.0);
        // Nothing dropped, no series.
        assertThat(registry.find(NormalizerMetrics.DROPPED_VALUES).tag("source", "google").counters()).isEmpty();
        assertThat(registry.find(NormalizerMetrics.DROPPED_VALUES).counters()).hasSize(3);
    }

    @Test
    void aReasonThatIsNoCodeIsBounded() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NormalizerMetrics m = new NormalizerMetrics();
        m.bindTo(registry);
        m.dropped("okta", "Not A Code / 203.0.113.9", 1);
        assertThat(registry.get(NormalizerMetrics.DROPPED_VALUES).tags("source", "okta", "reason", "other")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void prometheusName() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NormalizerMetrics m = new NormalizerMetrics();
        m.bindTo(registry);
        m.dropped("entra-signin", "latitude_out_of_range", 1);
        assertThat(registry.scrape()).contains(
                "mfawatch_normalizer_dropped_values_total{reason=\"latitude_out_of_range\",source=\"entra-signin\"} 1.0");
    }
}
