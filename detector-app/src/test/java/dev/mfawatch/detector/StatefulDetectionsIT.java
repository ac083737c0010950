package dev.mfawatch.detector;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.mfawatch.detector.fixtures.DetectorEnv;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.detector.suppress.SuppressionProcessor;
import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stateful rules on a real KRaft broker, under exactly_once_v2, with the inventory joined from
 * {@code directory.principals} (two partitions, like {@code signin.events}): a break-glass attempt,
 * an impossible-travel pair of a privileged user, an OATH burst folded by suppression into one
 * alert plus one update when the window closes, and a ticketless factor reset from
 * {@code directory.changes}.
 */
class StatefulDetectionsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String BG = "bg-admin-01@example.com";
    private static final String ADMIN = "admin@example.com";
    private static final String CAROL = "carol@example.com";
    private static final String DAVE = "dave@example.com";

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    @TempDir
    Path stateDir;

    private static SignInEvent oath(String id, String at) {
        return signIn(id).at(at).principal(CAROL).result(SignInResult.FAILURE).session("carol-session")
                .mfa(new MfaInfo(true, false, "hardwareOath", MethodClass.OTP, MfaResult.CODE_INCORRECT, null, "TOTP")).build();
    }

    @Test
    void breakGlassTravelAndOathRaiseExactlyTheExpectedAlerts() throws Exception {
        try (Admin admin = Admin.create(kafka.clientProps())) {
            TopicSetup.ensure(admin, Topics.ALL, 2);
        }
        List<Principal> inventory = List.of(
                Pipeline.principal(BG, List.of("Global Administrator"), true, "fido2"),
                Pipeline.principal(ADMIN, List.of("Exchange Administrator"), false, "microsoftAuthenticator"));
        List<SignInEvent> events = List.of(
                signIn("bg-1").at("2026-11-23T09:00:00Z").principal(BG).result(SignInResult.FAILURE).build(),
                signIn("adm-lon").at("2026-11-23T09:00:00Z").principal(ADMIN)
                        .located(51.5074, -0.1278, null, "London", "GB").withMfa(MethodClass.PUSH, "push").build(),
                signIn("adm-nyc").at("2026-11-23T11:00:00Z").principal(ADMIN)
                        .located(40.7128, -74.0060, null, "New York", "US").withMfa(MethodClass.PUSH, "push").build(),
                oath("o-1", "2026-11-23T09:00:00Z"), oath("o-2", "2026-11-23T09:05:00Z"),
                oath("o-3", "2026-11-23T09:10:00Z"), oath("o-4", "2026-11-23T09:15:00Z"),
                // Carol's next, ordinary sign-in moves her partition's stream time past 10:10: the OATH window closes.
                signIn("carol-ok").at("2026-11-23T10:30:00Z").principal(CAROL).withMfa(MethodClass.OTP, "hardwareOath").build());

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (Principal p : inventory) {
                producer.send(new ProducerRecord<>(Topics.PRINCIPALS.name(), null, Pipeline.REGISTER_TIME.toEpochMilli(), p.id(),
                        Topics.PRINCIPAL_SERDE.write(p)));
            }
            for (SignInEvent e : events) {
                producer.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), null, e.time().toEpochMilli(), e.principal().id(),
                        Topics.SIGNIN_SERDE.write(e)));
            }
            DirectoryChange reset = new DirectoryChange("chg-1", "okta", Instant.parse("2026-11-23T09:30:00Z"),
                    new Actor("helpdesk-7@example.com", "USER"), ChangeOperation.FACTOR_RESET, List.of(DAVE), null, null, Map.of(), null);
            producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES.name(), null, reset.time().toEpochMilli(), DAVE,
                    Topics.CHANGE_SERDE.write(reset)));
            producer.flush();
        }

        Map<String, String> env = DetectorEnv.of(kafka.bootstrapServers(), "it-stateful", stateDir, 2);
        String oathId = SuppressionProcessor.alertId("OATH_DESYNC", CAROL, Instant.parse("2026-11-23T09:10:00Z"));
        try (DetectorApp app = DetectorApp.start(DetectorConfig.from(env));
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                     "isolation.level", "read_committed", "enable.auto.commit", "false"),
                     new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS.name()).stream()
                    .map(p -> new TopicPartition(Topics.ALERTS.name(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<Alert> got = new ArrayList<>();
            // The OATH update is the last thing carol's partition produces, the factor swap dave's: wait for both, then drain.
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    got.add(Topics.ALERT_SERDE.read(r.value()));
                }
                return got.stream().anyMatch(a -> a.alertId().equals(oathId) && a.count() == 2)
                        && got.stream().anyMatch(a -> a.rule().equals("FACTOR_SWAP"));
            });
            await().atMost(DEADLINE).until(() -> app.registry().find("mfawatch.signins").counters().stream()
                    .mapToDouble(c -> c.count()).sum() == events.size());
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    got.add(Topics.ALERT_SERDE.read(r.value()));
                }
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });

            assertThat(got).extracting(Alert::alertId, Alert::rule, Alert::severity, Alert::principal, Alert::count)
                    .containsExactlyInAnyOrder(
                            tuple(SuppressionProcessor.alertId("BREAK_GLASS_SIGNIN", BG, Instant.parse("2026-11-23T09:00:00Z")),
                                    "BREAK_GLASS_SIGNIN", Severity.CRITICAL, BG, 1),
                            tuple(SuppressionProcessor.alertId("IMPOSSIBLE_TRAVEL", ADMIN, Instant.parse("2026-11-23T11:00:00Z")),
                                    "IMPOSSIBLE_TRAVEL", Severity.HIGH, ADMIN, 1),
                            tuple(oathId, "OATH_DESYNC", Severity.MEDIUM, CAROL, 1),
                            tuple(SuppressionProcessor.alertId("FACTOR_SWAP", DAVE, Instant.parse("2026-11-23T09:30:00Z")),
                                    "FACTOR_SWAP", Severity.MEDIUM, DAVE, 1),
                            // The same ticketless reset weakens MFA with no register entry approving it.
                            tuple(dev.mfawatch.detector.alerting.AlertFactory.alertId("UNAPPROVED_EXCLUSION_CHANGE", DAVE, "chg-1"),
                                    "UNAPPROVED_EXCLUSION_CHANGE", Severity.HIGH, DAVE, 1),
                            tuple(oathId, "OATH_DESYNC", Severity.MEDIUM, CAROL, 2));
            Alert travel = got.stream().filter(a -> a.rule().equals("IMPOSSIBLE_TRAVEL")).findFirst().orElseThrow();
            // London -> New York: 5,570 km in 2 h = 2,785 km/h.
            assertThat(Long.parseLong(travel.details().get("distanceKm"))).isBetween(5565L, 5575L);
            assertThat(Long.parseLong(travel.details().get("speedKmh"))).isBetween(2782L, 2788L);
            Alert update = got.stream().filter(a -> a.count() == 2).findFirst().orElseThrow();
            assertThat(update.evidence()).containsExactly("o-3", "o-4");
            assertThat(update.firstSeen()).isEqualTo(Instant.parse("2026-11-23T09:10:00Z"));
            assertThat(update.lastSeen()).isEqualTo(Instant.parse("2026-11-23T09:15:00Z"));
            assertThat(app.registry().find("mfawatch.signins").tag("privileged", "true").counters().stream()
                    .mapToDouble(c -> c.count()).sum()).isEqualTo(3.0);
        }
    }
}
