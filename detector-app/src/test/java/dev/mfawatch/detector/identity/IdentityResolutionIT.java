package dev.mfawatch.detector.identity;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.mfawatch.detector.CommittedTopics;
import dev.mfawatch.detector.DetectorApp;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.fixtures.DetectorEnv;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.SignInEvent;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker with two partitions per topic: a sign-in and a change another producer wrote
 * under inventory aliases, on the other partition than their principal's, are re-keyed through
 * the detector's repartition topics and judged with the principal's inventory facts.
 */
class IdentityResolutionIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String PAULA = "paula@contoso.example";
    private static final String IAM_ALIAS = "arn:aws:iam::111122223333:user/paula";
    private static final String OKTA_ALIAS = "00u1paula";

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    @TempDir
    Path stateDir;

    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 2;
    }

    @Test
    void recordsKeyedByAnAliasOnAnotherPartitionReachTheirPrincipal() throws Exception {
        // The point of the test: both aliases hash to the other partition than paula's id.
        assertThat(List.of(partition(IAM_ALIAS), partition(OKTA_ALIAS))).containsOnly(1 - partition(PAULA));
        try (Admin admin = Admin.create(kafka.clientProps())) {
            TopicSetup.ensure(admin, Topics.ALL, 2);
        }
        Principal paula = new Principal(PAULA, List.of(IAM_ALIAS, OKTA_ALIAS), "Paula", List.of("Global Administrator"),
                false, List.of("push"), Instant.parse("2025-01-01T00:00:00Z"), true);
        SignInEvent console = signIn("ct-1").source("cloudtrail").principal(IAM_ALIAS).at("2026-11-23T09:00:00Z").build();
        DirectoryChange reset = new DirectoryChange("chg-1", "okta", Instant.parse("2026-11-23T09:30:00Z"),
                new Actor("helpdesk-7@contoso.example", "USER"), ChangeOperation.FACTOR_RESET, List.of(OKTA_ALIAS), null,
                null, Map.of(), null);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            long loaded = Pipeline.REGISTER_TIME.toEpochMilli();
            producer.send(new ProducerRecord<>(Topics.PRINCIPALS.name(), null, loaded, PAULA, Topics.PRINCIPAL_SERDE.write(paula)));
            for (String alias : List.of(IAM_ALIAS, OKTA_ALIAS)) {
                producer.send(new ProducerRecord<>(Topics.ALIASES.name(), null, loaded, alias, PAULA.getBytes(StandardCharsets.UTF_8)));
            }
            producer.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), null, console.time().toEpochMilli(), IAM_ALIAS,
                    Topics.SIGNIN_SERDE.write(console)));
            producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES.name(), null, reset.time().toEpochMilli(), OKTA_ALIAS,
                    Topics.CHANGE_SERDE.write(reset)));
            producer.flush();
        }

        Map<String, String> env = DetectorEnv.of(kafka.bootstrapServers(), "it-identity", stateDir, 2);
        try (DetectorApp app = DetectorApp.start(DetectorConfig.from(env));
             KafkaConsumer<String, byte[]> consumer = CommittedTopics.reader(kafka.bootstrapServers())) {
            CommittedTopics.assign(consumer, Topics.ALERTS.name());
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= 3;
            });
            CommittedTopics.drain(consumer, records, DEADLINE);

            List<Alert> alerts = records.stream().map(r -> Topics.ALERT_SERDE.read(r.value())).toList();
            assertThat(alerts).extracting(Alert::rule, Alert::principal, Alert::severity).containsExactlyInAnyOrder(
                    // Privileged through paula's inventory entry, which only her id's partition holds.
                    tuple("MFA_NOT_SATISFIED", PAULA, Severity.CRITICAL),
                    tuple("FACTOR_SWAP", PAULA, Severity.MEDIUM),
                    tuple("UNAPPROVED_EXCLUSION_CHANGE", PAULA, Severity.HIGH));
            assertThat(records).extracting(ConsumerRecord::key).containsOnly(PAULA);
        }
    }
}
