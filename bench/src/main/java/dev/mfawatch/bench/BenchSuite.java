package dev.mfawatch.bench;

import dev.mfawatch.detector.DetectorApp;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.backtest.Backtest;
import dev.mfawatch.kafka.LocalKafka;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.SignInEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
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
 * The whole benchmark of issue 12, each part on its own real single-node broker in this JVM (a
 * fresh broker per part, so no part reads another's records): baselines (a bare consumer, a Kafka
 * Streams pass-through), the detector at-least-once and exactly-once, raw Entra normalization,
 * latency at a fixed rate, state bytes per principal and restore time with RocksDB stores, the
 * state sweep with 1 % of principals active, throughput with 1 % poison records, the backtest, and
 * throughput against tenant size and stream threads. Prints progress to {@code log} and returns
 * the report; asserts nothing (targets are judged in the table, never by a timed test).
 *
 * <p>Throughput figures are records committed per second over the second half of a run's input
 * (start-up, restoration and warm-up excluded); progress is seen through the group's committed
 * offsets, so every run commits every 100 ms (exactly-once's default; at-least-once's 30 s would hide it).
 *
 * <p>For debugging one part: {@code -Dmfawatch.bench.only=throughput,raw,latency,poison,state,backtest,scaling}
 * (any subset) skips the others.
 */
public final class BenchSuite {

    private static final int PARTITIONS = 4;
    private static final String COMMIT_INTERVAL_MS = "100";
    private static final Duration RUN_LIMIT = Duration.ofMinutes(15);

    /**
     * Sizes of one run. {@code tenant}: principals of the throughput, poison, latency and backtest
     * tenant; {@code statePrincipals}: principals loaded for state and restore (one sign-in each);
     * {@code stateActive}: principals signing in during the sweep measurement.
     */
    public record Sizes(String name, int tenant, int events, int rawRecords, int latencyRate, int latencySeconds,
                        int statePrincipals, int stateActive, int backtestEvents, List<Integer> scalingPrincipals,
                        int scalingEvents) {

        public static Sizes full() {
            return new Sizes("full", 100_000, 500_000, 100_000, 1_000, 30, 1_000_000, 10_000, 1_000_000,
                    List.of(10_000, 100_000), 300_000);
        }

        public static Sizes quick() {
            return new Sizes("quick", 100_000, 100_000, 20_000, 1_000, 10, 200_000, 2_000, 100_000,
                    List.of(10_000, 100_000), 60_000);
        }

        /** Seconds, for the functional test: every part runs, no figure means anything. */
        public static Sizes tiny() {
            return new Sizes("tiny", 2_000, 3_000, 300, 200, 2, 2_000, 100, 2_000, List.of(1_000), 2_000);
        }
    }

    private final Sizes sizes;
    private final PrintStream log;
    private final Map<String, String> overrides;
    private final BenchReport report = new BenchReport();
    private final List<Path> tempDirs = new ArrayList<>();

    private BenchSuite(Sizes sizes, PrintStream log, Map<String, String> overrides) {
        this.sizes = sizes;
        this.log = log;
        this.overrides = overrides;
    }

    /**
     * Runs every part; a part that fails leaves its figures {@code n/a} and a note, the others still run.
     *
     * @param overrides {@code MFAWATCH_*} / {@code KAFKA_*} settings applied to every detector run
     */
    public static BenchReport run(Sizes sizes, PrintStream log, Map<String, String> overrides) {
        BenchSuite suite = new BenchSuite(sizes, log, overrides);
        try {
            suite.runAll();
        } finally {
            suite.tempDirs.forEach(BenchSuite::deleteQuietly);
        }
        return suite.report;
    }

    private void runAll() {
        Runtime rt = Runtime.getRuntime();
        report.header(String.format(Locale.ROOT, "mfa-watch bench (%s): %d cores, max heap %,d MiB, Java %s, %d partitions, "
                        + "single-node KRaft broker in the same JVM",
                sizes.name(), rt.availableProcessors(), rt.maxMemory() >> 20, Runtime.version(), PARTITIONS));
        loadAverage().ifPresent(l -> report.header("load average at the start (1, 5, 15 min): " + l
                + " — other processes on these cores lower every rate below"));
        if (!overrides.isEmpty()) {
            report.header("detector settings from the environment: " + String.join(", ", overrides.keySet()));
        }
        double[] eos = {Double.NaN};
        part("throughput", () -> eos[0] = throughput());
        part("raw", this::rawEntra);
        part("latency", this::latency);
        part("poison", () -> poison(eos[0]));
        double[] stateRate = {Double.NaN};
        part("state", () -> stateRate[0] = stateAndRestore());
        part("backtest", this::backtest);
        part("scaling", () -> scaling(stateRate[0]));
        long used = (rt.totalMemory() - rt.freeMemory()) >> 20;
        report.header(String.format(Locale.ROOT, "heap in use at the end %,d MiB of %,d MiB committed", used,
                rt.totalMemory() >> 20));
        loadAverage().ifPresent(l -> report.header("load average at the end (1, 5, 15 min): " + l));
    }

