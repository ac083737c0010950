package dev.mfawatch.bench;

import dev.mfawatch.detector.DetectorApp;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.kafka.LocalKafka;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.SignInEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Load harness for DESIGN's performance targets, on a real single-node broker in this JVM:
 * <ol>
 *   <li>throughput of a Kafka Streams pass-through over the input topic (the machine's ceiling),</li>
 *   <li>throughput of the detector at-least-once and exactly-once over the same records,</li>
 *   <li>engine-added latency (input append time → alert append time) at a steady rate under exactly-once.</li>
 * </ol>
 * Prints figures; asserts nothing (targets are judged by a person, not by a timed test).
 * Usage: {@code java -cp ... dev.mfawatch.bench.DetectorBench [events] [latencyRate] [latencySeconds]}.
 */
public final class DetectorBench {

    private static final int PARTITIONS = 4;
    private static final int USERS = 100_000;
    /**
     * Completion is seen through the group's committed offsets, so every run commits as often as
     * exactly-once does by default (100 ms); at-least-once's default of 30 s would hide its speed.
     */
    private static final String COMMIT_INTERVAL_MS = System.getenv().getOrDefault("BENCH_COMMIT_INTERVAL_MS", "100");

    private DetectorBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        System.out.printf("mfa-watch bench: %d events, %d users, %d partitions, %d cores, max heap %d MiB%n",
                events, USERS, PARTITIONS, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        throughput(events);
        latency(rate, seconds);
        System.exit(0);
    }

    private static void throughput(int events) throws Exception {
        try (LocalKafka kafka = LocalKafka.start()) {
            TopicSetup.ensureAll(kafka.clientProps(), PARTITIONS);
            Instant now = Instant.now();
            publishRegister(kafka, now);
            long bytes = produce(kafka, events, now);
            System.out.printf("input: %d records, %.0f bytes on average%n", events, (double) bytes / events);

            double pass = run(kafka, "bench-passthrough", events, () -> passThrough(kafka));
            double alos = run(kafka, "bench-alos", events, () -> detector(kafka, "bench-alos", "at_least_once"));
            double eos = run(kafka, "bench-eos", events, () -> detector(kafka, "bench-eos", "exactly_once_v2"));
            System.out.printf("pass-through          %,10.0f records/s%n", pass);
            System.out.printf("detector at-least-once %,9.0f records/s  (%.2f of pass-through)%n", alos, alos / pass);
            System.out.printf("detector exactly-once  %,9.0f records/s  (%.2f of pass-through, %.2f of at-least-once)%n",
                    eos, eos / pass, eos / alos);
        }
    }

    /** Starts an app, waits until its group has committed the end of the input, returns records/s. */
    private static double run(LocalKafka kafka, String group, int events, java.util.function.Supplier<AutoCloseable> app)
            throws Exception {
        Map<TopicPartition, Long> end = endOffsets(kafka, Topics.SIGNIN_EVENTS.name());
        long start = System.nanoTime();
        try (AutoCloseable running = app.get(); Admin admin = Admin.create(kafka.clientProps())) {
            long deadline = start + TimeUnit.MINUTES.toNanos(10);
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                if (end.entrySet().stream().allMatch(e -> Optional.ofNullable(committed.get(e.getKey()))
                        .map(OffsetAndMetadata::offset).orElse(-1L) >= e.getValue())) {
                    double secs = (System.nanoTime() - start) / 1e9;
                    System.out.printf("  %s: %d records in %.2f s (including start-up)%n", group, events, secs);
                    return events / secs;
                }
                TimeUnit.MILLISECONDS.sleep(50); // polling the group's progress, not waiting for a result
            }
            throw new IllegalStateException(group + " did not finish in 10 minutes");
        }
    }

    private static AutoCloseable passThrough(LocalKafka kafka) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(Topics.SIGNIN_EVENTS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("in"))
                .to("bench.passthrough", Produced.with(Serdes.String(), Serdes.ByteArray()).withName("out"));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-passthrough");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, tempDir("passthrough"));
        p.put("auto.offset.reset", "earliest");
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        try (Admin admin = Admin.create(kafka.clientProps())) {
            admin.createTopics(List.of(new NewTopic("bench.passthrough", PARTITIONS, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        KafkaStreams streams = new KafkaStreams(b.build(), p);
        streams.start();
        return () -> streams.close(Duration.ofSeconds(10));
    }

    private static AutoCloseable detector(LocalKafka kafka, String appId, String guarantee) {
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "MFAWATCH_APPLICATION_ID", appId,
                "MFAWATCH_PROCESSING_GUARANTEE", guarantee,
                "MFAWATCH_STATE_DIR", tempDir(appId),
                "MFAWATCH_HTTP_PORT", "0",
                "KAFKA_COMMIT_INTERVAL_MS", COMMIT_INTERVAL_MS,
                // Canonical sign-ins only: the raw normalizers have their own bench (RawNormalizeBench).
                "MFAWATCH_SOURCES", "none"));
        // Detector settings under test (e.g. MFAWATCH_STATE_STORES=memory, KAFKA_MAX_TASK_IDLE_MS) come from the environment.
        System.getenv().forEach((k, v) -> {
            if ((k.startsWith("MFAWATCH_") || k.startsWith("KAFKA_")) && !k.equals("MFAWATCH_HTTP_PORT")
                    && !k.equals("KAFKA_BOOTSTRAP_SERVERS")) {
                env.put(k, v);
            }
        });
        DetectorApp app = DetectorApp.start(DetectorConfig.from(env));
        return app::close;
    }

    private static void latency(int rate, int seconds) throws Exception {
        try (LocalKafka kafka = LocalKafka.start()) {
            // Log-append time on both topics: the broker stamps input and alert alike.
            try (Admin admin = Admin.create(kafka.clientProps())) {
                Map<String, String> appendTime = Map.of("message.timestamp.type", "LogAppendTime");
                admin.createTopics(List.of(
                        new NewTopic(Topics.SIGNIN_EVENTS.name(), PARTITIONS, (short) 1).configs(appendTime),
                        new NewTopic(Topics.ALERTS.name(), PARTITIONS, (short) 1).configs(appendTime))).all().get();
            }
            TopicSetup.ensureAll(kafka.clientProps(), PARTITIONS);
            Instant now = Instant.now();
            publishRegister(kafka, now);
            Map<String, Long> appended = new ConcurrentHashMap<>();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            try (AutoCloseable app = detector(kafka, "bench-latency", "exactly_once_v2");
                 KafkaProducer<String, byte[]> producer = producer(kafka);
                 KafkaConsumer<String, byte[]> alerts = new KafkaConsumer<>(Map.of(
                         "bootstrap.servers", kafka.bootstrapServers(), "group.id", "bench-latency-reader",
                         "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                         new StringDeserializer(), new ByteArrayDeserializer())) {
                alerts.subscribe(List.of(Topics.ALERTS.name()));
                // Warm up: wait until the detector answers one alert.
                BenchTraffic traffic = new BenchTraffic(USERS, 7);
                long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                boolean ready = false;
                for (long seq = 0; !ready && System.nanoTime() < warm; seq++) {
                    producer.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), "warm",
                            BenchTraffic.bytes(traffic.next(-1 - seq, Instant.now(), true))));
                    producer.flush();
                    ready = !alerts.poll(Duration.ofMillis(500)).isEmpty();
                }
                int total = rate * seconds;
                long intervalNanos = 1_000_000_000L / rate;
                long begin = System.nanoTime();
                int alertsExpected = 0;
                for (int i = 0; i < total; i++) {
                    long due = begin + i * intervalNanos;
                    while (System.nanoTime() < due) {
                        drain(alerts.poll(Duration.ZERO), appended, latencies);
                        Thread.onSpinWait();
                    }
                    boolean alert = i % 10 == 0;
                    alertsExpected += alert ? 1 : 0;
                    SignInEvent e = traffic.next(i, Instant.now(), alert);
                    String id = e.eventId();
                    producer.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), e.principal().id(),
                            BenchTraffic.bytes(e)), (md, ex) -> {
                                if (md != null && alert) {
                                    appended.put(id, md.timestamp());
                                }
                            });
                }
                producer.flush();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (latencies.size() < alertsExpected && System.nanoTime() < deadline) {
                    drain(alerts.poll(Duration.ofMillis(100)), appended, latencies);
                }
                report(rate, seconds, alertsExpected, latencies);
            }
        }
    }

    private static void drain(Iterable<ConsumerRecord<String, byte[]>> records, Map<String, Long> appended,
                              List<Long> latencies) {
        for (ConsumerRecord<String, byte[]> r : records) {
            Alert a = Topics.ALERT_SERDE.read(r.value());
            for (String ev : a.evidence()) {
                Long in = appended.remove(ev);
                if (in != null) {
                    latencies.add(r.timestamp() - in);
                }
            }
        }
    }

    private static void report(int rate, int seconds, int expected, List<Long> latencies) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println("latency: no alerts measured");
            return;
        }
        System.out.printf("latency at %d events/s for %d s, exactly-once: %d of %d alerts measured; "
                        + "input append -> alert append p50 %d ms, p99 %d ms, max %d ms%n",
                rate, seconds, sorted.size(), expected, pct(sorted, 0.50), pct(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static void publishRegister(LocalKafka kafka, Instant now) throws Exception {
        // Plain defaults here: with the bench's large batches the broker rejected the register's
        // idempotent batches on the compacted topic as out of order (seen once, not investigated).
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(kafka.clientProps(), new StringSerializer(),
                new ByteArraySerializer())) {
            for (ExceptionEntry e : BenchTraffic.register(USERS, now)) {
                p.send(new ProducerRecord<>(Topics.REGISTER.name(), e.id(), Topics.REGISTER_SERDE.write(e)));
            }
            p.flush();
        }
    }

    private static long produce(LocalKafka kafka, int events, Instant now) {
        BenchTraffic traffic = new BenchTraffic(USERS, 1);
        long bytes = 0;
        try (KafkaProducer<String, byte[]> p = producer(kafka)) {
            for (int i = 0; i < events; i++) {
                SignInEvent e = traffic.next(i, now.plusMillis(i), false);
                byte[] v = BenchTraffic.bytes(e);
                bytes += v.length;
                p.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), e.principal().id(), v));
            }
            p.flush();
        }
        return bytes;
    }

    private static KafkaProducer<String, byte[]> producer(LocalKafka kafka) {
        Map<String, Object> props = new HashMap<>(kafka.clientProps());
        props.put("linger.ms", 5);
        props.put("batch.size", 256 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static Map<TopicPartition, Long> endOffsets(LocalKafka kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProps())) {
            Set<String> topics = Set.of(topic);
            Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> spec.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = admin.listOffsets(spec).all().get();
            Map<TopicPartition, Long> end = new HashMap<>();
            r.forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        }
    }

    private static String tempDir(String name) {
        try {
            Path d = Files.createTempDirectory("mfa-watch-bench-" + name);
            d.toFile().deleteOnExit();
            return d.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
