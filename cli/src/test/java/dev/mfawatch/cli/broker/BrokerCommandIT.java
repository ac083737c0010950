package dev.mfawatch.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mfawatch.cli.process.Launched;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code broker} as a user runs it: its own process on a chosen port, the ready line, a topic and
 * records written, SIGTERM, a restart on the same data directory, and everything still there.
 */
class BrokerCommandIT {

    @TempDir
    Path dir;

    @Test
    void keepsTopicsAndRecordsInItsDataDirectoryAcrossARestart() throws Exception {
        int port = Launched.freePort();
        Path data = dir.resolve("kafka-data");
        String ready = "broker ready on localhost:" + port;
        List<String> sent = List.of("one", "two", "three");
        try (Launched first = Launched.start(dir, "broker-1", Map.of(), "broker", "--data-dir", data.toString(),
                "--port", String.valueOf(port))) {
            first.awaitLine(ready, Duration.ofSeconds(90));
            assertThat(first.stdout().lines()).as("stdout holds the ready line only").containsExactly(ready);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", "localhost:" + port))) {
                admin.createTopics(List.of(new NewTopic("kept", Optional.of(2), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", "localhost:" + port,
                    "acks", "all"), new StringSerializer(), new StringSerializer())) {
                for (String v : sent) {
                    producer.send(new ProducerRecord<>("kept", v, v)).get(30, TimeUnit.SECONDS);
                }
            }
            assertThat(first.terminate()).as("SIGTERM: a clean stop (exit 143 = ended by the signal after the hook)")
                    .isIn(0, 143);
            assertThat(first.stderr()).doesNotContain("ERROR");
        }
        assertThat(data.resolve("meta.properties")).exists();
        String clusterId = metaProperty(data, "cluster.id");

        try (Launched second = Launched.start(dir, "broker-2", Map.of(), "broker", "--data-dir", data.toString(),
                "--port", String.valueOf(port))) {
            second.awaitLine(ready, Duration.ofSeconds(90));
            assertThat(metaProperty(data, "cluster.id")).as("not formatted again").isEqualTo(clusterId);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", "localhost:" + port))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept");
                assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(clusterId);
            }
            assertThat(readAll(port, "kept")).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(second.terminate()).isIn(0, 143);
        }
    }

    @Test
    void withoutADataDirectoryItRemovesItsTemporaryDataOnExit() throws Exception {
        int port = Launched.freePort();
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        // The temporary directory is made under java.io.tmpdir: point it at an empty one to see it go.
        try (Launched broker = Launched.start(dir, "broker-tmp", Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp),
                "broker", "--port", String.valueOf(port))) {
            broker.awaitLine("broker ready on localhost:" + port, Duration.ofSeconds(90));
            try (var listing = Files.list(tmp)) {
                assertThat(listing.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("mfa-watch-broker-")))
                        .hasSize(1);
            }
            assertThat(broker.terminate()).isIn(0, 143);
        }
        try (var listing = Files.list(tmp)) {
            assertThat(listing.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("mfa-watch-broker-"))).isEmpty();
        }
    }

    private static String metaProperty(Path data, String key) throws Exception {
        return Files.readAllLines(data.resolve("meta.properties"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).findFirst().orElseThrow();
    }

    private static List<String> readAll(int port, String topic) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", "localhost:" + port,
                "enable.auto.commit", "false"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return values;
    }
}
