package dev.mfawatch.detector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class StateStoreTagFilterTest {

    @Test
    void inMemoryAndRocksDbStoreMetricsShareOneNameOnPrometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new StateStoreTagFilter());
        registry.gauge("kafka.stream.state.put.rate", Tags.of("in-memory-state-id", "session-mfa-store", "task.id", "0_1"), 2.0);
        registry.gauge("kafka.stream.state.put.rate", Tags.of("rocksdb.state.id", "state-impossible-travel", "task.id", "1_0"), 3.0);
        String scrape = registry.scrape();
        assertThat(scrape).contains("kafka_stream_state_put_rate{state_id=\"session-mfa-store\",task_id=\"0_1\"} 2.0")
                .contains("kafka_stream_state_put_rate{state_id=\"state-impossible-travel\",task_id=\"1_0\"} 3.0");
    }

    @Test
    void otherMetricsKeepTheirTags() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new StateStoreTagFilter());
        registry.gauge("kafka.stream.task.process.rate", Tags.of("task.id", "0_1"), 5.0);
        assertThat(registry.scrape()).contains("kafka_stream_task_process_rate{task_id=\"0_1\"} 5.0");
    }
}
