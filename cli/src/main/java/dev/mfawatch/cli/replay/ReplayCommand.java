package dev.mfawatch.cli.replay;

import dev.mfawatch.detector.backtest.Backtest;
import dev.mfawatch.detector.backtest.InputRecords;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.config.EnvConfig;
import dev.mfawatch.model.config.KafkaSettings;
import dev.mfawatch.normalize.NormalizerConfig;
import dev.mfawatch.normalize.Normalizers;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code replay}: publishes exported logs to the topics the detector reads, exactly the records
 * {@code backtest} pipes for the same inputs ({@link InputRecords}). Each record's timestamp is the
 * event's own time, so a replay of old logs looks to the detector as the logs did when they were new.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        header = "Publishes exported logs to Kafka for a running detector.",
        description = {
                "Reads exports with the same reader as normalize and backtest (files, directories, .gz, JSON "
                        + "lines, documents, arrays and envelopes, CSV rows, - for stdin) and publishes them: a "
                        + "provider SOURCE (entra-signin, entra-audit, okta, cloudtrail, google) to idp.raw.SOURCE, "
                        + "one provider event per record without a key; canonical sign-ins (SOURCE canonical) to "
                        + "signin.events keyed by principal id; canonical changes (SOURCE changes) to "
                        + "directory.changes, one record per target keyed by it.",
                "Each record's timestamp is the event's own time (an event that cannot be normalized gets the "
                        + "time of the event before it). The producer is idempotent (acks=all). Missing topics are "
                        + "created (MFAWATCH_TOPIC_PARTITIONS, default 4). KAFKA_* environment variables pass "
                        + "through to the producer. At the end the command prints how many records went to each "
                        + "topic, and reports unreadable events in normalize's words on stderr."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every record published", "1:Kafka refused or lost records",
                "2:invalid usage, unreadable input or no Kafka settings"})
