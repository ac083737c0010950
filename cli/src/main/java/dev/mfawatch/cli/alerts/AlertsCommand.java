package dev.mfawatch.cli.alerts;

import dev.mfawatch.cli.demo.AlertLine;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.config.Durations;
import dev.mfawatch.model.config.EnvConfig;
import dev.mfawatch.model.config.KafkaSettings;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code alerts}: prints what the detector published on {@code mfa.alerts}, committed transactions
 * only, without joining or committing a consumer group (the partitions are assigned directly), so
 * any number of readers can watch without disturbing each other or a SOC connector.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        header = "Prints the alerts on mfa.alerts, one per line.",
        description = {
                "Reads mfa.alerts with isolation.level=read_committed (only alerts of committed transactions) "
                        + "and prints each as the demo does (time, severity, rule, principal, where from, why) or, "
                        + "with --json, as its JSON on one line. No consumer group is joined or committed.",
                "Without --follow or --idle-exit it reads up to the current end and exits; --follow keeps "
                        + "printing new alerts until Ctrl-C; --idle-exit 10s stops after 10 seconds without a new "
                        + "alert. KAFKA_* environment variables pass through to the consumer."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:Kafka could not be read", "2:invalid usage or no Kafka settings"})
public final class AlertsCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(200);

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "The Kafka brokers; overrides KAFKA_BOOTSTRAP_SERVERS.")
    String bootstrapServers;

    @Option(names = "--from-beginning", description = "Start at the oldest alert kept; default: only new alerts.")
    boolean fromBeginning;

    @Option(names = "--json", description = "Print each alert's JSON on one line.")
    boolean json;

    @ArgGroup(exclusive = true)
    Until until;

    /** How long to keep reading: at most one of the two. */
    static final class Until {
        @Option(names = "--follow", required = true, description = "Keep printing new alerts until Ctrl-C.")
        boolean follow;

        @Option(names = "--idle-exit", required = true, paramLabel = "DURATION",
                description = "Stop after this long without a new alert (e.g. 10s, 2m).")
        String idleExit;
    }

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    public AlertsCommand() {
        this(System.getenv());
    }

    /** For tests and embedding: the environment to read Kafka settings from. */
    public AlertsCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** When reading stops. */
    enum Mode { TO_END, FOLLOW, IDLE_EXIT }

    record Plan(Map<String, Object> consumer, Mode mode, Duration idle) {
    }

    Plan plan() {
        Map<String, Object> props = new HashMap<>(EnvConfig.of(KafkaSettings.withBootstrap(env, bootstrapServers)).kafka());
        if (props.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("no Kafka: give --bootstrap-servers HOST:PORT or set KAFKA_BOOTSTRAP_SERVERS");
        }
        // Partitions are assigned, not subscribed: no group, nothing committed.
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        Mode mode = until == null ? Mode.TO_END : until.follow ? Mode.FOLLOW : Mode.IDLE_EXIT;
        Duration idle = mode == Mode.IDLE_EXIT ? Durations.parse("--idle-exit", until.idleExit) : null;
        return new Plan(props, mode, idle);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Plan plan;
        try {
            plan = plan();
        } catch (IllegalArgumentException e) {
            err.println("alerts: " + e.getMessage());
            err.flush();
            return 2;
        }
        CountDownLatch done = new CountDownLatch(1);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(plan.consumer(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Thread hook = new Thread(() -> {
                consumer.wakeup();
                try {
                    done.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "mfawatch-alerts-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                read(consumer, plan, out, err);
            } catch (WakeupException stopped) {
                // Ctrl-C.
            } finally {
                out.flush();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is running and waits for us.
                }
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("alerts: could not read " + Topics.ALERTS.name() + ": " + Reasons.of(e));
            err.flush();
            return 1;
        } finally {
            done.countDown();
        }
    }

    private void read(KafkaConsumer<byte[], byte[]> consumer, Plan plan, PrintWriter out, PrintWriter err) {
        List<TopicPartition> partitions = partitions(consumer, plan);
        if (partitions.isEmpty()) {
            return;
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // read_committed: the end is the last stable offset, so an open transaction is not waited for.
        Map<TopicPartition, Long> end = plan.mode() == Mode.TO_END ? consumer.endOffsets(partitions) : Map.of();
        long lastNews = System.nanoTime();
        while (true) {
            boolean any = false;
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                any = true;
                print(r, out, err);
            }
            if (any) {
                out.flush();
                lastNews = System.nanoTime();
            }
            if (plan.mode() == Mode.TO_END && reached(consumer, end)) {
                return;
            }
            if (plan.mode() == Mode.IDLE_EXIT && System.nanoTime() - lastNews >= plan.idle().toNanos()) {
                return;
            }
        }
    }

    /** The topic's partitions; with --follow or --idle-exit, waits for the detector to create the topic. */
    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, Plan plan) {
        long start = System.nanoTime();
        while (true) {
            List<TopicPartition> found = consumer.listTopics(Duration.ofSeconds(30)).getOrDefault(Topics.ALERTS.name(), List.of())
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            boolean keepWaiting = plan.mode() == Mode.FOLLOW
                    || plan.mode() == Mode.IDLE_EXIT && System.nanoTime() - start < plan.idle().toNanos();
            if (!found.isEmpty() || !keepWaiting) {
                return found;
            }
            // Nothing to assign yet: look again shortly.
            try {
                TimeUnit.MILLISECONDS.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void print(ConsumerRecord<byte[], byte[]> r, PrintWriter out, PrintWriter err) {
        if (r.value() == null) {
            return;
        }
        Alert alert;
        try {
            alert = Topics.ALERT_SERDE.read(r.value());
        } catch (RuntimeException e) {
            err.println("alerts: " + r.topic() + "-" + r.partition() + "@" + r.offset() + ": not an alert: " + Reasons.of(e));
            return;
        }
        out.println(json ? new String(r.value(), StandardCharsets.UTF_8) : AlertLine.format(alert));
    }
}
