package dev.mfawatch.detector.changes;

import static dev.mfawatch.detector.ingest.raw.RawRecords.bytes;
import static dev.mfawatch.detector.ingest.raw.RawRecords.entraCaUpdate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.mfawatch.detector.DetectorApp;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.alerting.AlertFactory;
import dev.mfawatch.detector.fixtures.DetectorEnv;
import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.register.RegisterSync;
import dev.mfawatch.register.SyncResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * UNAPPROVED_EXCLUSION_CHANGE end to end on a real KRaft broker: register-sync publishes a register
 * from CSV, raw Entra audit records are produced to {@code idp.raw.entra-audit}, the detector
 * normalizes them into {@code directory.changes} and judges each exclusion against the register.
 * it.admin excludes three identities from "Require MFA for all users": alice (EXC-2026-0101,
 * approved by kim: quiet), bob (EXC-2026-0102, approved by it.admin himself: HIGH) and a whole
 * group (no entry: CRITICAL); then removes a fourth exclusion (strengthening: counted only).
 */
class ChangePipelineIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String RULE = "UNAPPROVED_EXCLUSION_CHANGE";
    private static final String POLICY_ID = "9c0ffee0-0000-4000-8000-00000000ca01";
    private static final String ALICE = "11110000-0000-4000-8000-0000000000a1";
    private static final String BOB = "11110000-0000-4000-8000-0000000000b2";
    private static final String GROUP = "0000aaaa-0000-4000-8000-00000000000g";

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    @TempDir
    Path stateDir;

    @Test
    void exclusionsAreJudgedAgainstThePublishedRegister() throws Exception {
        Path csv = Path.of(ChangePipelineIT.class.getResource("/it/change-register.csv").toURI());
        // The detector joins co-partitioned topics: create them all with its partition count first.
        dev.mfawatch.model.TopicSetup.ensureAll(kafka.clientProps(), 2);
        try (RegisterSync sync = new RegisterSync(kafka.clientProps(),
                Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC))) {
            SyncResult result = sync.syncOnce(csv, null, false);
            // Valid; register-sync only warns that this small register holds no break-glass accounts.
            assertThat(result.hasErrors()).isFalse();
            assertThat(result.problems()).hasSize(1).allMatch(p -> p.toString().contains("break-glass"));
            assertThat(result.upserts()).isEqualTo(2);
        }

        Map<String, String> env = DetectorEnv.of(kafka.bootstrapServers(), "it-changes", stateDir, 2);
        env.put(DetectorConfig.SOURCES, "entra-audit");

        try (DetectorApp app = DetectorApp.start(DetectorConfig.from(env));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                     new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<String, byte[]> alerts = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                     "isolation.level", "read_committed", "enable.auto.commit", "false"),
                     new StringDeserializer(), new ByteArrayDeserializer())) {
            send(producer, "IPCGraph_a", List.of(), List.of(ALICE), "excludeUsers");
            send(producer, "IPCGraph_b", List.of(), List.of(BOB), "excludeUsers");
            send(producer, "IPCGraph_g", List.of(), List.of(GROUP), "excludeGroups");
            send(producer, "IPCGraph_r", List.of("11110000-0000-4000-8000-0000000000c3"), List.of(), "excludeUsers");
            producer.flush();

            List<TopicPartition> partitions = alerts.partitionsFor(Topics.ALERTS.name()).stream()
                    .map(p -> new TopicPartition(Topics.ALERTS.name(), p.partition())).toList();
            alerts.assign(partitions);
            alerts.seekToBeginning(partitions);
            String bobAlert = AlertFactory.alertId(RULE, BOB, "IPCGraph_b");
            String groupAlert = AlertFactory.alertId(RULE, GROUP, "IPCGraph_g");
            List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                alerts.poll(Duration.ofMillis(100)).forEach(got::add);
                return got.stream().map(r -> Topics.ALERT_SERDE.read(r.value()).alertId()).toList()
                        .containsAll(List.of(bobAlert, groupAlert));
            });
            // All four changes were judged; then read everything committed, so an alert for alice would show.
            await().atMost(DEADLINE).until(() -> app.registry().find("mfawatch.directory.changes").counters().stream()
                    .mapToDouble(c -> c.count()).sum() == 4);
            Map<TopicPartition, Long> end = alerts.endOffsets(partitions);
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                alerts.poll(Duration.ofMillis(100)).forEach(got::add);
                return end.entrySet().stream().allMatch(e -> alerts.position(e.getKey()) >= e.getValue());
            });

            List<Alert> values = got.stream().map(r -> Topics.ALERT_SERDE.read(r.value())).toList();
            assertThat(values).extracting(Alert::alertId, Alert::severity, Alert::exceptionId, a -> a.details().get("mismatch"))
                    .containsExactlyInAnyOrder(
                            tuple(bobAlert, Severity.HIGH, "EXC-2026-0102", "self_approved"),
                            tuple(groupAlert, Severity.CRITICAL, null, "missing"));
            assertThat(app.registry().find("mfawatch.directory.changes").tag("effect", "strengthening").counter().count())
                    .isEqualTo(1.0);
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String id, List<String> before, List<String> after,
                             String list) {
        producer.send(new ProducerRecord<>(Topics.raw("entra-audit"), null, bytes(entraCaUpdate(id, "2026-11-23T09:00:00Z",
                "it.admin@example.com", POLICY_ID, "Require MFA for all users", list, before, after))));
    }
}
