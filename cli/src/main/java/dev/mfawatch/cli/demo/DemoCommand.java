package dev.mfawatch.cli.demo;

import dev.mfawatch.detector.DetectorApp;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.kafka.LocalKafka;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.config.Durations;
import dev.mfawatch.model.ops.OpsServer;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.register.RegisterSync;
import dev.mfawatch.register.SyncOptions;
import dev.mfawatch.register.SyncResult;
import dev.mfawatch.register.metrics.RegisterMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole pipeline on one machine: a real Kafka broker in this JVM, register-sync with the
 * example register, the detector, a generator of realistic sign-ins, and every alert printed as
 * it arrives on {@code mfa.alerts}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Runs the whole pipeline on a local broker; prints the alerts.",
        description = {"Runs the whole pipeline locally: a real single-node Kafka broker (KRaft, in this JVM), "
                + "register-sync with the example register, the detector and a sign-in generator, and prints each "
                + "alert as it arrives.",
                "Stop it with Ctrl-C, or give --duration."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--duration", paramLabel = "TIME",
            description = "Stop by itself after this long, e.g. 60s, 5m (default: run until Ctrl-C).")
    private String duration;

    @Option(names = "--http-port", defaultValue = "8080",
            description = "Port for /metrics, /health and /ready (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    private int httpPort;

    @Option(names = "--register-http-port", defaultValue = "8081",
            description = "Port for register-sync's /metrics, /health and /ready (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    private int registerHttpPort;

    @Option(names = "--api-port", defaultValue = "8082",
            description = "Port of the detector's query API on localhost (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    private int apiPort;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = {"Generate sign-ins into this Kafka cluster and print the alerts it carries; start no broker,",
                    "register-sync or detector (the traffic generator of docker-compose.yml)."})
    private String bootstrapServers;

    @Option(names = "--rate", defaultValue = "5",
            description = "Ordinary sign-ins per second from the generator (default: ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generator (default: ${DEFAULT-VALUE}).")
    private long seed;

    private final Map<String, Integer> alertsByRule = new TreeMap<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Duration limit = duration == null ? null : Durations.parse("--duration", duration);
        if (rate < 1 || rate > 1000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rate must be between 1 and 1000");
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            awaitQuietly(stopped, Duration.ofSeconds(30));
        }, "mfawatch-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Path work = Files.createTempDirectory("mfa-watch-demo-");
        try {
            run(out, limit, stop, work);
            return 0;
        } finally {
            deleteRecursively(work);
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is already running and waits for us.
            }
        }
    }

    private void run(PrintWriter out, Duration limit, CountDownLatch stop, Path work) throws Exception {
        if (bootstrapServers != null) {
            generateOnly(out, limit, stop);
            return;
        }
        out.println("mfa-watch demo: starting a real Kafka broker (KRaft, single node, in this JVM)…");
        out.flush();
        try (LocalKafka kafka = LocalKafka.start()) {
            out.printf("broker ready on %s in %.1f s%n", kafka.bootstrapServers(), kafka.startupTime().toMillis() / 1000.0);
            Map<String, Object> client = kafka.clientProps();
            TopicSetup.ensureAll(client, 4);

            Path register = ExampleRegister.writeFor(LocalDate.now(ZoneOffset.UTC), work);
            Path inventory = ExampleRegister.writeInventoryFor(LocalDate.now(ZoneOffset.UTC), work);
            // register-sync's KPIs (served as `register-sync --watch` would) so the dashboards have them too.
            RegisterMetrics registerMetrics = new RegisterMetrics();
            try (RegisterSync sync = new RegisterSync(client, Clock.systemUTC(), SyncOptions.defaults(), registerMetrics)) {
                SyncResult result = sync.syncOnce(register, inventory, false);
                out.printf("register-sync published %d exception(s) from the example register to %s and %d principal(s) "
                        + "from the example inventory to %s%n", result.upserts(), Topics.REGISTER.name(),
                        result.principalUpserts(), Topics.PRINCIPALS.name());
                result.problems().forEach(p -> out.println("  register: " + p));
            }

            DetectorConfig config = DetectorConfig.from(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "MFAWATCH_APPLICATION_ID", "mfa-watch-demo",
                    "MFAWATCH_STATE_DIR", work.resolve("streams").toString(),
                    "MFAWATCH_HTTP_PORT", Integer.toString(httpPort),
                    "MFAWATCH_API_PORT", Integer.toString(apiPort),
                    // Demo time: ledgers published every 5 s and an exception unused for 20 s (after a 10 s grace
                    // instead of 15 min) is announced, so the never-used example shows up within a minute.
                    "MFAWATCH_USAGE_PUBLISH_INTERVAL", "5s",
                    "MFAWATCH_UNUSED_AFTER", "20s",
                    "MFAWATCH_GRACE", "10s"));
            PrometheusMeterRegistry registerRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registerMetrics.bindTo(registerRegistry);
            try (OpsServer registerOps = registerOps(out, config.httpHost(), registerRegistry);
                 DetectorApp detector = DetectorApp.start(config);
                 KafkaConsumer<String, String> alerts = alertConsumer(kafka.bootstrapServers());
                 KafkaProducer<String, byte[]> producer = signInProducer(kafka.bootstrapServers())) {
                out.printf("detector running; metrics on http://localhost:%d/metrics%n", detector.httpPort());
                if (registerOps != null) {
                    out.printf("register-sync metrics on http://localhost:%d/metrics%n", registerOps.port());
                }
                out.printf("query API on http://localhost:%d/api: try curl http://localhost:%d/api/exceptions/%s%n",
                        detector.apiPort(), detector.apiPort(), DemoTraffic.COVERED_EXCEPTION);
                // The broker lives as long as the demo: the report is made from another terminal meanwhile.
                out.printf("audit report (from another terminal while the demo runs): ./mfa-watch report "
                        + "--bootstrap-servers %s --out mfa-watch-demo-report.html%n", kafka.bootstrapServers());
                out.println(limit == null ? "generating sign-ins; alerts follow (Ctrl-C to stop)"
                        : "generating sign-ins for " + duration + "; alerts follow");
                out.flush();
                loop(out, limit, stop, alerts, producer);
            }
        }
        out.println();
        out.println("alerts by rule: " + (alertsByRule.isEmpty() ? "none" : alertsByRule));
        out.println("demo stopped; broker data removed");
        out.flush();
    }

    /**
     * register-sync's {@code /metrics} for the dashboards, or null: the demo goes on without them when
     * the port is taken (the detector's own port stays mandatory).
     */
    private OpsServer registerOps(PrintWriter out, String host, PrometheusMeterRegistry registry) {
        try {
            return OpsServer.start(host, registerHttpPort, registry::scrape, () -> true, () -> true);
        } catch (IllegalStateException e) {
            out.println("register-sync metrics not served: port " + registerHttpPort
                    + " is in use (choose another with --register-http-port)");
            return null;
        }
    }

    /** Traffic into a cluster someone else runs (register-sync and the detector included). */
    private void generateOnly(PrintWriter out, Duration limit, CountDownLatch stop) throws InterruptedException {
        try (KafkaConsumer<String, String> alerts = alertConsumer(bootstrapServers);
             KafkaProducer<String, byte[]> producer = signInProducer(bootstrapServers)) {
            out.println("generating sign-ins into " + bootstrapServers + (limit == null ? "" : " for " + duration)
                    + "; alerts follow");
            out.flush();
            loop(out, limit, stop, alerts, producer);
        }
        out.println();
        out.println("alerts by rule: " + (alertsByRule.isEmpty() ? "none" : alertsByRule));
        out.flush();
    }

    /** Generates traffic and prints alerts until the time limit or Ctrl-C. */
    private void loop(PrintWriter out, Duration limit, CountDownLatch stop, KafkaConsumer<String, String> alerts,
                      KafkaProducer<String, byte[]> producer) throws InterruptedException {
        Instant start = Instant.now();
        DemoTraffic traffic = new DemoTraffic(seed, start);
        long tickMillis = Math.max(1, 1000 / rate);
        Instant nextTick = start;
        while (limit == null || Duration.between(start, Instant.now()).compareTo(limit) < 0) {
            Instant now = Instant.now();
            if (!now.isBefore(nextTick)) {
                for (SignInEvent e : traffic.next(now)) {
                    producer.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), e.principal().id(),
                            Topics.SIGNIN_SERDE.write(e)));
                }
                for (DirectoryChange c : traffic.changes(now)) {
                    for (String target : c.targets()) {
                        producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES.name(), target, Topics.CHANGE_SERDE.write(c)));
                    }
                }
                nextTick = nextTick.plusMillis(tickMillis);
            }
            // The poll doubles as the generator's pacing: it returns early when alerts arrive.
            long wait = Math.max(1, Math.min(Duration.between(Instant.now(), nextTick).toMillis(), 200));
            for (ConsumerRecord<String, String> r : alerts.poll(Duration.ofMillis(wait))) {
                print(out, r.value());
            }
            if (stop.await(0, TimeUnit.MILLISECONDS)) {
                break;
            }
        }
        producer.flush();
    }

    private void print(PrintWriter out, String json) {
        try {
            Alert a = Topics.ALERT_SERDE.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            alertsByRule.merge(a.rule(), 1, Integer::sum);
            out.println(AlertLine.format(a));
        } catch (SerializationException e) {
            out.println("(unreadable alert: " + e.getMessage() + ")");
        }
        out.flush();
    }

    private static KafkaConsumer<String, String> alertConsumer(String bootstrap) {
        KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrap,
                "group.id", "mfa-watch-demo-printer",
                "auto.offset.reset", "earliest",
                // Alerts are written in transactions (exactly-once): show only committed ones.
                "isolation.level", "read_committed"),
                new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(Topics.ALERTS.name()));
        return c;
    }

    private static KafkaProducer<String, byte[]> signInProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "linger.ms", 5),
                new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
    }

    private static void awaitQuietly(CountDownLatch latch, Duration d) {
        try {
            latch.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: it is a temp dir.
        }
    }
}