    /** The system's load average where Linux publishes it: a busy machine explains low figures. */
    private static Optional<String> loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Optional.of(f[0] + " " + f[1] + " " + f[2]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private interface Part {
        void run() throws Exception;
    }

    private void part(String name, Part part) {
        String only = System.getProperty("mfawatch.bench.only");
        if (only != null && !List.of(only.split(",")).contains(name)) {
            return;
        }
        long start = System.nanoTime();
        log.printf("bench: %s…%n", name);
        try {
            part.run();
        } catch (Exception | Error e) {
            report.note(name + " failed: " + e);
            log.printf("bench: %s failed: %s%n", name, e);
        }
        log.printf("bench: %s done in %.1f s%n", name, (System.nanoTime() - start) / 1e9);
    }

    // ---------------------------------------------------------------- throughput

    private double throughput() throws Exception {
        Tenant tenant = new Tenant(sizes.tenant(), 1);
        try (LocalKafka kafka = LocalKafka.start(); Admin admin = Admin.create(kafka.clientProps())) {
            TopicSetup.ensureAll(kafka.clientProps(), PARTITIONS);
            Instant now = Instant.now();
            publishReference(kafka, tenant, sizes.tenant(), now);
            long bytes = produce(kafka, sizes.events(), seq -> Keyed.of(tenant.next(seq, now.plusMillis(seq))));
            log.printf("bench: %,d canonical sign-ins of %,d principals, %.0f bytes on average%n", sizes.events(),
                    sizes.tenant(), (double) bytes / sizes.events());
            double consume = consumeOnly(kafka);
            double pass = drain(admin, "bench-passthrough", () -> passThrough(kafka)).rate();
            double alos = drain(admin, "bench-alos", () -> detector(kafka, "bench-alos", "at_least_once", "none", 1, null)).rate();
            double eos = drain(admin, "bench-eos", () -> detector(kafka, "bench-eos", "exactly_once_v2", "none", 1, null)).rate();
            String in = String.format(Locale.ROOT, "%,d canonical sign-ins, %,d principals, %.0f B avg", sizes.events(),
                    sizes.tenant(), (double) bytes / sizes.events());
            report.row("throughput (" + in + ")", "consume-only baseline (bare consumer)", BenchReport.perSecond(consume));
            report.row("throughput (" + in + ")", "pass-through baseline (Kafka Streams, read+write)", BenchReport.perSecond(pass));
            report.row("throughput (" + in + ")", "detector at-least-once", BenchReport.perSecond(alos)
                    + ratio(alos / pass, "pass"));
            report.row("throughput (" + in + ")", "detector exactly-once", BenchReport.perSecond(eos) + ratio(eos / pass, "pass"));
            report.row("throughput (" + in + ")", "exactly-once ÷ pass-through", BenchReport.number(eos / pass, ""),
                    ">= 0.5", eos / pass >= 0.5);
            report.row("throughput (" + in + ")", "exactly-once ÷ at-least-once", BenchReport.number(eos / alos, ""),
                    ">= 0.9", eos / alos >= 0.9);
            report.result("consume_per_s", Math.round(consume));
            report.result("passthrough_per_s", Math.round(pass));
            report.result("alos_per_s", Math.round(alos));
            report.result("eos_per_s", Math.round(eos));
            report.result("eos_ratio", eos / pass);
            report.result("eos_alos_ratio", eos / alos);
            return eos;
        }
    }

    private static String ratio(double r, String of) {
        return String.format(Locale.ROOT, " (%.2f× %s)", r, of);
    }

    private double consumeOnly(LocalKafka kafka) throws Exception {
        Map<TopicPartition, Long> end = endOffsets(kafka, Topics.SIGNIN_EVENTS.name());
        long total = end.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Object> props = new HashMap<>(kafka.clientProps());
        props.put("max.poll.records", 5000);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(end.keySet());
            c.seekToBeginning(end.keySet());
            long start = System.nanoTime();
            long deadline = start + RUN_LIMIT.toNanos();
            long read = 0;
            while (read < total && System.nanoTime() < deadline) {
                read += c.poll(Duration.ofMillis(200)).count();
            }
            double rate = read / ((System.nanoTime() - start) / 1e9);
            log.printf("bench: consume-only %,d records: %,.0f/s%n", read, rate);
            return rate;
        }
    }

