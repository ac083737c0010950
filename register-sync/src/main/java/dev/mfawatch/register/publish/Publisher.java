package dev.mfawatch.register.publish;

import dev.mfawatch.model.Reasons;
import dev.mfawatch.model.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes changes with an idempotent producer ({@code acks=all}) and returns only once every record
 * is acknowledged. Each entry is one record, so a crash mid-run leaves every key either at its old
 * or at its new value, never half-written; the next run's diff completes the rest.
 */
public final class Publisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Duration timeout;

    public Publisher(Map<String, Object> clientProps, Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "mfawatch-register-sync");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.timeout = timeout;
    }

    public <V> void publish(Topic<String, V> topic, List<Change<V>> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Change<V> c : changes) {
            byte[] value = c.tombstone() ? null : topic.valueSerde().serializer().serialize(topic.name(), c.value());
            acks.add(producer.send(new ProducerRecord<>(topic.name(), c.key(), value)));
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic.name() + ": " + Reasons.of(e), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
