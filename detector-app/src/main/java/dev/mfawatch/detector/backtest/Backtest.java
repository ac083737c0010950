package dev.mfawatch.detector.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.detector.DetectionSettings;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.state.StateStores;
import dev.mfawatch.detector.DetectorTopology;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.directory.DirectoryChange;
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
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Runs the live topology ({@link DetectorTopology#build}, the same detectors and settings) over
 * exported files in a {@link TopologyTestDriver}: no broker. The register and the inventory are
 * loaded first; every input line becomes one record on its topic; all records are merged in
 * event-time order (file order breaks ties) and piped with their event time as timestamp, so
 * stream time, windows and suppression behave as they would live. At the end stream time is moved
 * past every open suppression window so their updates come out too.
 *
 * <p>Sources: {@code canonical} → {@code signin.events} (SignInEvent JSON lines, keyed by principal
 * id); {@code changes} → {@code directory.changes} (DirectoryChange JSON lines, one record per
 * target); any other name {@code X} → {@code idp.raw.X} (one vendor JSON object per line, no key),
 * accepted only when the topology reads that topic (raw normalization in the topology). A raw
 * line's event time is read from the first of {@link #RAW_TIME_FIELDS} it has.
 */
public final class Backtest {

    public static final String CANONICAL = "canonical";
    public static final String CHANGES = "changes";
    /** Where vendor exports keep the event time: Entra (Graph, Azure Monitor), Okta, CloudTrail, Google. */
    static final List<String> RAW_TIME_FIELDS = List.of("/createdDateTime", "/activityDateTime", "/time", "/published",
            "/eventTime", "/id/time", "/@timestamp");
    /** The principal of the closing record that moves stream time past the last window; no rule fires on it. */
    static final String END_MARKER = "backtest-end@mfa-watch.invalid";

    /** One input file: a source name and the file. */
    public record Input(String source, Path file) {
        public static Input parse(String spec) {
            int colon = spec.indexOf(':');
            if (colon <= 0 || colon == spec.length() - 1) {
                throw new IllegalArgumentException("--input: expected SOURCE:FILE, got " + spec);
            }
            return new Input(spec.substring(0, colon).trim().toLowerCase(Locale.ROOT), Path.of(spec.substring(colon + 1)));
        }

        public String topic() {
            return switch (source) {
                case CANONICAL -> Topics.SIGNIN_EVENTS.name();
                case CHANGES -> Topics.DIRECTORY_CHANGES.name();
                default -> Topics.raw(source);
            };
        }
    }

    /** What a run produced: the alerts in output order, the records piped, skipped input lines with reasons, and the time piping took (driver start-up excluded). */
    public record Result(List<Alert> alerts, long records, List<String> skipped, long nanos) {
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
        Map<String, String> settings = new HashMap<>(env);
        settings.put(DetectorConfig.STATE_DIR, stateDir.toString());
        settings.putIfAbsent("KAFKA_BOOTSTRAP_SERVERS", "backtest:9092");
        // The run's state is thrown away: heap stores unless told otherwise.
        settings.putIfAbsent(DetectionSettings.STATE_STORES, StateStores.MEMORY);
        DetectorConfig config = DetectorConfig.from(settings);
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
        List<String> skipped = new ArrayList<>();
        List<Rec> records = new ArrayList<>();
        long order = 0;
        for (Input in : inputs) {
            try (BufferedReader r = Files.newBufferedReader(in.file(), StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String where = in.file() + ":" + n;
                    try {
                        for (Rec rec : records(in, line, order)) {
                            records.add(rec);
                        }
                        order++;
                    } catch (RuntimeException e) {
                        skipped.add(where + ": " + e.getMessage());
                    }
                }
            }
        }
        records.sort(Comparator.comparing(Rec::time).thenComparingLong(Rec::order));

        List<Alert> alerts = new ArrayList<>();
        long start = 0;
        long stop = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, config.streamsProperties())) {
            Map<String, TestInputTopic<String, byte[]>> topics = new HashMap<>();
            for (String t : readable) {
                topics.put(t, driver.createInputTopic(t, Serdes.String().serializer(), Serdes.ByteArray().serializer()));
            }
            TestOutputTopic<String, Alert> out = driver.createOutputTopic(Topics.ALERTS.name(), Serdes.String().deserializer(),
                    Topics.ALERTS.valueSerde().deserializer());
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
            // Close every open suppression window: one quiet record past the last window's end.
            Instant end = last.plus(config.detection().suppressionWindow()).plus(config.detection().suppressionSweepInterval())
                    .plusSeconds(1);
            SignInEvent marker = new SignInEvent("backtest-end", "backtest", end,
                    new PrincipalRef(END_MARKER, List.of(), PrincipalType.SERVICE), new AppRef(null, null),
                    new ClientInfo(null, null, false), SignInResult.SUCCESS, null, null,
                    new MfaInfo(null, true, null, MethodClass.OTHER, null, SatisfiedBy.OTHER, null), null, null, null, null, null);
            topics.get(Topics.SIGNIN_EVENTS.name()).pipeInput(END_MARKER, Topics.SIGNIN_SERDE.write(marker), end);
            drain(out, alerts, onAlert);
            stop = System.nanoTime();
        }
        return new Result(alerts, records.size(), skipped, stop - start);
    }

    private static void drain(TestOutputTopic<String, Alert> out, List<Alert> alerts, Consumer<Alert> onAlert) {
        while (!out.isEmpty()) {
            Alert a = out.readValue();
            alerts.add(a);
            onAlert.accept(a);
        }
    }

    private static List<Rec> records(Input in, String line, long order) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        switch (in.source()) {
            case CANONICAL -> {
                SignInEvent e = Topics.SIGNIN_SERDE.read(bytes);
                return List.of(new Rec(in.topic(), e.principal().id(), bytes, e.time(), order));
            }
            case CHANGES -> {
                DirectoryChange c = Topics.CHANGE_SERDE.read(bytes);
                List<Rec> out = new ArrayList<>();
                for (String target : c.targets()) {
                    out.add(new Rec(in.topic(), target, bytes, c.time(), order));
                }
                if (out.isEmpty()) {
                    throw new IllegalArgumentException("change " + c.eventId() + " names no target");
                }
                return out;
            }
            default -> {
                return List.of(new Rec(in.topic(), null, bytes, rawTime(bytes), order));
            }
        }
    }

    static Instant rawTime(byte[] bytes) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        for (String pointer : RAW_TIME_FIELDS) {
            JsonNode t = n.at(pointer);
            if (t.isTextual()) {
                try {
                    return Instant.parse(t.asText());
                } catch (DateTimeParseException e) {
                    // try the next field
                }
            }
        }
        throw new IllegalArgumentException("no event time in any of " + RAW_TIME_FIELDS);
    }
}