    private AutoCloseable passThrough(LocalKafka kafka) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(Topics.SIGNIN_EVENTS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("in"))
                .to("bench.passthrough", Produced.with(Serdes.String(), Serdes.ByteArray()).withName("out"));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-passthrough");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, tempDir("passthrough").toString());
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

    // ---------------------------------------------------------------- raw Entra

    private void rawEntra() throws Exception {
        try (LocalKafka kafka = LocalKafka.start(); Admin admin = Admin.create(kafka.clientProps())) {
            TopicSetup.ensure(admin, List.of(Topics.raw("entra-signin")), PARTITIONS);
            TopicSetup.ensureAll(kafka.clientProps(), PARTITIONS);
            java.util.SplittableRandom random = new java.util.SplittableRandom(11);
            Instant base = Instant.now().minus(Duration.ofHours(1));
            long bytes = produceTo(kafka, Topics.raw("entra-signin"), sizes.rawRecords(), seq -> RawEntra.signIn(
                    (int) seq, random.nextInt(sizes.tenant()), random.nextInt(10) != 0, base.plusMillis(seq * 10))
                    .getBytes(StandardCharsets.UTF_8), true);
            double avg = (double) bytes / sizes.rawRecords();
            Run r = drain(admin, "bench-raw", Topics.raw("entra-signin"),
                    () -> detector(kafka, "bench-raw", "exactly_once_v2", "entra-signin", 1, null));
            report.row("raw Entra Graph sign-ins through the live topology", String.format(Locale.ROOT,
                            "normalize+detect, exactly-once (%,d records, %.1f KB avg)", sizes.rawRecords(), avg / 1000),
                    BenchReport.perSecond(r.rate()), ">= 12,000/s", r.rate() >= 12_000);
            report.result("raw_entra_per_s", Math.round(r.rate()));
        }
    }

    // ---------------------------------------------------------------- latency

