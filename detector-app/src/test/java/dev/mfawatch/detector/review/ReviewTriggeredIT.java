package dev.mfawatch.detector.review;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.mfawatch.detector.CommittedTopics;
import dev.mfawatch.detector.DetectorApp;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.fixtures.DetectorEnv;
import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Principal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * REVIEW_TRIGGERED end to end on a real KRaft broker with the running detector: alice is covered by
 * EXC-1 (in force 2026-11-01 .. 12-01); a directory change assigns her Global Administrator and the
 * next inventory version shows her disabled. Each is announced once on mfa.register.notices, keyed
 * by the exception id; bob (no exception) changes the same way and nothing is said about him.
 */
class ReviewTriggeredIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    @TempDir
    Path stateDir;

    private static Principal principal(String id, boolean active) {
        return new Principal(id, List.of(), id, List.of(), false, List.of("fido2"), Instant.parse("2025-01-01T00:00:00Z"), active,
                "Finance", "manager@example.com");
    }

    private static DirectoryChange roleAssigned(String eventId, String target, Instant at) {
        return new DirectoryChange(eventId, "entra-audit", at, new Actor("it.admin@example.com", "USER"),
                ChangeOperation.ROLE_ASSIGNED, List.of(target), null, null,
                Map.of("role", "Global Administrator", "roleId", "62e90394-69f5-4237-9190-012177145e10"), null);
    }

    @Test
    void aRoleChangeAndADisabledAccountCallForTheExceptionsReview() throws Exception {
        try (Admin admin = Admin.create(kafka.clientProps())) {
            TopicSetup.ensure(admin, Topics.ALL, 2);
        }
        ExceptionEntry exc1 = entry("EXC-1").principals(ALICE).build();
        Instant firstVersion = Instant.parse("2026-11-20T00:00:00Z");
        Instant changed = Instant.parse("2026-11-20T09:00:00Z");
        Instant disabled = Instant.parse("2026-11-20T10:00:00Z");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.REGISTER.name(), exc1.id(), Topics.REGISTER_SERDE.write(exc1)));
            for (String who : List.of(ALICE, BOB)) {
                producer.send(new ProducerRecord<>(Topics.PRINCIPALS.name(), null, firstVersion.toEpochMilli(), who,
                        Topics.PRINCIPAL_SERDE.write(principal(who, true))));
                producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES.name(), null, changed.toEpochMilli(), who,
                        Topics.CHANGE_SERDE.write(roleAssigned("evt-ga-" + who, who, changed))));
                producer.send(new ProducerRecord<>(Topics.PRINCIPALS.name(), null, disabled.toEpochMilli(), who,
                        Topics.PRINCIPAL_SERDE.write(principal(who, false))));
            }
            producer.flush();
        }

        Map<String, String> env = DetectorEnv.of(kafka.bootstrapServers(), "it-review", stateDir, 2);
        env.put(DetectorConfig.SOURCES, "none");
        try (DetectorApp app = DetectorApp.start(DetectorConfig.from(env));
             KafkaConsumer<String, byte[]> consumer = CommittedTopics.reader(kafka.bootstrapServers())) {
            CommittedTopics.assign(consumer, Topics.NOTICES.name());
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= 2;
            });
            // Every input judged (four principal versions, two changes), then everything committed read.
            await().atMost(DEADLINE).until(() -> app.registry().find("mfawatch.directory.changes").counters().stream()
                    .mapToDouble(c -> c.count()).sum() == 2);
            CommittedTopics.drain(consumer, records, DEADLINE);

            List<Notice> notices = records.stream().map(r -> Topics.NOTICE_SERDE.read(r.value())).toList();
            assertThat(records).extracting(ConsumerRecord::key).containsOnly("EXC-1");
            assertThat(notices).extracting(Notice::kind, Notice::at, Notice::owner, Notice::message).containsExactlyInAnyOrder(
                    tuple(NoticeKind.REVIEW_TRIGGERED, changed, exc1.owner(),
                            "Review EXC-1 now: alice@example.com was assigned the privileged role \"Global Administrator\""
                                    + " (directory change evt-ga-alice@example.com at 2026-11-20T09:00:00Z)"),
                    tuple(NoticeKind.REVIEW_TRIGGERED, disabled, exc1.owner(),
                            "Review EXC-1 now: the inventory shows that alice@example.com was disabled"
                                    + " (version of 2026-11-20T10:00:00Z)"));
            assertThat(notices).extracting(Notice::noticeId).anySatisfy(id ->
                    assertThat(id).isEqualTo("EXC-1/REVIEW_TRIGGERED/ROLE_ASSIGNED/evt-ga-alice@example.com"));
            assertThat(notices).extracting(Notice::noticeId).anySatisfy(id ->
                    assertThat(id).matches("EXC-1/REVIEW_TRIGGERED/INVENTORY/[0-9a-f]{16}"));
        }
    }
}