public final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "The Kafka brokers; overrides KAFKA_BOOTSTRAP_SERVERS.")
    String bootstrapServers;

    @Option(names = "--source", required = true, paramLabel = "SOURCE",
            description = "entra-signin, entra-audit, okta, cloudtrail, google, canonical or changes.")
    String source;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "At most N records per second; 0 (default): as fast as Kafka takes them.")
    double rate;

    @Option(names = "--loop", description = "Start over at the end of the input, until interrupted.")
    boolean loop;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Exports to publish; - reads stdin.")
    List<String> inputs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final InputStream stdin;

    public ReplayCommand() {
        this(System.getenv(), System.in);
    }

    /** For tests and embedding: the environment and the stdin to read. */
    public ReplayCommand(Map<String, String> env, InputStream stdin) {
        this.env = Map.copyOf(env);
        this.stdin = stdin;
    }

    /** The options after checking, or an error in the command's words. */
    record Plan(List<Backtest.Input> inputs, Map<String, Object> kafka, RateLimiter limiter, int partitions) {
    }

    Plan plan() {
        String src = source.trim().toLowerCase(Locale.ROOT);
        if (!src.equals(Backtest.CANONICAL) && !src.equals(Backtest.CHANGES)) {
            Normalizers.forSource(src, NormalizerConfig.DEFAULTS); // throws for an unknown source
        }
        List<Backtest.Input> in = new ArrayList<>();
        for (String path : inputs) {
            if (path.equals("-")) {
                if (loop) {
                    throw new IllegalArgumentException("--loop cannot repeat stdin (-): give files or directories");
                }
            } else if (!Files.isReadable(Path.of(path))) {
                throw new IllegalArgumentException("cannot read " + path);
            }
            in.add(new Backtest.Input(src, path));
        }
        EnvConfig config = EnvConfig.of(KafkaSettings.withBootstrap(env, bootstrapServers));
        Map<String, Object> kafka = new HashMap<>(config.kafka());
        if (kafka.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("no Kafka: give --bootstrap-servers HOST:PORT or set KAFKA_BOOTSTRAP_SERVERS");
        }
        int partitions = config.getInt("MFAWATCH_TOPIC_PARTITIONS", 4);
        return new Plan(in, kafka, RateLimiter.perSecond(rate), partitions);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Plan plan;
        try {
            plan = plan();
        } catch (IllegalArgumentException e) {
            err.println("replay: " + e.getMessage());
            err.flush();
            return 2;
        }
        Map<String, Object> props = new HashMap<>(plan.kafka());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "10");
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // A broker restart or a slow leader election must not fail a replay: the client's 2 minutes to deliver a
        // record (and 1 to wait for metadata) become 10; KAFKA_DELIVERY_TIMEOUT_MS / KAFKA_MAX_BLOCK_MS still win.
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(10).toMillis());
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Duration.ofMinutes(10).toMillis());
        // One request in flight per broker: when a leader moves or the broker restarts, several in-flight batches
        // answered NOT_LEADER_OR_FOLLOWER came back as OUT_OF_ORDER_SEQUENCE on retry, which fails those records
        // (seen with the in-JVM broker in the bench and PoisonProofIT). A replay is paced, so little is lost by it.
        props.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        Map<String, AtomicLong> sent = new TreeMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        // Ctrl-C / SIGTERM: stop reading, flush what was sent, print the counts, then let the JVM exit.
        Thread main = Thread.currentThread();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            main.interrupt();
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mfawatch-replay-shutdown");
        try (Admin admin = Admin.create(plan.kafka());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                     new ByteArraySerializer())) {
            TopicSetup.ensure(admin, List.of(plan.inputs().get(0).topic()), plan.partitions());
            Runtime.getRuntime().addShutdownHook(hook);
            boolean interrupted = false;
            try {
                do {
                    for (Backtest.Input in : plan.inputs()) {
                        String summary = publish(in, plan.limiter(), producer, sent, failure, err);
                        err.println("read " + in + ": " + summary);
                        err.flush();
                    }
                } while (loop && failure.get() == null);
            } catch (Interrupted | InterruptException e) {
                interrupted = true;
                Thread.interrupted();
            }
            producer.flush();
            sent.forEach((topic, n) -> out.println(n.get() + " records to " + topic));
            out.flush();
            if (failure.get() != null) {
                err.println("replay: Kafka did not take every record: " + Reasons.of(failure.get()));
                err.flush();
                return 1;
            }
            return interrupted ? 130 : 0;
        } catch (IOException e) {
            err.println("replay: " + e.getMessage());
            err.flush();
            return 2;
        } catch (RuntimeException e) {
            err.println("replay: failed: " + Reasons.of(e));
            err.flush();
            return 1;
        } finally {
            done.countDown();
            removeHook(hook);
        }
    }

    /** Thrown out of the reader's callback when Ctrl-C asks to stop. */
    private static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    private String publish(Backtest.Input in, RateLimiter limiter, KafkaProducer<String, byte[]> producer,
                           Map<String, AtomicLong> sent, AtomicReference<Exception> failure, PrintWriter err)
            throws IOException {
        Instant[] previous = {null};
        return InputRecords.read(in, NormalizerConfig.DEFAULTS, stdin, r -> {
            if (failure.get() != null) {
                return;
            }
            if (Thread.interrupted()) {
                throw new Interrupted();
            }
            try {
                limiter.acquire();
            } catch (InterruptedException e) {
                throw new Interrupted();
            }
            // An event without a time of its own keeps the stream's time where it was.
            Instant time = r.time() != null ? r.time() : previous[0];
            previous[0] = time;
            AtomicLong counter = sent.computeIfAbsent(r.topic(), t -> new AtomicLong());
            producer.send(new ProducerRecord<>(r.topic(), null, time == null ? null : time.toEpochMilli(), r.key(), r.value()),
                    (meta, e) -> {
                        if (e == null) {
                            counter.incrementAndGet();
                        } else {
                            failure.compareAndSet(null, e);
                        }
                    });
        }, err::println);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Shutting down already, or never added.
        }
    }
}
