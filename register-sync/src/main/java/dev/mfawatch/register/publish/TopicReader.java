package dev.mfawatch.register.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning up to the end offsets seen when the read starts, without a
 * consumer group (nothing committed, nothing to clean up), and returns the latest value per key.
 * A tombstone removes its key. The read must finish by a deadline: a sync that cannot know the
 * current state must not publish a diff against a guess.
 */
public final class TopicReader {

    private final Map<String, Object> clientProps;
    private final Duration timeout;

    public TopicReader(Map<String, Object> clientProps, Duration timeout) {
        this.clientProps = Map.copyOf(clientProps);
        this.timeout = timeout;
    }

    /** Latest value per key; an absent topic reads as empty. */
    public Map<String, byte[]> latestByKey(String topic) {
        Map<String, byte[]> latest = new LinkedHashMap<>();
        readToEnd(topic, (key, value) -> {
            if (value == null) {
                latest.remove(key);
            } else {
                latest.put(key, value);
            }
        });
        return latest;
    }

    /** Every non-null value, in partition order (for topics that are not compacted, like notices). */
    public void forEachValue(String topic, Consumer<byte[]> action) {
        readToEnd(topic, (key, value) -> {
            if (value != null) {
                action.accept(value);
            }
        });
    }

    private void readToEnd(String topic, BiConsumer<String, byte[]> action) {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return;
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!reachedEnd(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue; // written after this read began: the next sync sees it
                    }
                    action.accept(r.key(), r.value());
                }
            }
        }
    }

    private static boolean reachedEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    public static boolean exists(Admin admin, String topic, Duration timeout) {
        try {
            Set<String> names = admin.listTopics().names().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return names.contains(topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not list topics: " + dev.mfawatch.model.Reasons.of(e), e);
        }
    }
}
