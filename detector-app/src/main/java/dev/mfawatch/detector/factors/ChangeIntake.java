package dev.mfawatch.detector.factors;

import dev.mfawatch.detector.alerting.DetectionInput;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.model.Topics;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Canonical directory changes ({@code directory.changes}, keyed by target principal id, the same
 * partition count as {@code signin.events} since both feed the per-principal detector state) as
 * detection inputs; values that do not parse go to {@code mfa.dlq} with the usual headers.
 */
public final class ChangeIntake {

    public static final String SOURCE = "changes-source";
    public static final String PARSE = "changes-parse";
    public static final String BRANCH_PREFIX = "changes-branch-";
    public static final String DLQ_SINK = "changes-dlq-sink";

    private ChangeIntake() {
    }

    public static KStream<String, DetectionInput> changes(StreamsBuilder builder, DetectorMetrics metrics) {
        Map<String, KStream<String, ParsedChange>> branches = builder
                .stream(Topics.DIRECTORY_CHANGES.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE))
                .processValues(() -> new ChangeParser(metrics.deadLetters()), Named.as(PARSE))
                .split(Named.as(BRANCH_PREFIX))
                .branch((key, parsed) -> parsed instanceof ParsedChange.Ok, Branched.as("ok"))
                .defaultBranch(Branched.as("failed"));
        branches.get(BRANCH_PREFIX + "failed")
                .mapValues(parsed -> ((ParsedChange.Failed) parsed).original(), Named.as("changes-dlq-value"))
                .to(Topics.DLQ.name(), Produced.with(Serdes.String(), Topics.DLQ.valueSerde()).withName(DLQ_SINK));
        return branches.get(BRANCH_PREFIX + "ok")
                .mapValues(parsed -> (DetectionInput) new DetectionInput.Change(((ParsedChange.Ok) parsed).change()),
                        Named.as("change-input"));
    }
}
