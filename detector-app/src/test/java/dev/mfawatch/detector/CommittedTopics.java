package dev.mfawatch.detector;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reading what the detector committed, for integration tests: only committed (exactly-once)
 * records, every partition from the beginning, and "everything up to the end" so that a late
 * extra record on any partition would show.
 */
public final class CommittedTopics {

    private CommittedTopics() {
    }

    /** A consumer without a group that sees only committed records. */
    public static KafkaConsumer<String, byte[]> reader(String bootstrapServers) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers, "isolation.level", "read_committed",
                "enable.auto.commit", "false"), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Assigns every partition of {@code topic} and seeks to its beginning. */
    public static void assign(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads until every assigned partition's position reaches its committed end, within {@code deadline}. */
    public static void drain(KafkaConsumer<String, byte[]> consumer, List<ConsumerRecord<String, byte[]>> into,
                             Duration deadline) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        await().atMost(deadline).pollInSameThread().until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(into::add);
            return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
    }
}
