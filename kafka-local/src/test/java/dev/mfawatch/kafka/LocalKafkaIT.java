package dev.mfawatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class LocalKafkaIT {

    @Test
    void realBrokerCreatesCompactedTopicsAndRoundTripsARecord() throws Exception {
        try (LocalKafka kafka = LocalKafka.start()) {
            assertThat(kafka.bootstrapServers()).startsWith("localhost:").doesNotContain(",");
            TopicSetup.ensureAll(kafka.clientProps(), 2);
            try (Admin admin = Admin.create(kafka.clientProps())) {
                assertThat(admin.listTopics().names().get()).containsAll(Topics.ALL);
                ConfigResource register = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REGISTER.name());
                ConfigEntry policy = admin.describeConfigs(Set.of(register)).all().get().get(register).get("cleanup.policy");
                assertThat(policy.value()).isEqualTo("compact");
                // A second call on existing topics is a no-op, not an error.
                TopicSetup.ensure(admin, Topics.ALL, 2);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.ALERTS.name(), "k", "v")).get();
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                    kafka.bootstrapServers(), "group.id", "it", "auto.offset.reset", "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.ALERTS.name()));
                List<ConsumerRecord<String, String>> got = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (got.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                }
                assertThat(got).extracting(ConsumerRecord::value).containsExactly("v");
            }
        }
    }
}
