package dev.mfawatch.detector.changes;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.directory.DirectoryChange;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.TimestampExtractor;
import dev.mfawatch.detector.DetectionSettings;
import dev.mfawatch.detector.ingest.EventTimeExtractor;

/**
 * The change-detection sub-topology, added by {@code DetectorTopology.build} beside the sign-in path
 * and sharing its register index:
 * <pre>
 * directory.changes ──► changes-source ──► changes-parse ──► changes-branch- ─┬─► changes-branch-ok ──► change-event ──► changes-detect ──► changes-alerts-sink ──► mfa.alerts
 *                                                                            │        change-event ──► exclusion-drift [exclusion-drift-store] ──► exclusion-drift-notices-sink ──► mfa.register.notices
 *                                                                            └─► changes-branch-failed ──► changes-dlq-value ──► changes-dlq-sink ──► mfa.dlq
 * </pre>
 */
public final class ChangeTopology {

    public static final String SOURCE = "changes-source";
    public static final String PARSE = "changes-parse";
    public static final String BRANCH_PREFIX = "changes-branch-";
    public static final String DETECT = "changes-detect";
    public static final String ALERTS_SINK = "changes-alerts-sink";
    public static final String DLQ_SINK = "changes-dlq-sink";
    public static final String DRIFT = "exclusion-drift";
    public static final String NOTICES_SINK = "exclusion-drift-notices-sink";

    private ChangeTopology() {
    }

    /**
     * Reads {@code directory.changes} once: every consumer of canonical changes (this class's
     * exclusion check and drift report, the stateful detectors) shares the parsed stream, since
     * Kafka Streams allows one source per topic. Bad records go to {@code mfa.dlq}. {@code eventTime}
     * gives each record its place in stream time (the change's own time).
     */
    public static KStream<String, DirectoryChange> intake(StreamsBuilder builder, DetectorMetrics metrics,
                                                          TimestampExtractor eventTime) {
        Map<String, KStream<String, ParsedChange>> branches = builder
                .stream(Topics.DIRECTORY_CHANGES.name(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withTimestampExtractor(eventTime).withName(SOURCE))
                .processValues(() -> new ChangeParser(metrics.deadLetters()), Named.as(PARSE))
                .split(Named.as(BRANCH_PREFIX))
                .branch((k, v) -> v instanceof ParsedChange.Ok, Branched.as("ok"))
                .defaultBranch(Branched.as("failed"));
        branches.get(BRANCH_PREFIX + "failed")
                .mapValues(v -> ((ParsedChange.Failed) v).original(), Named.as("changes-dlq-value"))
                .to(Topics.DLQ.name(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(DLQ_SINK));
        return branches.get(BRANCH_PREFIX + "ok")
                .mapValues(v -> ((ParsedChange.Ok) v).change(), Named.as("change-event"));
    }

    /** The exclusion-change detectors and the drift report over the parsed changes. */
    public static void addDetection(KStream<String, DirectoryChange> events, List<ChangeDetector> detectors,
                                    RegisterIndex index, DetectorMetrics metrics) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (ChangeDetector d : detectors) {
            if (!ids.add(d.metadata().id())) {
                throw new IllegalArgumentException("two change detectors share the rule id " + d.metadata().id());
            }
        }
        events.process(() -> new ChangeDetectionProcessor(detectors, index, metrics), Named.as(DETECT))
                .to(Topics.ALERTS.name(), Produced.with(Topics.ALERTS.keySerde(), Topics.ALERTS.valueSerde())
                        .withName(ALERTS_SINK));
        // The drift report: exclusions still in force after their register entry ended.
        events.process(ExclusionDriftProcessor.supplier(index, metrics.changes()), Named.as(DRIFT))
                .to(Topics.NOTICES.name(), Produced.with(Topics.NOTICES.keySerde(), Topics.NOTICES.valueSerde())
                        .withName(NOTICES_SINK));
    }

    /** A topology with only the change path, for this package's tests. */
    public static void addTo(StreamsBuilder builder, List<ChangeDetector> detectors, RegisterIndex index,
                             DetectorMetrics metrics) {
        addDetection(intake(builder, metrics, new EventTimeExtractor(DetectionSettings.DEFAULTS.futureTolerance(),
                metrics.eventTime())), detectors, index, metrics);
    }
}
