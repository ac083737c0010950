package dev.mfawatch.detector.usage;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.alerting.DetectionInput;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.model.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The usage ledger's sub-topology, added by {@code DetectorTopology.build} beside detection:
 * <pre>
 * detection-inputs ──► usage-extract ──► usage-uses (repartition, ONE partition, keyed by exception id)
 *     ──► usage-ledger [exception-usage] ──► usage-out- ─┬─► usage-out-notice ──► usage-notices ──► usage-notices-sink ──► mfa.register.notices
 *                                                         └─► usage-out-usage ──► usage-records ──► usage-sink ──► mfa.exception.usage
 * </pre>
 * One partition, so the whole ledger lives in one task whatever the number of instances: the register
 * is small and covered uses are a small share of traffic, and UNUSED_EXCEPTION needs every entry beside
 * its usage. Each extraction task adds one clock tick per minute of its stream time so that task's
 * stream time follows event time even when nothing is used.
 */
public final class UsageTopology {

    public static final String EXTRACT = "usage-extract";
    /** The repartition topic is {@code <application id>-usage-uses-repartition}. */
    public static final String USES = "usage-uses";
    public static final String LEDGER = "usage-ledger";
    public static final String USAGE_SINK = "usage-sink";
    public static final String NOTICES_SINK = "usage-notices-sink";

    private UsageTopology() {
    }

    public static void addTo(KStream<String, DetectionInput> inputs, RegisterIndex register, DetectorConfig config,
                             DetectorMetrics metrics) {
        var settings = config.detection();
        inputs.process(() -> new UsageExtractor(register, config.mfaPolicy(), settings.usage().publishInterval()), Named.as(EXTRACT))
                .repartition(Repartitioned.with(Serdes.String(), Use.SERDE).withName(USES).withNumberOfPartitions(1))
                .process(UsageLedgerProcessor.supplier(register, settings.usage(), settings.grace(), metrics.stateSweeps(),
                        settings.stores()), Named.as(LEDGER))
                .split(Named.as("usage-out-"))
                .branch((id, out) -> out.notice() != null, Branched.withConsumer(notices -> notices
                        .mapValues(UsageLedgerProcessor.Out::notice, Named.as("usage-notices"))
                        .to(Topics.NOTICES.name(), Produced.with(Topics.NOTICES.keySerde(), Topics.NOTICES.valueSerde())
                                .withName(NOTICES_SINK)), "notice"))
                .defaultBranch(Branched.withConsumer(usage -> usage
                        .mapValues(UsageLedgerProcessor.Out::usage, Named.as("usage-records"))
                        .to(Topics.EXCEPTION_USAGE.name(), Produced.with(Topics.EXCEPTION_USAGE.keySerde(),
                                Topics.EXCEPTION_USAGE.valueSerde()).withName(USAGE_SINK)), "usage"));
    }
}
