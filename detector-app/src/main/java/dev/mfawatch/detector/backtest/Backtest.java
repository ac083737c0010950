package dev.mfawatch.detector.backtest;

import dev.mfawatch.detector.DetectionSettings;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.state.StateStores;
import dev.mfawatch.detector.DetectorTopology;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.normalize.NormalizerConfig;
import dev.mfawatch.normalize.read.ExportReader;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.usage.ExceptionUsage;
import dev.mfawatch.model.register.AliasMap;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.AppRef;
import dev.mfawatch.model.signin.ClientInfo;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.PrincipalRef;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SatisfiedBy;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Runs the live topology ({@link DetectorTopology#build}, the same detectors and settings) over
 * exported files in a {@link TopologyTestDriver}: no broker. The register and the inventory are
 * loaded first; then every event of every input, in event-time order (input order breaks ties), is
 * piped with its event time as timestamp, so stream time, windows and suppression behave as they
 * would live. At the end stream time is moved past every open suppression window so their updates
 * come out too, and past the usage ledger's next publication so every use is in {@link Result#usage()}.
 *
 * <p>Inputs are read by the same {@link ExportReader} as {@code normalize} (files, directories,
 * gzip, JSON lines / documents / arrays / envelopes, CSV, {@code -} for stdin). Sources:
 * {@code canonical} → {@code signin.events} (SignInEvent JSON, keyed by principal id);
 * {@code changes} → {@code directory.changes} (DirectoryChange JSON, one record per target); any
 * other name {@code X} → {@code idp.raw.X}, one provider event per record, accepted only when the
 * topology reads that topic. A raw event is normalized first, as {@code normalize} does: its
 * canonical time orders it, and an event that cannot be normalized is counted and reported in
 * {@code normalize}'s words ({@link Result#problems()}) instead of being piped.
 */
public final class Backtest {

    public static final String CANONICAL = "canonical";
    public static final String CHANGES = "changes";
    /** The principal of the closing record that moves stream time past the last window; no rule fires on it. */
    static final String END_MARKER = "backtest-end@mfa-watch.invalid";

    /** One input: a source name and a file, directory or {@code -}. */
    public record Input(String source, String path) {
        public static Input parse(String spec) {
            int colon = spec.indexOf(':');
            if (colon <= 0 || colon == spec.length() - 1) {
                throw new IllegalArgumentException("--input: expected SOURCE:FILE, got " + spec);
            }
            return new Input(spec.substring(0, colon).trim().toLowerCase(Locale.ROOT), spec.substring(colon + 1));
        }

        public String topic() {
            return switch (source) {
                case CANONICAL -> Topics.SIGNIN_EVENTS.name();
                case CHANGES -> Topics.DIRECTORY_CHANGES.name();
                default -> Topics.raw(source);
            };
        }

        public boolean raw() {
            return !source.equals(CANONICAL) && !source.equals(CHANGES);
        }

        @Override
        public String toString() {
            return source + ":" + path;
        }
    }

    /**
     * What a run produced: the alerts in output order, the records piped, the events that could
     * not be read or normalized ({@code INPUT: POSITION: reason: message}), one summary per input in
     * {@code normalize}'s words, the time piping took (driver start-up excluded), each exception's
     * usage ledger as last published (by exception id) and the register notices, in output order.
     */
    public record Result(List<Alert> alerts, long records, List<String> problems, Map<String, String> summaries,
                         long nanos, List<ExceptionUsage> usage, List<Notice> notices) {
        public double eventsPerSecond() {
            return nanos == 0 ? 0 : records * 1e9 / nanos;
        }
    }

    private record Rec(String topic, String key, byte[] value, Instant time, long order) {
    }

    private Backtest() {
    }

    /** The topics this build's topology reads (so a raw source is refused cleanly before the run). */
    public static Set<String> sourceTopics(Topology topology) {
        Set<String> topics = new HashSet<>();
        for (TopologyDescription.Subtopology s : topology.describe().subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Source src && src.topicSet() != null) {
                    topics.addAll(src.topicSet());
                }
            }
        }
        for (TopologyDescription.GlobalStore g : topology.describe().globalStores()) {
            topics.addAll(g.source().topicSet());
        }
        return topics;
    }

    /**
     * @param env       settings as for the detector (thresholds, windows); Kafka settings are ignored
     * @param stateDir  an empty directory for the run's state stores
     * @param onAlert   called with each alert as it comes out
     */
    public static Result run(Map<String, String> env, Path stateDir, List<ExceptionEntry> register, List<Principal> principals,
                             List<Input> inputs, Consumer<Alert> onAlert) throws IOException {
        return run(env, stateDir, register, principals, inputs, InputStream.nullInputStream(), onAlert);
    }

    /** As above; an input path {@code -} reads {@code stdin}. */
    public static Result run(Map<String, String> env, Path stateDir, List<ExceptionEntry> register, List<Principal> principals,
                             List<Input> inputs, InputStream stdin, Consumer<Alert> onAlert) throws IOException {
        Map<String, String> settings = new HashMap<>(env);
        settings.put(DetectorConfig.STATE_DIR, stateDir.toString());
        settings.putIfAbsent("KAFKA_BOOTSTRAP_SERVERS", "backtest:9092");
        // The run's state is thrown away: heap stores unless told otherwise.
        settings.putIfAbsent(DetectionSettings.STATE_STORES, StateStores.MEMORY);
        // Only the raw sources given are normalized: the test driver checks every record against
        // every source topic, so topics nobody pipes into only cost time.
        settings.putIfAbsent(DetectorConfig.SOURCES, rawSources(inputs));
        // Its state is thrown away too: no changelogs (the test driver would keep every changelog record).
        DetectorConfig from = DetectorConfig.from(settings);
        DetectorConfig config = from.withDetection(from.detection().withoutChangelogs());
        // The geolocation database (MFAWATCH_GEOIP_DB), if any, is open for the run only.
        try (NormalizerConfig normalizer = config.normalizer()) {
            return run(config, normalizer, register, principals, inputs, stdin, onAlert);
        }
    }

    private static Result run(DetectorConfig config, NormalizerConfig normalizer, List<ExceptionEntry> register,
                              List<Principal> principals, List<Input> inputs, InputStream stdin, Consumer<Alert> onAlert)
            throws IOException {
        List<Detector> detectors = Detectors.all(config);
        DetectorMetrics metrics = DetectorMetrics.bindTo(new SimpleMeterRegistry(), Detectors.severities(detectors));
        Topology topology = DetectorTopology.build(config, detectors, metrics);
        Set<String> readable = sourceTopics(topology);
        for (Input in : inputs) {
            if (!readable.contains(in.topic())) {
                throw new IllegalArgumentException("--input " + in.source() + ": this build's topology does not read "
                        + in.topic() + " (raw sources need the normalizing topology); use canonical or changes");
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> summaries = new LinkedHashMap<>();
        List<Rec> records = new ArrayList<>();
        for (Input in : inputs) {
            // A raw event that yields no canonical event (skipped or failed) has no time and is not piped.
            summaries.put(in.toString(), InputRecords.read(in, normalizer, stdin, r -> {
                if (r.time() != null) {
                    records.add(new Rec(r.topic(), r.key(), r.value(), r.time(), records.size()));
                }
            }, problems::add));
        }
        records.sort(Comparator.comparing(Rec::time).thenComparingLong(Rec::order));

        List<Alert> alerts = new ArrayList<>();
        long start = 0;
        long stop = 0;
        Map<String, ExceptionUsage> usage = new java.util.TreeMap<>();
        List<Notice> notices = new java.util.ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, driverProperties(config))) {
            Map<String, TestInputTopic<String, byte[]>> topics = new HashMap<>();
            for (String t : readable) {
                topics.put(t, driver.createInputTopic(t, Serdes.String().serializer(), Serdes.ByteArray().serializer()));
            }
            TestOutputTopic<String, Alert> out = driver.createOutputTopic(Topics.ALERTS.name(), Serdes.String().deserializer(),
                    Topics.ALERTS.valueSerde().deserializer());
            TestOutputTopic<String, ExceptionUsage> usageOut = driver.createOutputTopic(Topics.EXCEPTION_USAGE.name(),
                    Serdes.String().deserializer(), Topics.EXCEPTION_USAGE.valueSerde().deserializer());
            TestOutputTopic<String, Notice> noticesOut = driver.createOutputTopic(Topics.NOTICES.name(),
                    Serdes.String().deserializer(), Topics.NOTICES.valueSerde().deserializer());
            Instant first = records.isEmpty() ? Instant.EPOCH : records.get(0).time();
            Instant loadTime = first.minusSeconds(1);
            for (ExceptionEntry e : register) {
                topics.get(Topics.REGISTER.name()).pipeInput(e.id(), Topics.REGISTER_SERDE.write(e), loadTime);
            }
            for (Principal p : principals) {
                topics.get(Topics.PRINCIPALS.name()).pipeInput(p.id(), Topics.PRINCIPAL_SERDE.write(p), loadTime);
            }
            // The inventory's aliases, derived as register-sync derives them for directory.aliases.
            AliasMap.of(principals).byAlias().forEach((alias, id) -> topics.get(Topics.ALIASES.name())
                    .pipeInput(alias, id.getBytes(StandardCharsets.UTF_8), loadTime));
            Instant last = first;
            start = System.nanoTime();
            for (Rec rec : records) {
                topics.get(rec.topic()).pipeInput(rec.key(), rec.value(), rec.time());
                last = rec.time();
                drain(out, alerts, onAlert);
            }
            // Close every open suppression window: one quiet record past the last window's end and its grace.
            // It also moves the usage ledger past its next publication (its clock ticks once a minute).
            Instant end = last.plus(config.detection().suppressionWindow()).plus(config.detection().grace())
                    .plus(config.detection().suppressionSweepInterval()).plusSeconds(1);
            Instant published = last.plus(config.detection().usage().publishInterval()).plusSeconds(61);
            end = end.isBefore(published) ? published : end;
            SignInEvent marker = new SignInEvent("backtest-end", "backtest", end,
                    new PrincipalRef(END_MARKER, List.of(), PrincipalType.SERVICE), new AppRef(null, null),
                    new ClientInfo(null, null, false), SignInResult.SUCCESS, null, null,
                    new MfaInfo(null, true, null, MethodClass.OTHER, null, SatisfiedBy.OTHER, null), null, null, null, null, null);
            topics.get(Topics.SIGNIN_EVENTS.name()).pipeInput(END_MARKER, Topics.SIGNIN_SERDE.write(marker), end);
            drain(out, alerts, onAlert);
            stop = System.nanoTime();
            // The compacted topic's view: the last record per exception, a tombstone removing it.
            for (var kv : usageOut.readKeyValuesToList()) {
                if (kv.value == null) {
                    usage.remove(kv.key);
                } else {
                    usage.put(kv.key, kv.value);
                }
            }
            notices.addAll(noticesOut.readValuesToList());
        }
        return new Result(alerts, records.size(), problems, summaries, stop - start, List.copyOf(usage.values()),
                List.copyOf(notices));
    }

    /** Comma-separated raw sources among the inputs, {@code none} when there is none. */
    private static String rawSources(List<Input> inputs) {
        String raw = inputs.stream().filter(Input::raw).map(Input::source)
                .filter(Topics.RAW_SOURCES::contains).distinct().sorted()
                .collect(java.util.stream.Collectors.joining(","));
        return raw.isEmpty() ? "none" : raw;
    }

    /**
     * The detector's properties with two changes that cannot change an answer here but cost time:
     * the driver processes each piped record to the end before the next, so there is nothing to
     * wait for on other partitions (no task idling) and nothing to make atomic (each record is
     * committed on its own by the driver: a transaction per record under exactly-once).
     */
    static Properties driverProperties(DetectorConfig config) {
        Properties p = config.streamsProperties();
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        return p;
    }

    private static void drain(TestOutputTopic<String, Alert> out, List<Alert> alerts, Consumer<Alert> onAlert) {
        while (!out.isEmpty()) {
            Alert a = out.readValue();
            alerts.add(a);
            onAlert.accept(a);
        }
    }
}