    private void latency() throws Exception {
        int rate = sizes.latencyRate();
        try (LocalKafka kafka = LocalKafka.start()) {
            // Log-append time on both topics: the broker stamps input and alert alike.
            try (Admin admin = Admin.create(kafka.clientProps())) {
                Map<String, String> appendTime = Map.of("message.timestamp.type", "LogAppendTime");
                admin.createTopics(List.of(
                        new NewTopic(Topics.SIGNIN_EVENTS.name(), PARTITIONS, (short) 1).configs(appendTime),
                        new NewTopic(Topics.ALERTS.name(), PARTITIONS, (short) 1).configs(appendTime))).all().get();
            }
            TopicSetup.ensureAll(kafka.clientProps(), PARTITIONS);
            Tenant tenant = new Tenant(sizes.tenant(), 7);
            publishReference(kafka, tenant, sizes.tenant(), Instant.now());
            Map<String, Long> appended = new ConcurrentHashMap<>();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            java.util.SplittableRandom random = new java.util.SplittableRandom(3);
            try (AutoCloseable app = detector(kafka, "bench-latency", "exactly_once_v2", "none", 1, null);
                 KafkaProducer<String, byte[]> producer = producer(kafka, 0);
                 KafkaConsumer<String, byte[]> alerts = new KafkaConsumer<>(Map.of(
                         "bootstrap.servers", kafka.bootstrapServers(), "group.id", "bench-latency-reader",
                         "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                         new StringDeserializer(), new ByteArrayDeserializer())) {
                alerts.subscribe(List.of(Topics.ALERTS.name()));
                // Warm up until the detector answers one alert (start-up and the reference tables loaded).
                long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                boolean ready = false;
                for (long seq = 0; !ready && System.nanoTime() < warm; seq++) {
                    SignInEvent e = tenant.of(random.nextInt(sizes.tenant()), -1 - seq, Instant.now(), true);
                    producer.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), e.principal().id(), Tenant.bytes(e)));
                    producer.flush();
                    ready = !alerts.poll(Duration.ofMillis(500)).isEmpty();
                }
                int total = rate * sizes.latencySeconds();
                long intervalNanos = 1_000_000_000L / rate;
                long begin = System.nanoTime();
                int expected = 0;
                for (int i = 0; i < total; i++) {
                    long due = begin + i * intervalNanos;
                    while (System.nanoTime() < due) {
                        drainAlerts(alerts.poll(Duration.ZERO), appended, latencies);
                        Thread.onSpinWait();
                    }
                    // One in four raises an alert (p99.9 needs thousands of samples); the rest are the tenant's mix.
                    boolean alert = i % 4 == 0;
                    expected += alert ? 1 : 0;
                    SignInEvent e = alert ? tenant.of(random.nextInt(sizes.tenant()), i, Instant.now(), true)
                            : tenant.next(i, Instant.now());
                    String id = e.eventId();
                    producer.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), e.principal().id(), Tenant.bytes(e)),
                            (md, ex) -> {
                                if (md != null && alert) {
                                    appended.put(id, md.timestamp());
                                }
                            });
                }
                producer.flush();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (latencies.size() < expected && System.nanoTime() < deadline) {
                    drainAlerts(alerts.poll(Duration.ofMillis(100)), appended, latencies);
                }
                List<Long> sorted = new ArrayList<>(latencies);
                Collections.sort(sorted);
                String what = String.format(Locale.ROOT, "%,d events/s for %d s, exactly-once, %,d of %,d alerts timed",
                        rate, sizes.latencySeconds(), sorted.size(), expected);
                double p50 = pct(sorted, 0.50);
                double p99 = pct(sorted, 0.99);
                double p999 = pct(sorted, 0.999);
                String section = "latency: input append → alert append (" + what + ")";
                report.row(section, "p50", BenchReport.number(p50, " ms"));
                report.row(section, "p99", BenchReport.number(p99, " ms"), "<= 150 ms", Double.isNaN(p99) ? null : p99 <= 150);
                report.row(section, "p99.9", BenchReport.number(p999, " ms"), "<= 250 ms",
                        Double.isNaN(p999) ? null : p999 <= 250);
                report.result("p50_ms", p50);
                report.result("p99_ms", p99);
                report.result("p999_ms", p999);
            }
        }
    }

    private static void drainAlerts(Iterable<ConsumerRecord<String, byte[]>> records, Map<String, Long> appended,
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

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)));
    }

    // ---------------------------------------------------------------- poison

    private void poison(double clean) throws Exception {
        Tenant tenant = new Tenant(sizes.tenant(), 1);
        try (LocalKafka kafka = LocalKafka.start(); Admin admin = Admin.create(kafka.clientProps())) {
            TopicSetup.ensureAll(kafka.clientProps(), PARTITIONS);
            Instant now = Instant.now();
            publishReference(kafka, tenant, sizes.tenant(), now);
            // The same sign-ins as the clean run, except that every 100th is replaced by a poison record.
            produce(kafka, sizes.events(), seq -> {
                Keyed k = Keyed.of(tenant.next(seq, now.plusMillis(seq)));
                return seq % 100 == 50 ? new Keyed(k.key(), Tenant.poison(seq)) : k;
            });
            double rate = drain(admin, "bench-poison", () -> detector(kafka, "bench-poison", "exactly_once_v2", "none", 1, null)).rate();
            long dlq = endOffsets(kafka, Topics.DLQ.name()).values().stream().mapToLong(Long::longValue).sum();
            double ratio = rate / clean;
            String section = "poison: 1 % of records not JSON or of the wrong type (to " + Topics.DLQ.name() + ")";
            report.row(section, String.format(Locale.ROOT, "detector exactly-once, %,d records, %,d dead-lettered",
                    sizes.events(), dlq), BenchReport.perSecond(rate));
            report.row(section, "with poison ÷ clean (exactly-once above)", BenchReport.number(ratio, ""), ">= 0.95",
                    Double.isNaN(ratio) ? null : ratio >= 0.95);
            report.result("poison_ratio", ratio);
        }
    }

    // ---------------------------------------------------------------- state, sweep, restore

    /** Returns the load's throughput (one sign-in per principal, RocksDB stores) for the scaling curve. */
    private double stateAndRestore() throws Exception {
        int n = sizes.statePrincipals();
        Tenant tenant = new Tenant(n, 5);
        String appId = "bench-state";
        Path stateDir = tempDir("state");
        try (LocalKafka kafka = LocalKafka.start(); Admin admin = Admin.create(kafka.clientProps())) {
            TopicSetup.ensureAll(kafka.clientProps(), PARTITIONS);
            Instant t0 = Instant.now().minus(Duration.ofHours(6));
            publishReference(kafka, tenant, n, t0);
            BitSet signedIn = new BitSet(n);
            // Principal i signs in once, at t0 + i ms (about 17 minutes of stream time per million).
            produce(kafka, n, seq -> {
                SignInEvent e = tenant.of((int) seq, seq, t0.plusMillis(seq), false);
                signedIn.set(tenant.lastPrincipal());
                return Keyed.of(e);
            });
            int withState = signedIn.cardinality();
            // Static membership: the restarted instance takes its predecessor's place at once. Without it
            // Kafka Streams' close() does not leave the group and the restart waits out the old member's
            // session (45 s by default), which would be measured as restore time.
            Map<String, String> rocks = Map.of("MFAWATCH_STATE_STORES", "rocksdb", "KAFKA_GROUP_INSTANCE_ID", appId + "-1");
            double loadRate;
            double activeRate;
            Sweep sweep;
            try (DetectorApp app = detectorApp(kafka, appId, "exactly_once_v2", "none", 1, stateDir, rocks)) {
                loadRate = drain(admin, appId, Topics.SIGNIN_EVENTS.name(), () -> () -> { }).rate();
                // Sweep: 1 % of the principals active for an hour of stream time (six sweeps at the default 10 min).
                Sweep before = Sweep.scrape(app);
                int active = sizes.stateActive();
                int perActive = 3;
                Instant t1 = t0.plus(Duration.ofMinutes(30));
                long span = Duration.ofMinutes(60).toMillis();
                int events = active * perActive;
                produce(kafka, events, seq -> {
                    int who = (int) ((seq % active) * (long) n / active);
                    return Keyed.of(tenant.of(who, n + seq, t1.plusMillis(seq * span / events), false));
                });
                activeRate = drain(admin, appId, Topics.SIGNIN_EVENTS.name(), () -> () -> { }).rate();
                sweep = Sweep.scrape(app).minus(before);
            }
            long dirBytes = directorySize(stateDir);
            long changelogBytes = changelogBytes(admin, appId);
            double perPrincipal = (double) changelogBytes / withState;
            double dirPerPrincipal = (double) dirBytes / withState;
            log.printf("bench: state of %,d principals: changelogs %,d bytes, state dir %,d bytes%n", withState,
                    changelogBytes, dirBytes);

            // Restore: wipe the state directory, start again, and time until every task has restored and
            // processed a new record (Streams may report RUNNING while tasks still restore).
            deleteQuietly(stateDir);
            Files.createDirectories(stateDir);
            long start = System.nanoTime();
            double restoreSecs;
            try (DetectorApp app = detectorApp(kafka, appId, "exactly_once_v2", "none", 1, stateDir, rocks)) {
                produce(kafka, PARTITIONS * 25, seq -> Keyed.of(tenant.of((int) (seq * 7919 % n), 2L * n + seq,
                        t0.plus(Duration.ofMinutes(95)), false)));
                Run probe = drain(admin, appId, Topics.SIGNIN_EVENTS.name(), () -> () -> { });
                restoreSecs = (System.nanoTime() - start) / 1e9;
                log.printf("bench: restore: app %s after %.1f s (probe %d records)%n", app.state(), restoreSecs, probe.records());
            }
            String section = String.format(Locale.ROOT, "state (RocksDB stores, %,d principals signed in once each)", withState);
            boolean atMillion = withState >= 990_000;
            String scale = atMillion ? "" : " (target is for 1M)";
            report.row(section, "changelog bytes per principal (all changelog topics)", BenchReport.number(perPrincipal, " B"),
                    "<= 200 B at 1M" + scale, atMillion ? perPrincipal <= 200 : null);
            report.row(section, "local state dir bytes per principal (RocksDB, after close)",
                    BenchReport.number(dirPerPrincipal, " B"));
            report.row(section, "restore after wiping the state dir, to processing again",
                    BenchReport.number(restoreSecs, " s"), "<= 60 s at 1M" + scale, atMillion ? restoreSecs <= 60 : null);
            report.row(section, String.format(Locale.ROOT, "sign-ins of %,d active principals over 1 h of stream time "
                    + "(default sweep: every 10 min)", sizes.stateActive()), BenchReport.perSecond(activeRate));
            report.row(section, String.format(Locale.ROOT, "sweep: ms per tick, %,d active (%d ticks)", sizes.stateActive(),
                    (long) sweep.count()), sweep.present() ? BenchReport.number(sweep.msPerTick(), " ms") : BenchReport.NA);
            report.row(section, "sweep: entries visited per tick",
                    sweep.present() ? BenchReport.number(sweep.visitedPerTick(), "") : BenchReport.NA);
            report.result("state_bytes_per_principal", perPrincipal);
            report.result("state_dir_bytes_per_principal", dirPerPrincipal);
            report.result("state_principals", withState);
            report.result("restore_s", restoreSecs);
            report.result("restore_1m_s", atMillion ? restoreSecs : Double.NaN);
            report.result("sweep_ms_per_tick", sweep.present() ? sweep.msPerTick() : Double.NaN);
            report.result("sweep_visited_per_tick", sweep.present() ? sweep.visitedPerTick() : Double.NaN);
            return loadRate;
        }
    }

    /**
     * The state sweep's meters, read from the detector's Prometheus text if the build has them
     * ({@code mfawatch_state_sweep_seconds}, {@code mfawatch_state_sweep_visited_total}, summed over stores).
     */
    record Sweep(boolean present, double seconds, double count, double visited) {
        static Sweep scrape(DetectorApp app) {
            boolean present = false;
            double sum = 0;
            double count = 0;
            double visited = 0;
            for (String line : app.registry().scrape().split("\n")) {
                if (line.startsWith("#")) {
                    continue;
                }
                String name = line.contains("{") ? line.substring(0, line.indexOf('{')) : line.split(" ")[0];
                double v;
                try {
                    v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } catch (NumberFormatException e) {
                    continue;
                }
                switch (name) {
                    case "mfawatch_state_sweep_seconds_sum" -> { present = true; sum += v; }
                    case "mfawatch_state_sweep_seconds_count" -> { present = true; count += v; }
                    case "mfawatch_state_sweep_visited_total" -> { present = true; visited += v; }
                    default -> { }
                }
            }
            return new Sweep(present, sum, count, visited);
        }

        Sweep minus(Sweep o) {
            return new Sweep(present && o.present, seconds - o.seconds, count - o.count, visited - o.visited);
        }

        double msPerTick() {
            return count == 0 ? Double.NaN : seconds * 1000 / count;
        }

        double visitedPerTick() {
            return count == 0 ? Double.NaN : visited / count;
        }
    }

    private static long changelogBytes(Admin admin, String appId) throws Exception {
        List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
        long total = 0;
        for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
            for (LogDirDescription d : dirs.values()) {
                for (var e : d.replicaInfos().entrySet()) {
                    String topic = e.getKey().topic();
                    if (topic.startsWith(appId + "-") && topic.endsWith("-changelog")) {
                        total += e.getValue().size();
                    }
                }
            }
        }
        return total;
    }

    // ---------------------------------------------------------------- backtest

    private void backtest() throws Exception {
        Tenant tenant = new Tenant(sizes.tenant(), 9);
        Path dir = tempDir("backtest");
        Path file = dir.resolve("canonical.jsonl");
        Instant t0 = Instant.now().minus(Duration.ofDays(1));
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < sizes.backtestEvents(); i++) {
                w.write(new String(Tenant.bytes(tenant.next(i, t0.plusMillis(i * 20L))), StandardCharsets.UTF_8));
                w.newLine();
            }
        }
        Instant now = Instant.now();
        List<Principal> inventory = new ArrayList<>(sizes.tenant());
        for (int i = 0; i < sizes.tenant(); i++) {
            inventory.add(tenant.principal(i, now));
        }
        long[] alerts = {0};
        Map<String, String> env = new HashMap<>(overrides);
        env.put("MFAWATCH_SOURCES", "none");
        Backtest.Result r = Backtest.run(env, Files.createDirectories(dir.resolve("state")), tenant.register(now), inventory,
                List.of(new Backtest.Input(Backtest.CANONICAL, file.toString())), a -> alerts[0]++);
        double rate = r.eventsPerSecond();
        report.row("backtest (heap stores, no broker)", String.format(Locale.ROOT,
                        "canonical events, %,d events, %,d principals, %,d alerts", r.records(), sizes.tenant(), alerts[0]),
                BenchReport.perSecond(rate), ">= 100,000/s", rate >= 100_000);
        report.result("backtest_per_s", Math.round(rate));
    }

    // ---------------------------------------------------------------- scaling

    private void scaling(double stateLoadRate) throws Exception {
        String section = String.format(Locale.ROOT, "scaling: detector exactly-once, %,d sign-ins drawn from N principals",
                sizes.scalingEvents());
        for (int principals : sizes.scalingPrincipals()) {
            Tenant tenant = new Tenant(principals, 13);
            try (LocalKafka kafka = LocalKafka.start(); Admin admin = Admin.create(kafka.clientProps())) {
                TopicSetup.ensureAll(kafka.clientProps(), PARTITIONS);
                Instant now = Instant.now();
                publishReference(kafka, tenant, principals, now);
                produce(kafka, sizes.scalingEvents(), seq -> Keyed.of(tenant.next(seq, now.plusMillis(seq))));
                for (int threads : List.of(1, 2)) {
                    String app = "bench-scale-" + principals + "-t" + threads;
                    double rate = drain(admin, app, () -> detector(kafka, app, "exactly_once_v2", "none", threads, null)).rate();
                    report.row(section, String.format(Locale.ROOT, "%,d principals, %d stream thread%s", principals, threads,
                            threads == 1 ? "" : "s"), BenchReport.perSecond(rate));
                }
            }
        }
        report.row(section, String.format(Locale.ROOT, "%,d principals, 1 stream thread (the state load: one sign-in each)",
                sizes.statePrincipals()), BenchReport.perSecond(stateLoadRate));
        if (!sizes.name().equals("full")) {
            report.note("--quick: smaller counts than the full run (state at " + String.format(Locale.ROOT, "%,d",
                    sizes.statePrincipals()) + " principals, not 1M; restore_1m_s is n/a); run without --quick for the targets' sizes");
        }
    }

    // ---------------------------------------------------------------- plumbing

    /** The records a run committed, its time with start-up, and its steady rate (see {@link #drain}). */
    record Run(long records, double seconds, double rate) {
    }

    private Run drain(Admin admin, String group, Supplier<AutoCloseable> app) throws Exception {
        return drain(admin, group, Topics.SIGNIN_EVENTS.name(), app);
    }

    /**
     * Starts an app, waits until its group has committed the end of {@code topic}, and returns the
     * rate over the second half of the records: start-up, store restoration and the JIT's warm-up
     * fall in the first half, so runs compare at their steady speed whatever their order.
     */
    private Run drain(Admin admin, String group, String topic, Supplier<AutoCloseable> app) throws Exception {
        Map<TopicPartition, Long> end = endOffsets(admin, topic);
        long start = System.nanoTime();
        try (AutoCloseable running = app.get()) {
            long deadline = start + RUN_LIMIT.toNanos();
            long halfAt = -1;
            long half = 0;
            long base = -1;
            long nextReport = start + TimeUnit.SECONDS.toNanos(15);
            long total = -1;
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                long done = end.keySet().stream().mapToLong(tp -> Optional.ofNullable(committed.get(tp))
                        .map(OffsetAndMetadata::offset).orElse(0L)).sum();
                if (base < 0) {
                    base = done; // a group that already ran (the state part) starts from its commits
                    total = end.values().stream().mapToLong(Long::longValue).sum() - base;
                }
                long now = System.nanoTime();
                if (now > nextReport) {
                    nextReport = now + TimeUnit.SECONDS.toNanos(15);
                    log.printf("bench: %s: %,d of %,d committed after %.0f s%n", group, done - base, total,
                            (now - start) / 1e9);
                }
                if (halfAt < 0 && done - base >= total / 2) {
                    halfAt = now;
                    half = done;
                }
                if (end.entrySet().stream().allMatch(e -> Optional.ofNullable(committed.get(e.getKey()))
                        .map(OffsetAndMetadata::offset).orElse(0L) >= e.getValue())) {
                    double secs = (now - start) / 1e9;
                    double steadySecs = (now - halfAt) / 1e9;
                    // A run too short to see its half pass falls back to the whole, start-up included.
                    double rate = done - half > 0 && steadySecs > 0 ? (done - half) / steadySecs : total / secs;
                    log.printf("bench: %s: %,d records in %.2f s with start-up, %,.0f/s over the second half%n", group,
                            total, secs, rate);
                    return new Run(total, secs, rate);
                }
                TimeUnit.MILLISECONDS.sleep(50); // polling the group's progress, not waiting for a result
            }
            throw new IllegalStateException(group + " did not finish in " + RUN_LIMIT.toMinutes() + " minutes");
        }
    }

    private AutoCloseable detector(LocalKafka kafka, String appId, String guarantee, String sources, int threads,
                                   Map<String, String> extra) {
        return detectorApp(kafka, appId, guarantee, sources, threads, tempDir(appId), extra);
    }

    private DetectorApp detectorApp(LocalKafka kafka, String appId, String guarantee, String sources, int threads,
                                    Path stateDir, Map<String, String> extra) {
        // The environment's settings first: the harness's own (ids, guarantee, threads, commits) win.
        Map<String, String> env = new HashMap<>(overrides);
        env.putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "MFAWATCH_APPLICATION_ID", appId,
                "MFAWATCH_PROCESSING_GUARANTEE", guarantee,
                "MFAWATCH_STATE_DIR", stateDir.toString(),
                "MFAWATCH_HTTP_PORT", "0",
                "MFAWATCH_TOPIC_PARTITIONS", String.valueOf(PARTITIONS),
                "KAFKA_COMMIT_INTERVAL_MS", COMMIT_INTERVAL_MS,
                "KAFKA_NUM_STREAM_THREADS", String.valueOf(threads),
                "MFAWATCH_SOURCES", sources));
        if (extra != null) {
            env.putAll(extra);
        }
        return DetectorApp.start(DetectorConfig.from(env));
    }

    /** The register and the inventory (every principal) of the tenant, and waits for them to be acknowledged. */
    private void publishReference(LocalKafka kafka, Tenant tenant, int principals, Instant now) {
        // Not idempotent, one request in flight (order kept): right after the topics are created the
        // broker answered the idempotent producer's first batches with NotLeaderOrFollower and then,
        // on the compacted register topic, OutOfOrderSequence for every retry.
        Map<String, Object> props = new HashMap<>(kafka.clientProps());
        props.put("enable.idempotence", false);
        props.put("max.in.flight.requests.per.connection", 1);
        props.put("acks", "all");
        props.put("linger.ms", 5);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (ExceptionEntry e : tenant.register(now)) {
                p.send(new ProducerRecord<>(Topics.REGISTER.name(), e.id(), Topics.REGISTER_SERDE.write(e)));
            }
            for (int i = 0; i < principals; i++) {
                Principal pr = tenant.principal(i, now);
                p.send(new ProducerRecord<>(Topics.PRINCIPALS.name(), pr.id(), Topics.PRINCIPAL_SERDE.write(pr)));
            }
            p.flush();
        }
    }

    interface Value {
        byte[] of(long seq);
    }

    /** A record for signin.events: keyed by principal id, as the normalizer keys them. */
    record Keyed(String key, byte[] value) {
        static Keyed of(SignInEvent e) {
            return new Keyed(e.principal().id(), Tenant.bytes(e));
        }
    }

    interface Records {
        Keyed of(long seq);
    }

    /** Produces {@code n} records to signin.events; returns their bytes. */
    private long produce(LocalKafka kafka, int n, Records records) {
        long bytes = 0;
        try (KafkaProducer<String, byte[]> p = producer(kafka, 5)) {
            for (long seq = 0; seq < n; seq++) {
                Keyed r = records.of(seq);
                bytes += r.value().length;
                p.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), r.key(), r.value()));
            }
            p.flush();
        }
        return bytes;
    }

    private long produceTo(LocalKafka kafka, String topic, int n, Value value, boolean compress) {
        Map<String, Object> props = new HashMap<>(kafka.clientProps());
        props.put("linger.ms", 5);
        props.put("batch.size", 512 * 1024);
        if (compress) {
            props.put("compression.type", "lz4");
        }
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long seq = 0; seq < n; seq++) {
                byte[] v = value.of(seq);
                bytes += v.length;
                p.send(new ProducerRecord<>(topic, null, v));
            }
            p.flush();
        }
        return bytes;
    }

    private static KafkaProducer<String, byte[]> producer(LocalKafka kafka, int lingerMs) {
        Map<String, Object> props = new HashMap<>(kafka.clientProps());
        props.put("linger.ms", lingerMs);
        props.put("batch.size", 256 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static Map<TopicPartition, Long> endOffsets(LocalKafka kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProps())) {
            return endOffsets(admin, topic);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> spec.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(spec).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    private Path tempDir(String name) {
        try {
            Path d = Files.createTempDirectory("mfa-watch-bench-" + name);
            tempDirs.add(d);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary directory
        }
    }
}
