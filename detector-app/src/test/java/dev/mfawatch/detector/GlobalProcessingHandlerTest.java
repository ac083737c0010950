package dev.mfawatch.detector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.logging.LogCapture;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The register's global thread goes through the processing exception handler, as Kafka Streams 4.x recommends. */
class GlobalProcessingHandlerTest {

    @Test
    void enabledForTheGlobalThreadWithoutKafkaStreamsWarning() {
        try (LogCapture logs = LogCapture.of("org.apache.kafka.streams")) {
            StreamsConfig streams = new StreamsConfig(DetectorConfig.from(Map.of()).streamsProperties());
            assertThat(streams.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
            // The partition assignor builds its own StreamsConfig from the main consumer's settings.
            StreamsConfig assignors = new StreamsConfig(streams.getMainConsumerConfigs("group", "client", 0));
            assertThat(assignors.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
            assertThat(logs.warnings()).isEmpty();
        }
    }

    @Test
    void anOperatorMayStillTurnItOffThroughKafkaSettings() {
        StreamsConfig streams = new StreamsConfig(DetectorConfig.from(
                Map.of("KAFKA_PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED", "false")).streamsProperties());
        assertThat(streams.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isFalse();
        assertThat(new StreamsConfig(streams.getMainConsumerConfigs("group", "client", 0))
                .getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isFalse();
    }
}
