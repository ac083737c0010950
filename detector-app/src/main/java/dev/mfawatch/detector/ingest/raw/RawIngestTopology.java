package dev.mfawatch.detector.ingest.raw;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.identity.IdentityResolution;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.model.JsonSerde;
import dev.mfawatch.model.Topics;
import dev.mfawatch.normalize.Normalizers;
import dev.mfawatch.normalize.session.SessionMfaCorrelator;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The normalizing sub-topologies: provider logs in, canonical topics out. Added to the detector's
 * topology by {@code DetectorTopology.build}; the detection path reads {@code signin.events}
 * through the topic, as for any other producer of canonical sign-ins.
 *
 * <pre>
 * idp.raw.&lt;s&gt; ──► raw-&lt;s&gt;-source ──► raw-&lt;s&gt;-normalize ──► raw-&lt;s&gt;-identity ──► raw-&lt;s&gt;-route- ─┬─► signin ──► raw-&lt;s&gt;-signin-sink ──► signin.events
 *                                                                     ├─► change ──► raw-&lt;s&gt;-change-sink ──► directory.changes
 *                                                                     ├─► dead-letter ──► raw-&lt;s&gt;-dlq-sink ──► mfa.dlq
 *                                                                     └─► session-part ─┐
 * (session parts of every source) ──► session-parts (repartition by session id) ──► session-correlate [session-mfa-store, session-mfa-deadlines]
 *                                                                               ──► session-signin-sink ──► signin.events
 * </pre>
 */
public final class RawIngestTopology {

    public static final String SESSION_REPARTITION = "session-parts";
    public static final String SESSION_CORRELATE = "session-correlate";
    public static final String SESSION_SIGNIN_SINK = "session-signin-sink";

    static final JsonSerde<RawOutcome.SessionPart> SESSION_PART_SERDE = JsonSerde.of(RawOutcome.SessionPart.class);

    private RawIngestTopology() {
    }

    /** {@code raw-<source>-}: the prefix of every node of one source's sub-topology. */
    public static String prefix(String source) {
        return "raw-" + source + "-";
    }

    /** Adds one sub-topology per enabled source, plus the session correlation; nothing when none is enabled. */
    public static void addTo(StreamsBuilder builder, DetectorConfig config, DetectorMetrics metrics) {
        KStream<String, RawOutcome.SessionPart> parts = null;
        for (String source : config.rawSources()) {
            KStream<String, RawOutcome.SessionPart> sourceParts = addSource(builder, source, config, metrics);
            parts = parts == null ? sourceParts
                    : parts.merge(sourceParts, Named.as(prefix(source) + "session-part-merge"));
        }
        if (parts == null) {
            return;
        }
        parts.repartition(Repartitioned.with(Serdes.String(), SESSION_PART_SERDE).withName(SESSION_REPARTITION))
                .process(SessionCorrelationProcessor.supplier(config.sessionWait(),
                        SessionMfaCorrelator.DEFAULT_MAX_ENTRIES, metrics.normalizer(), config.detection().stores()), Named.as(SESSION_CORRELATE))
                .to(Topics.SIGNIN_EVENTS.name(), Produced.with(Topics.SIGNIN_EVENTS.keySerde(),
                        Topics.SIGNIN_EVENTS.valueSerde()).withName(SESSION_SIGNIN_SINK));
    }

    /** One source's sub-topology; returns its session parts, still to be correlated. */
    private static KStream<String, RawOutcome.SessionPart> addSource(StreamsBuilder builder, String source,
                                                                   DetectorConfig config, DetectorMetrics metrics) {
        String p = prefix(source);
        String topic = Topics.raw(source);
        Map<String, KStream<String, RawOutcome>> routes = builder
                .stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(p + "source"))
                .process(() -> new RawNormalizeProcessor(source, topic, Normalizers.forSource(source, config.normalizer()),
                        metrics.normalizer(), metrics.deadLetters()), Named.as(p + "normalize"))
                // Inventory aliases to principal ids, before publishing or correlating (one identity across providers).
                .process(IdentityResolution.rawStep(), Named.as(p + "identity"))
                .split(Named.as(p + "route-"))
                .branch((k, v) -> v instanceof RawOutcome.SignIn, Branched.as("signin"))
                .branch((k, v) -> v instanceof RawOutcome.Change, Branched.as("change"))
                .branch((k, v) -> v instanceof RawOutcome.SessionPart, Branched.as("session-part"))
                .defaultBranch(Branched.as("dead-letter"));

        routes.get(p + "route-signin")
                .mapValues(v -> ((RawOutcome.SignIn) v).event(), Named.as(p + "signin-event"))
                .to(Topics.SIGNIN_EVENTS.name(), Produced.with(Topics.SIGNIN_EVENTS.keySerde(),
                        Topics.SIGNIN_EVENTS.valueSerde()).withName(p + "signin-sink"));
        routes.get(p + "route-change")
                .mapValues(v -> ((RawOutcome.Change) v).change(), Named.as(p + "change-event"))
                .to(Topics.DIRECTORY_CHANGES.name(), Produced.with(Topics.DIRECTORY_CHANGES.keySerde(),
                        Topics.DIRECTORY_CHANGES.valueSerde()).withName(p + "change-sink"));
        routes.get(p + "route-dead-letter")
                .map((k, v) -> {
                    RawOutcome.DeadLetter d = (RawOutcome.DeadLetter) v;
                    return KeyValue.pair(d.key(), d.value());
                }, Named.as(p + "dlq-record"))
                .to(Topics.DLQ.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(p + "dlq-sink"));
        return routes.get(p + "route-session-part")
                .mapValues(v -> (RawOutcome.SessionPart) v, Named.as(p + "session-part"));
    }
}
