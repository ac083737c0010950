package dev.mfawatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mfawatch.kafka.LocalKafka;
import dev.mfawatch.kafka.SecuredListener;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.signin.AppRef;
import dev.mfawatch.model.signin.ClientInfo;
import dev.mfawatch.model.signin.ClientProtocol;
import dev.mfawatch.model.signin.DeviceInfo;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.NetworkInfo;
import dev.mfawatch.model.signin.PrincipalRef;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof 6 (issue 11), the secured broker: register-sync and the detector, each its own JVM started
 * as the launcher starts it, reach a SASL_SSL (SCRAM-SHA-512) listener with ACLs enforced through
 * {@code KAFKA_*} variables alone, with the ACLs docs/OPERATIONS.md lists ("Securing Kafka"). A
 * principal missing one of them ends the app with one line naming the topic and the operation and a
 * non-zero exit. With mfa-watch at DEBUG and Kafka at INFO (which prints every client's settings),
 * no output line carries the seeded canary password or token.
 */
class SecuredBrokerProofIT {

    private static final Path JAR = Path.of("target", "mfa-watch.jar");
    private static final String APP_ID = "mfa-watch-detector";
    private static final String LIMITED_APP_ID = "mfa-watch-limited";
    private static final Duration RUN_LIMIT = Duration.ofSeconds(150);

    private final String password = "canary-password-" + UUID.randomUUID();
    private final String limitedPassword = "canary-password-" + UUID.randomUUID();
    private final String token = "canary-token-" + UUID.randomUUID();
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void appsConnectWithKafkaSettingsAloneAMissingAclStopsThemInOneLineAndNoSecretIsLogged() throws Exception {
        assertThat(JAR).as("the packaged launcher jar (mvn verify packages it before the integration tests)").exists();
        try (LocalKafka kafka = LocalKafka.startSecured(Map.of("mfawatch", password, "limited", limitedPassword))) {
            SecuredListener secured = kafka.secured().orElseThrow();
            List<String> canaries = List.of(password, limitedPassword, token, secured.truststorePassword());
            kafka.grant(acls("User:mfawatch", APP_ID, Set.of()));
            // The same ACLs for its own application id, less two: WRITE on mfa.alerts and on mfa.register.
            kafka.grant(acls("User:limited", LIMITED_APP_ID, Set.of(Topics.ALERTS.name(), Topics.REGISTER.name())));
            Map<String, String> env = env(secured, "mfawatch", password, APP_ID);
            Map<String, String> limitedEnv = env(secured, "limited", limitedPassword, LIMITED_APP_ID);
            Path register = repository().resolve("examples/register.csv");
            List<Path> outputs = new ArrayList<>();

            // 1. Connected: register-sync publishes, the detector turns a sign-in without MFA into an alert.
            Path syncOut = dir.resolve("register-sync.out");
            outputs.add(syncOut);
            Process sync = start(env, syncOut, "register-sync", "--register", register.toString());
            assertThat(finished(sync)).as(read(syncOut)).isZero();
            assertThat(read(syncOut)).contains("register sync:");

            Path detectorOut = dir.resolve("detector.out");
            outputs.add(detectorOut);
            Process detector = start(env, detectorOut, "detector");
            await().atMost(RUN_LIMIT).until(() -> read(detectorOut).contains("-> RUNNING") || !detector.isAlive());
            assertThat(detector.isAlive()).as(read(detectorOut)).isTrue();
            String principal = "no-mfa." + UUID.randomUUID() + "@contoso.example";
            publishSignInWithoutMfa(kafka, principal);
            List<String> alerts = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = alertReader(kafka)) {
                await().atMost(RUN_LIMIT).until(() -> {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> alerts.add(r.value()));
                    return alerts.stream().anyMatch(a -> a.contains(principal)) || !detector.isAlive();
                });
            }
            assertThat(alerts).as(read(detectorOut)).anyMatch(a -> a.contains(principal) && a.contains("MFA_NOT_SATISFIED"));
            detector.destroy();
            assertThat(detector.waitFor(60, TimeUnit.SECONDS)).isTrue();
            int appsConnected = 2;

            // 2. Denied: each app stops by itself, non-zero, with one line naming the topic and the operation.
            Path edited = dir.resolve("register.csv");
            Files.write(edited, Files.readAllLines(register).stream().filter(l -> !l.startsWith("EXC-2026-0002,")).toList());
            Path limitedSyncOut = dir.resolve("register-sync-limited.out");
            outputs.add(limitedSyncOut);
            Process limitedSync = start(limitedEnv, limitedSyncOut, "register-sync", "--register", edited.toString());
            assertThat(finished(limitedSync)).as(read(limitedSyncOut)).isEqualTo(2);
            assertThat(read(limitedSyncOut).lines().filter(l -> l.contains("not authorized")))
                    .containsExactly("register-sync failed: not authorized: WRITE on topic mfa.register for the configured "
                            + "principal; grant it or fix KAFKA_SASL_JAAS_CONFIG");

            Path limitedDetectorOut = dir.resolve("detector-limited.out");
            outputs.add(limitedDetectorOut);
            Process limitedDetector = start(limitedEnv, limitedDetectorOut, "detector");
            assertThat(finished(limitedDetector)).as(read(limitedDetectorOut)).isEqualTo(1);
            String denied = "not authorized: WRITE on topic mfa.alerts for the configured principal; "
                    + "grant it or fix KAFKA_SASL_JAAS_CONFIG";
            List<String> limitedLines = read(limitedDetectorOut).lines().toList();
            assertThat(limitedLines.stream().filter(l -> l.contains(" ERROR ") && l.contains("not authorized")))
                    .as("mfa-watch's ERROR lines about the denial in:%n%s", String.join("\n", limitedLines)).hasSize(1).allMatch(l -> l.endsWith(denied));
            assertThat(limitedLines).contains("detector: Kafka Streams failed: " + denied)
                    .noneMatch(l -> l.contains("replacing a failed stream thread"));
            int deniedExits = 2;

            // 3. No secret in any line of any run.
            long lines = 0;
            int leaks = 0;
            for (Path out : outputs) {
                for (String line : read(out).lines().toList()) {
                    lines++;
                    for (String canary : canaries) {
                        if (line.contains(canary)) {
                            leaks++;
                        }
                    }
                }
            }
            assertThat(lines).as("lines of output scanned").isGreaterThan(100);
            assertThat(read(detectorOut)).as("Kafka printed its client settings, the JAAS one hidden")
                    .contains("sasl.jaas.config = [hidden]").contains("ssl.truststore.password = [hidden]");
            System.out.printf("PROOF secured: apps-connected=%d acl-denied-exit=%d canary-leaks=%d lines-scanned=%d%n",
                    appsConnected, deniedExits, leaks, lines);
            assertThat(leaks).as("output lines holding a canary secret").isZero();
        }
    }

    /**
     * The ACLs docs/OPERATIONS.md gives the principal that runs register-sync and the detector with
     * application id {@code appId}, less WRITE on {@code withoutWrite}.
     */
    private static List<AclBinding> acls(String principal, String appId, Set<String> withoutWrite) {
        List<AclBinding> acls = new ArrayList<>();
        // The detector reads its alerts, notices and usage ledgers back for the query API's views.
        List<String> reads = List.of(Topics.SIGNIN_EVENTS.name(), Topics.DIRECTORY_CHANGES.name(), Topics.REGISTER.name(),
                Topics.PRINCIPALS.name(), Topics.ALIASES.name(), Topics.NOTICES.name(), Topics.ALERTS.name(),
                Topics.EXCEPTION_USAGE.name());
        List<String> writes = List.of(Topics.SIGNIN_EVENTS.name(), Topics.DIRECTORY_CHANGES.name(), Topics.REGISTER.name(),
                Topics.PRINCIPALS.name(), Topics.ALIASES.name(), Topics.NOTICES.name(), Topics.ALERTS.name(), Topics.DLQ.name(),
                Topics.EXCEPTION_USAGE.name());
        reads.forEach(t -> acls.add(allow(principal, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.READ)));
        writes.stream().filter(t -> !withoutWrite.contains(t))
                .forEach(t -> acls.add(allow(principal, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.WRITE)));
        // MFAWATCH_CREATE_TOPICS=true (the default) creates missing topics at start.
        Topics.ALL.forEach(t -> acls.add(allow(principal, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.CREATE)));
        acls.add(allow(principal, ResourceType.TOPIC, Topics.RAW_PREFIX, PatternType.PREFIXED, AclOperation.READ));
        acls.add(allow(principal, ResourceType.TOPIC, Topics.RAW_PREFIX, PatternType.PREFIXED, AclOperation.CREATE));
        // Kafka Streams: its internal topics, its consumer group and, for exactly-once, its transactional ids.
        acls.add(allow(principal, ResourceType.TOPIC, appId, PatternType.PREFIXED, AclOperation.ALL));
        acls.add(allow(principal, ResourceType.GROUP, appId, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(principal, ResourceType.TRANSACTIONAL_ID, appId, PatternType.PREFIXED, AclOperation.WRITE));
        return acls;
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }

    /** The apps' whole configuration: KAFKA_* for the connection, plus a canary token nothing should print. */
    private Map<String, String> env(SecuredListener secured, String user, String userPassword, String appId) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", secured.bootstrapServers());
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", SecuredListener.MECHANISM);
        env.put("KAFKA_SASL_JAAS_CONFIG", SecuredListener.jaasConfig(user, userPassword));
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", secured.truststore().toString());
        env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", secured.truststorePassword());
        env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
        env.put("MFAWATCH_APPLICATION_ID", appId);
        env.put("MFAWATCH_STATE_DIR", dir.resolve("state-" + appId).toString());
        env.put("MFAWATCH_HTTP_PORT", "0");
        env.put("MFAWATCH_API_PORT", "0"); // other tests on this machine may hold the default 8082
        env.put("MFAWATCH_LOG_LEVEL", "DEBUG");
        env.put("MFAWATCH_KAFKA_LOG_LEVEL", "INFO");
        env.put("MFAWATCH_WEBHOOK_TOKEN", token);
        return env;
    }

    /** Starts {@code java -jar target/mfa-watch.jar ARGS} with only {@code env} of the mfa-watch/Kafka settings. */
    private Process start(Map<String, String> env, Path out, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MFAWATCH_") || k.startsWith("KAFKA_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** The exit code of a process that must end by itself within the limit. */
    private static int finished(Process p) throws InterruptedException {
        assertThat(p.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("ended by itself within %s", RUN_LIMIT).isTrue();
        return p.exitValue();
    }

    private static void publishSignInWithoutMfa(LocalKafka kafka, String principal) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = UUID.randomUUID().toString();
        SignInEvent event = new SignInEvent(id, "entra-signin", now, new PrincipalRef(principal, List.of(), PrincipalType.USER),
                new AppRef("00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online"),
                new ClientInfo(ClientProtocol.BROWSER, "Mozilla/5.0", true), SignInResult.SUCCESS, "0", null,
                new MfaInfo(false, false, null, MethodClass.NONE, null, null, null),
                new NetworkInfo("203.0.113.7", "DE", "Berlin", 52.52, 13.40, 10.0),
                new DeviceInfo(null, null, null), "sess-" + id, "corr-" + id, null);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientProps(), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), principal, Topics.SIGNIN_SERDE.write(event)))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads mfa.alerts from the start as the super user, committed records only, no group. */
    private static KafkaConsumer<String, String> alertReader(LocalKafka kafka) {
        Map<String, Object> props = new HashMap<>(kafka.clientProps());
        props.put("isolation.level", "read_committed");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS.name()).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static String read(Path out) throws IOException {
        return Files.exists(out) ? Files.readString(out) : "";
    }

    /** The repository root (tests run in the cli module's directory). */
    private static Path repository() {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("cli" + File.separator + "pom.xml")).exists();
        return root;
    }
}
