package dev.mfawatch.detector.usage;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mfawatch.detector.DetectorApp;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.fixtures.DetectorEnv;
import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.usage.ExceptionUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage ledger of a running {@link DetectorApp} on a real KRaft broker (two partitions, exactly-once):
 * alice's covered sign-ins fill EXC-USED's record on {@code mfa.exception.usage}, which grows when she
 * signs in again; a day later (the learning period here) she signs in from a new country
 * ({@code USED_OUTSIDE_PATTERN}), and EXC-IDLE, never used for a day of stream time, is announced as a
 * retirement candidate ({@code UNUSED_EXCEPTION}). Each notice once.
 */
class UsageLedgerIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String ALICE = "alice@example.com";

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    @TempDir
    Path stateDir;

    @Test
    void theRunningDetectorKeepsAndPublishesTheLedgerAndAnnouncesBothNotices() throws Exception {
        try (Admin admin = Admin.create(kafka.clientProps())) {
            TopicSetup.ensure(admin, Topics.ALL, 2);
        }
        List<ExceptionEntry> register = List.of(
                entry("EXC-USED").active("2026-11-01T00:00:00Z", "2026-12-31T00:00:00Z").build(),
                entry("EXC-IDLE").principals("bob@example.com").active("2026-11-01T00:00:00Z", "2026-12-31T00:00:00Z").build());
        Map<String, String> env = DetectorEnv.of(kafka.bootstrapServers(), "it-usage", stateDir, 2);
        env.put(DetectorConfig.SOURCES, "none");
        env.put(UsageSettings.UNUSED_AFTER, "1d");
        env.put(UsageSettings.LEARNING_PERIOD, "1d");

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            // Published before the detector starts: its global store holds the register before any task runs.
            for (ExceptionEntry e : register) {
                producer.send(new ProducerRecord<>(Topics.REGISTER.name(), e.id(), Topics.REGISTER_SERDE.write(e)));
            }
            producer.flush();
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
             DetectorApp app = DetectorApp.start(DetectorConfig.from(env));
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                     "isolation.level", "read_committed", "enable.auto.commit", "false"),
                     new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.EXCEPTION_USAGE.name(), Topics.NOTICES.name())) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ExceptionUsage> usage = new ArrayList<>();
            List<Notice> notices = new ArrayList<>();
            Runnable poll = () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.topic().equals(Topics.NOTICES.name())) {
                        notices.add(Topics.NOTICE_SERDE.read(r.value()));
                    } else if (r.value() != null) {
                        usage.add(Topics.USAGE_SERDE.read(r.value()));
                    }
                }
            };
            send(producer, signIn("d1-1").at("2026-11-23T09:00:00Z").from("203.0.113.7", "DE").app("a1", "Outlook").build(),
                    signIn("d1-2").at("2026-11-23T09:10:00Z").from("203.0.113.8", "DE").app("a1", "Outlook").build(),
                    signIn("d1-3").at("2026-11-23T09:20:00Z").from("203.0.113.9", "DE").app("a1", "Outlook").build(),
                    tick("t1", "2026-11-23T09:30:00Z"));
            // The ledger publishes when its stream time passes the next interval. Its one partition gets uses
            // and clock ticks from both input partitions in any order (a tick may come before the uses), so
            // while waiting, the other partition's stream time keeps moving: one tick a minute later per poll.
            AtomicInteger minutes = new AtomicInteger();
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                poll.run();
                send(producer, tick("w1-" + minutes.get(), Instant.parse("2026-11-23T09:31:00Z")
                        .plus(Duration.ofMinutes(minutes.getAndIncrement())).toString()));
                return usage.stream().anyMatch(u -> u.exceptionId().equals("EXC-USED") && u.signIns() == 3);
            });

            // A day and more later: the learning day is over and EXC-IDLE has waited its day.
            send(producer, signIn("d3-1").at("2026-11-25T09:00:00Z").from("192.0.2.1", "US").app("a1", "Outlook").build(),
                    signIn("d3-2").at("2026-11-25T09:05:00Z").from("192.0.2.2", "US").app("a1", "Outlook").build(),
                    tick("t2", "2026-11-25T10:00:00Z"), tick("t3", "2026-11-25T10:30:00Z"));
            minutes.set(0);
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                poll.run();
                send(producer, tick("w2-" + minutes.get(), Instant.parse("2026-11-25T10:31:00Z")
                        .plus(Duration.ofMinutes(minutes.getAndIncrement())).toString()));
                return usage.stream().anyMatch(u -> u.exceptionId().equals("EXC-USED") && u.signIns() == 5)
                        && notices.stream().map(Notice::kind).toList().containsAll(
                                List.of(NoticeKind.UNUSED_EXCEPTION, NoticeKind.USED_OUTSIDE_PATTERN));
            });
            // Everything committed so far, so a repeated notice would show.
            send(producer, tick("t4", Instant.parse("2026-11-25T10:31:00Z").plus(Duration.ofMinutes(minutes.get())).toString()));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                poll.run();
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });

            assertThat(notices).extracting(Notice::noticeId).containsExactlyInAnyOrder(
                    "EXC-IDLE/UNUSED_EXCEPTION/2026-11-24T09:00:00Z",
                    "EXC-USED/USED_OUTSIDE_PATTERN/country:US");
            ExceptionUsage last = usage.stream().filter(u -> u.exceptionId().equals("EXC-USED")).reduce((a, b) -> b).orElseThrow();
            assertThat(last.signIns()).isEqualTo(5);
            assertThat(last.countries()).containsExactly(new ExceptionUsage.Count("DE", 3), new ExceptionUsage.Count("US", 2));
            assertThat(last.lastEventIds()).containsExactly("d3-2", "d3-1", "d1-3", "d1-2", "d1-1");
            assertThat(usage).noneMatch(u -> u.exceptionId().equals("EXC-IDLE"));
        }
    }

    /** An MFA sign-in of someone no entry names: moves stream time on its partition. */
    private static SignInEvent tick(String id, String at) {
        return signIn(id).principal("zoe@example.com").at(at).withMfa(MethodClass.PUSH, "push").build();
    }

    private static void send(KafkaProducer<String, byte[]> producer, SignInEvent... events) {
        for (SignInEvent e : events) {
            producer.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), null, e.time().toEpochMilli(), e.principal().id(),
                    Topics.SIGNIN_SERDE.write(e)));
        }
        producer.flush();
    }
}
