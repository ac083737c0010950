package dev.mfawatch.detector.registration;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mfawatch.detector.CommittedTopics;
import dev.mfawatch.detector.DetectorApp;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.api.ApiSettings;
import dev.mfawatch.detector.fixtures.DetectorEnv;
import dev.mfawatch.detector.metrics.RegistrationMetrics;
import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Principal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Registration coverage on a real KRaft broker with two detector instances sharing four partitions: the
 * gauges of the two add up to the inventory (each counts the partitions it runs), NO_MFA_REGISTERED reaches
 * mfa.alerts, and when one instance stops the other, after taking over its partitions (restored from the
 * changelog), reports the whole inventory alone: counted once, not kept from before.
 */
class RegistrationIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final int PARTITIONS = 4;
    private static final Instant LISTED = Instant.parse("2026-11-20T00:00:00Z");

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    @TempDir
    Path dir;

    private static Principal principal(String id, List<String> methods) {
        return new Principal(id, List.of(), id, List.of(), false, methods, Instant.parse("2025-01-01T00:00:00Z"), true);
    }

    private Map<String, String> env(String name) {
        Map<String, String> env = DetectorEnv.of(kafka.bootstrapServers(), "it-registration", dir.resolve(name), PARTITIONS);
        env.put(ApiSettings.PORT, "off");
        env.put(DetectorConfig.SOURCES, "none");
        // A stopped instance's tasks move after the session timeout (Kafka Streams does not leave the group on close).
        env.put("KAFKA_SESSION_TIMEOUT_MS", "10000");
        return env;
    }

    private static double sum(MeterRegistry r, String name, String... tags) {
        return r.find(name).tags(tags).gauges().stream().mapToDouble(Gauge::value).sum();
    }

    @Test
    void twoInstancesShareTheCounts_andTheSurvivorCountsEverythingOnceAfterTheOtherStops() throws Exception {
        try (Admin admin = Admin.create(kafka.clientProps())) {
            TopicSetup.ensure(admin, Topics.ALL, PARTITIONS);
        }
        List<Principal> inventory = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            inventory.add(principal("user" + i + "@example.com", List.of(i % 2 == 0 ? "microsoftAuthenticatorPush" : "fido2")));
        }
        inventory.add(principal("pending@example.com", List.of()));
        inventory.add(principal("nobody@example.com", List.of()));
        inventory.add(principal("unknown@example.com", null)); // methods not stated: counted nowhere
        ExceptionEntry pending = entry("EXC-EP").category(ExceptionCategory.ENROLLMENT_PENDING).principals("pending@example.com")
                .active("2026-10-01T00:00:00Z", "2026-12-31T00:00:00Z").build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.REGISTER.name(), pending.id(), Topics.REGISTER_SERDE.write(pending)));
            for (Principal p : inventory) {
                producer.send(new ProducerRecord<>(Topics.PRINCIPALS.name(), null, LISTED.toEpochMilli(), p.id(),
                        Topics.PRINCIPAL_SERDE.write(p)));
            }
            for (String who : List.of("nobody@example.com", "pending@example.com", "unknown@example.com")) {
                var e = signIn("s-" + who).principal(who).at("2026-11-23T09:00:00Z").build();
                producer.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), null, e.time().toEpochMilli(), who,
                        Topics.SIGNIN_SERDE.write(e)));
            }
            producer.flush();
        }

        try (DetectorApp a = DetectorApp.start(DetectorConfig.from(env("a")));
             DetectorApp b = DetectorApp.start(DetectorConfig.from(env("b")));
             KafkaConsumer<String, byte[]> consumer = CommittedTopics.reader(kafka.bootstrapServers())) {
            List<MeterRegistry> both = List.of(a.registry(), b.registry());
            await().atMost(DEADLINE).pollInSameThread().until(() ->
                    both.stream().mapToDouble(r -> sum(r, RegistrationMetrics.PRINCIPALS)).sum() == 14);
            assertThat(both.stream().mapToDouble(r -> sum(r, RegistrationMetrics.PRINCIPALS, "state", "phishing_resistant")).sum())
                    .isEqualTo(6);
            assertThat(both.stream().mapToDouble(r -> sum(r, RegistrationMetrics.PRINCIPALS, "state", "none")).sum()).isEqualTo(2);
            // Both instances hold a share (four partitions, two members), so the sum is a real sum.
            assertThat(both).allMatch(r -> sum(r, RegistrationMetrics.PRINCIPALS) > 0);

            CommittedTopics.assign(consumer, Topics.ALERTS.name());
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.stream().map(r -> Topics.ALERTS.valueSerde().deserializer().deserialize(Topics.ALERTS.name(), r.value()))
                        .anyMatch(x -> x.rule().equals(NoMfaRegisteredDetector.ID));
            });
            CommittedTopics.drain(consumer, records, DEADLINE);
            List<Alert> noMfa = records.stream()
                    .map(r -> Topics.ALERTS.valueSerde().deserializer().deserialize(Topics.ALERTS.name(), r.value()))
                    .filter(x -> x.rule().equals(NoMfaRegisteredDetector.ID)).toList();
            // Only the principal with none and no enrolment exception; not the covered one, not the unknown one.
            assertThat(noMfa).extracting(Alert::principal).containsExactly("nobody@example.com");

            b.close();
            await().atMost(DEADLINE).pollInSameThread().until(() -> sum(a.registry(), RegistrationMetrics.PRINCIPALS) == 14
                    && sum(a.registry(), RegistrationMetrics.BACKLOG, "covered", "false") == 1
                    && sum(a.registry(), RegistrationMetrics.BACKLOG, "covered", "true") == 1);
            assertThat(sum(a.registry(), RegistrationMetrics.PRINCIPALS, "state", "standard")).isEqualTo(6);
            assertThat(Arrays.asList(sum(a.registry(), RegistrationMetrics.PRINCIPALS, "state", "none"))).containsExactly(2.0);
        }
    }
}
