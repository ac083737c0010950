package dev.mfawatch.detector;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.mfawatch.detector.cli.DetectorCommand;
import dev.mfawatch.detector.fixtures.DetectorEnv;
import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.DeadLetterHeaders;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.signin.ClientProtocol;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.register.RegisterSync;
import dev.mfawatch.register.SyncResult;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
 * End to end on a real KRaft broker in this JVM: register-sync publishes the register from a valid
 * CSV, canonical sign-ins are produced, the detector runs under exactly_once_v2, and exactly the
 * alerts the scenario calls for arrive on {@code mfa.alerts} — no more, no fewer.
 */
class DetectorPipelineIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** The register's "now": after EXC-2026-0002 expired (2026-11-15), while 0001 and 0003 are in force. */
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final String DANA_OBJECT_ID = "4b2f9c1e-7d3a-4e8b-9f10-2a3b4c5d6e7f";

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    @TempDir
    Path stateDir;

    private Map<String, String> env(String applicationId) {
        Map<String, String> env = DetectorEnv.of(kafka.bootstrapServers(), applicationId, stateDir.resolve(applicationId), 2);
        return env;
    }

    /** Alerts are suppressed per (rule, principal) window; each principal here fires once, so the window starts at its event. */
    private static String alertId(String rule, String principal, String eventTime) {
        return dev.mfawatch.detector.suppress.SuppressionProcessor.alertId(rule, principal, Instant.parse(eventTime));
    }

    @Test
    void registerSyncThenSignInsProduceExactlyTheExpectedAlerts() throws Exception {
        Path csv = Path.of(DetectorPipelineIT.class.getResource("/it/register.csv").toURI());
        try (RegisterSync sync = new RegisterSync(kafka.clientProps(), Clock.fixed(NOW, ZoneOffset.UTC))) {
            SyncResult result = sync.syncOnce(csv, null, false);
            assertThat(result.problems()).isEmpty();
            assertThat(result.hasErrors()).isFalse();
            assertThat(result.upserts()).isEqualTo(5);
        }

        List<SignInEvent> events = List.of(
                // Covered: IMAP from inside the scanner exception's network.
                signIn("evt-scanner-ok").at("2026-11-23T09:00:00Z").principal("scanner@example.com")
                        .protocol(ClientProtocol.IMAP).from("198.51.100.20", "DE").build(),
                // Same exception, outside its network.
                signIn("2026-11-23T09:01:00Z").at("2026-11-23T09:01:00Z").principal("scanner@example.com")
                        .protocol(ClientProtocol.IMAP).from("192.0.2.50", "NL").build(),
                // The print relay's exception expired on 2026-11-15.
                signIn("2026-11-23T09:02:00Z").at("2026-11-23T09:02:00Z").principal("printer@example.com")
                        .protocol(ClientProtocol.SMTP).from("198.51.100.30", "DE").build(),
                // Covered through the object id the register names, carried as an alias.
                signIn("evt-dana").at("2026-11-23T09:03:00Z").principal("dana@example.com", DANA_OBJECT_ID)
                        .from("203.0.113.9", "DE").build(),
                // No exception at all.
                signIn("2026-11-23T09:04:00Z").at("2026-11-23T09:04:00Z").principal("erin@example.com").build(),
                // MFA done: nothing to say.
                signIn("evt-frank").at("2026-11-23T09:05:00Z").principal("frank@example.com")
                        .withMfa(MethodClass.PHISHING_RESISTANT, "FIDO2 security key").build());

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (SignInEvent e : events) {
                producer.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), e.principal().id(), Topics.SIGNIN_SERDE.write(e)));
            }
            producer.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), "poison", "{\"eventId\":".getBytes(StandardCharsets.UTF_8)));
            producer.flush();

            DetectorConfig config = DetectorConfig.from(env("it-detector"));
            assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
            try (DetectorApp app = DetectorApp.start(config);
                 KafkaConsumer<String, byte[]> alerts = CommittedTopics.reader(kafka.bootstrapServers());
                 KafkaConsumer<String, byte[]> dlq = CommittedTopics.reader(kafka.bootstrapServers())) {
                HttpClient http = HttpClient.newHttpClient();
                await().atMost(DEADLINE).until(() -> status(http, app, "/ready") == 200);
                assertThat(app.ready()).isTrue();
                assertThat(status(http, app, "/health")).isEqualTo(200);

                CommittedTopics.assign(alerts, Topics.ALERTS.name());
                CommittedTopics.assign(dlq, Topics.DLQ.name());
                List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
                Set<String> firstWave = Set.of(
                        alertId("EXCEPTION_SCOPE_VIOLATION", "scanner@example.com", "2026-11-23T09:01:00Z"),
                        alertId("EXPIRED_EXCEPTION_USED", "printer@example.com", "2026-11-23T09:02:00Z"),
                        alertId("MFA_NOT_SATISFIED", "erin@example.com", "2026-11-23T09:04:00Z"));
                await().atMost(DEADLINE).pollInSameThread().until(() -> {
                    alerts.poll(Duration.ofMillis(100)).forEach(got::add);
                    return got.stream().map(r -> Topics.ALERT_SERDE.read(r.value()).alertId()).collect(Collectors.toSet())
                            .containsAll(firstWave);
                });
                // Every valid sign-in has been processed before the sentinel is sent.
                await().atMost(DEADLINE).until(() -> app.registry().find("mfawatch.signins").counters().stream()
                        .mapToDouble(c -> c.count()).sum() == events.size());

                SignInEvent sentinel = signIn("2026-11-23T09:10:00Z").at("2026-11-23T09:10:00Z").principal("sentinel@example.com").build();
                producer.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), sentinel.principal().id(),
                        Topics.SIGNIN_SERDE.write(sentinel))).get();
                String sentinelId = alertId("MFA_NOT_SATISFIED", "sentinel@example.com", "2026-11-23T09:10:00Z");
                await().atMost(DEADLINE).pollInSameThread().until(() -> {
                    alerts.poll(Duration.ofMillis(100)).forEach(got::add);
                    return got.stream().anyMatch(r -> Topics.ALERT_SERDE.read(r.value()).alertId().equals(sentinelId));
                });
                // Drain whatever else is committed, so a late extra alert on another partition is caught too.
                CommittedTopics.drain(alerts, got, DEADLINE);

                List<Alert> values = got.stream().map(r -> Topics.ALERT_SERDE.read(r.value())).toList();
                assertThat(got).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("scanner@example.com",
                        "printer@example.com", "erin@example.com", "sentinel@example.com");
                assertThat(values).extracting(Alert::alertId, Alert::rule, Alert::severity, Alert::principal, Alert::exceptionId)
                        .containsExactlyInAnyOrder(
                                tuple(alertId("EXCEPTION_SCOPE_VIOLATION", "scanner@example.com", "2026-11-23T09:01:00Z"),
                                        "EXCEPTION_SCOPE_VIOLATION", Severity.HIGH, "scanner@example.com", "EXC-2026-0001"),
                                tuple(alertId("EXPIRED_EXCEPTION_USED", "printer@example.com", "2026-11-23T09:02:00Z"),
                                        "EXPIRED_EXCEPTION_USED", Severity.HIGH, "printer@example.com", "EXC-2026-0002"),
                                tuple(alertId("MFA_NOT_SATISFIED", "erin@example.com", "2026-11-23T09:04:00Z"),
                                        "MFA_NOT_SATISFIED", Severity.HIGH, "erin@example.com", null),
                                tuple(sentinelId, "MFA_NOT_SATISFIED", Severity.HIGH, "sentinel@example.com", null));
                Alert scope = values.stream().filter(a -> a.rule().equals("EXCEPTION_SCOPE_VIOLATION")).findFirst().orElseThrow();
                assertThat(scope.details()).containsEntry("mismatched", "network").containsEntry("network.actual", "192.0.2.50");
                assertThat(scope.exceptionCategory()).isEqualTo("LEGACY_PROTOCOL");

                List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
                await().atMost(DEADLINE).pollInSameThread().until(() -> {
                    dlq.poll(Duration.ofMillis(100)).forEach(dead::add);
                    return !dead.isEmpty();
                });
                CommittedTopics.drain(dlq, dead, DEADLINE);
                assertThat(dead).extracting(ConsumerRecord::key).containsExactly("poison");
                assertThat(new String(dead.get(0).headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
                        .isEqualTo("invalid_json");
                assertThat(new String(dead.get(0).headers().lastHeader(DeadLetterHeaders.TOPIC).value(), StandardCharsets.UTF_8))
                        .isEqualTo("signin.events");

                String metrics = body(http, app, "/metrics");
                assertThat(metrics).contains("mfawatch_alerts_total{rule=\"MFA_NOT_SATISFIED\",severity=\"HIGH\"} 2.0",
                        "mfawatch_alerts_total{rule=\"EXCEPTION_SCOPE_VIOLATION\",severity=\"HIGH\"} 1.0",
                        "mfawatch_alerts_total{rule=\"EXPIRED_EXCEPTION_USED\",severity=\"HIGH\"} 1.0",
                        "mfawatch_exception_usage_total{category=\"LEGACY_PROTOCOL\"} 1.0",
                        "mfawatch_exception_usage_total{category=\"ACCESSIBILITY\"} 1.0",
                        "mfawatch_dead_letters_total{reason=\"invalid_json\",source=\"signin.events\"} 1.0");
                assertThat(metrics).contains("kafka_stream_");
                assertThat(metrics).contains("jvm_memory_used_bytes");
            }
        }
    }

    @Test
    void commandRunsForItsDurationAndStopsCleanly() throws Exception {
        Map<String, String> env = env("it-command");
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> new picocli.CommandLine(new DetectorCommand(env)).execute("--duration", "4s"));
        assertThat(exit.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isZero();
    }


    private static URI uri(DetectorApp app, String path) throws URISyntaxException {
        return new URI("http://127.0.0.1:" + app.httpPort() + path);
    }

    private static int status(HttpClient http, DetectorApp app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(app, path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String body(HttpClient http, DetectorApp app, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(app, path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
