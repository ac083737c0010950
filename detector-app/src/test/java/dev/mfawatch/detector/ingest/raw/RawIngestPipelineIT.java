package dev.mfawatch.detector.ingest.raw;

import static dev.mfawatch.detector.ingest.raw.RawRecords.bytes;
import static dev.mfawatch.detector.ingest.raw.RawRecords.entraMonitorBatch;
import static dev.mfawatch.detector.ingest.raw.RawRecords.entraSignIn;
import static dev.mfawatch.detector.ingest.raw.RawRecords.oktaFactorDeactivate;
import static dev.mfawatch.detector.ingest.raw.RawRecords.oktaMfaPush;
import static dev.mfawatch.detector.ingest.raw.RawRecords.oktaSessionStart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.mfawatch.detector.DetectorApp;
import dev.mfawatch.detector.CommittedTopics;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.fixtures.DetectorEnv;
import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.DeadLetterHeaders;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw Entra ID and Okta records on a real KRaft broker, normalized by the detector's own topology
 * under exactly_once_v2: sign-ins without MFA alert, sign-ins with MFA (Entra inline, Okta through
 * the session correlator) do not, the lone Okta session start alerts once its wait has passed,
 * a factor deactivation lands on {@code directory.changes} and, with no register entry, raises
 * UNAPPROVED_EXCLUSION_CHANGE; a truncated record lands on {@code mfa.dlq}.
 * One partition per topic, so every session part meets one correlator task and its stream time.
 */
class RawIngestPipelineIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    @TempDir
    Path stateDir;

    private static String alertId(String rule, String principal, String eventId) {
        return UUID.nameUUIDFromBytes((rule + "|" + principal + "|" + eventId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Test
    void rawEntraAndOktaRecordsRaiseExactlyTheExpectedAlerts() throws Exception {
        Map<String, String> env = DetectorEnv.of(kafka.bootstrapServers(), "it-raw", stateDir, 1);
        // Routing is under test: one alert per firing with per-event ids (no suppression window).
        env.put(dev.mfawatch.detector.DetectionSettings.SUPPRESSION_WINDOW, "0s");
        env.put(DetectorConfig.SOURCES, "entra-signin,okta");
        DetectorConfig config = DetectorConfig.from(env);

        byte[] truncated = Arrays.copyOf(bytes(oktaSessionStart("o-cut", "2026-11-23T09:00:20Z", "cut@example.org",
                "00u1cut", "102cut")), 150);
        List<ProducerRecord<byte[], byte[]>> records = List.of(
                raw("entra-signin", entraMonitorBatch("2026-11-23T09:00:00Z",
                        entraSignIn("e-erin", "2026-11-23T09:00:00Z", "erin@example.com", "eeee0000-0000-4000-8000-000000000001", false),
                        entraSignIn("e-fay", "2026-11-23T09:00:01Z", "fay@example.com", "ffff0000-0000-4000-8000-000000000001", true))),
                raw("entra-signin", entraSignIn("e-gus", "2026-11-23T09:00:02Z", "Gus@Example.com",
                        "99990000-0000-4000-8000-000000000001", false)),
                raw("okta", oktaMfaPush("o-mia-mfa", "2026-11-23T09:00:05Z", "mia@example.org", "00u1mia", "102mia")),
                raw("okta", oktaSessionStart("o-mia-start", "2026-11-23T09:00:06Z", "mia@example.org", "00u1mia", "102mia")),
                raw("okta", oktaSessionStart("o-ned-start", "2026-11-23T09:00:10Z", "ned@example.org", "00u1ned", "102ned")),
                raw("okta", oktaFactorDeactivate("o-deact", "2026-11-23T09:00:15Z", "okta.admin@example.org", "pia@example.org")),
                new ProducerRecord<>(Topics.raw("okta"), "cut".getBytes(StandardCharsets.UTF_8), truncated),
                // 31 s after ned's start: moves the correlator's stream time past ned's wait.
                raw("okta", oktaMfaPush("o-zed-mfa", "2026-11-23T09:00:41Z", "zed@example.org", "00u1zed", "102zed")));

        try (DetectorApp app = DetectorApp.start(config);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                     new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<String, byte[]> alerts = CommittedTopics.reader(kafka.bootstrapServers());
             KafkaConsumer<String, byte[]> changes = CommittedTopics.reader(kafka.bootstrapServers());
             KafkaConsumer<String, byte[]> dlq = CommittedTopics.reader(kafka.bootstrapServers())) {
            // The app created the raw topics of the enabled sources, and only those.
            assertThat(topics()).contains("idp.raw.entra-signin", "idp.raw.okta")
                    .doesNotContain("idp.raw.google", "idp.raw.cloudtrail", "idp.raw.entra-audit");
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r);
            }
            producer.flush();
            CommittedTopics.assign(alerts, Topics.ALERTS.name());
            CommittedTopics.assign(changes, Topics.DIRECTORY_CHANGES.name());
            CommittedTopics.assign(dlq, Topics.DLQ.name());

            // erin, fay, gus, mia (merged) and ned (released after the wait) reach the detectors.
            await().atMost(DEADLINE).until(() -> app.registry().find("mfawatch.signins").counters().stream()
                    .mapToDouble(c -> c.count()).sum() == 5);
            List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
            List<String> expected = List.of(alertId("MFA_NOT_SATISFIED", "erin@example.com", "e-erin"),
                    alertId("MFA_NOT_SATISFIED", "gus@example.com", "e-gus"),
                    alertId("MFA_NOT_SATISFIED", "ned@example.org", "o-ned-start"),
                    alertId("FACTOR_SWAP", "pia@example.org", "o-deact"),
                    alertId("UNAPPROVED_EXCLUSION_CHANGE", "pia@example.org", "o-deact"));
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                alerts.poll(Duration.ofMillis(100)).forEach(got::add);
                return got.stream().map(r -> Topics.ALERT_SERDE.read(r.value()).alertId()).toList().containsAll(expected);
            });
            // Everything committed after the last expected alert too: a late extra alert would show here.
            CommittedTopics.drain(alerts, got, DEADLINE);
            assertThat(got).extracting(ConsumerRecord::key, r -> Topics.ALERT_SERDE.read(r.value()).alertId(),
                            r -> Topics.ALERT_SERDE.read(r.value()).rule(), r -> Topics.ALERT_SERDE.read(r.value()).severity())
                    .containsExactlyInAnyOrder(
                            tuple("erin@example.com", alertId("MFA_NOT_SATISFIED", "erin@example.com", "e-erin"),
                                    "MFA_NOT_SATISFIED", Severity.HIGH),
                            tuple("gus@example.com", alertId("MFA_NOT_SATISFIED", "gus@example.com", "e-gus"),
                                    "MFA_NOT_SATISFIED", Severity.HIGH),
                            tuple("ned@example.org", alertId("MFA_NOT_SATISFIED", "ned@example.org", "o-ned-start"),
                                    "MFA_NOT_SATISFIED", Severity.HIGH),
                            // No register entry and no ticket: the factor deactivation is unapproved and a factor swap.
                            tuple("pia@example.org", alertId("FACTOR_SWAP", "pia@example.org", "o-deact"),
                                    "FACTOR_SWAP", Severity.MEDIUM),
                            tuple("pia@example.org", alertId("UNAPPROVED_EXCLUSION_CHANGE", "pia@example.org", "o-deact"),
                                    "UNAPPROVED_EXCLUSION_CHANGE", Severity.HIGH));
            Alert ned = got.stream().map(r -> Topics.ALERT_SERDE.read(r.value()))
                    .filter(a -> a.principal().equals("ned@example.org")).findFirst().orElseThrow();
            assertThat(ned.evidence()).containsExactly("o-ned-start");

            List<ConsumerRecord<String, byte[]>> changed = new ArrayList<>();
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                changes.poll(Duration.ofMillis(100)).forEach(changed::add);
                return !changed.isEmpty();
            });
            CommittedTopics.drain(changes, changed, DEADLINE);
            assertThat(changed).extracting(ConsumerRecord::key, r -> Topics.CHANGE_SERDE.read(r.value()).operation(),
                            r -> Topics.CHANGE_SERDE.read(r.value()).eventId())
                    .containsExactly(tuple("pia@example.org", ChangeOperation.FACTOR_REMOVED, "o-deact"));
            DirectoryChange change = Topics.CHANGE_SERDE.read(changed.get(0).value());
            assertThat(change.raw().topic()).isEqualTo("idp.raw.okta");

            List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                dlq.poll(Duration.ofMillis(100)).forEach(dead::add);
                return !dead.isEmpty();
            });
            CommittedTopics.drain(dlq, dead, DEADLINE);
            assertThat(dead).extracting(ConsumerRecord::key).containsExactly("cut");
            assertThat(dead.get(0).value()).isEqualTo(truncated);
            assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).isEqualTo("truncated_json");
            assertThat(header(dead.get(0), DeadLetterHeaders.TOPIC)).isEqualTo("idp.raw.okta");
            assertThat(header(dead.get(0), DeadLetterHeaders.OFFSET)).isEqualTo("4");
        }
    }

    private static java.util.Set<String> topics() throws Exception {
        try (Admin admin = Admin.create(kafka.clientProps())) {
            return admin.listTopics().names().get();
        }
    }

    private static ProducerRecord<byte[], byte[]> raw(String source, String json) {
        return new ProducerRecord<>(Topics.raw(source), null, bytes(json));
    }

    private static String header(ConsumerRecord<?, ?> r, String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

}
