package dev.mfawatch.detector.rules;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** "The engine knows no rule" and the rules know no Kafka: not even the tests' classpath of this module has it. */
class NoKafkaTest {

    @ParameterizedTest
    @ValueSource(strings = {"org.apache.kafka.streams.KafkaStreams", "org.apache.kafka.clients.consumer.KafkaConsumer",
            "org.apache.kafka.common.serialization.Serde"})
    void kafkaIsNotOnTheClasspath(String kafkaClass) {
        assertThatThrownBy(() -> Class.forName(kafkaClass)).isInstanceOf(ClassNotFoundException.class);
    }
}
