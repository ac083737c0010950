package dev.mfawatch.detector.actors;

import dev.mfawatch.detector.DetectionSettings;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.rules.ActorDetector;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.directory.DirectoryChange;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The actor-keyed path: rules that judge who made a change ({@link ActorDetector}) need that actor's changes
 * on one task, but {@code directory.changes} is keyed by target principal.
 *
 * <pre>
 * change-event (keyed by target) ──► actor-changes-filter ──► actor-changes-rekey ──► actor-changes (repartition, keyed by actor id)
 *     ──► actor-detect [actor-state] ──► actor-alerts-sink ──► mfa.alerts (keyed by actor)
 * </pre>
 *
 * Only the changes some actor rule accepts are re-keyed (resets by someone else: a small share of the
 * changes), each carrying its one target, the key it arrived under. Records keep their event-time
 * timestamp through the repartition topic. Nothing is added when no rule is an actor rule.
 */
public final class ActorTopology {

    public static final String FILTER = "actor-changes-filter";
    public static final String REKEY = "actor-changes-rekey";
    /** The repartition topic is {@code <application.id>-actor-changes-repartition}. */
    public static final String REPARTITION = "actor-changes";
    public static final String DETECT = "actor-detect";
    public static final String ALERTS_SINK = "actor-alerts-sink";

    private ActorTopology() {
    }

    public static void addTo(KStream<String, DirectoryChange> changes, List<Detector> detectors, DetectionSettings settings,
                             DetectorMetrics metrics) {
        List<ActorDetector<?>> actorDetectors = detectors.stream()
                .filter(d -> d instanceof ActorDetector<?>).<ActorDetector<?>>map(d -> (ActorDetector<?>) d).toList();
        if (actorDetectors.isEmpty()) {
            return;
        }
        changes
                .filter((target, c) -> c.actor() != null && actorDetectors.stream().anyMatch(d -> accepts(d, target, c)),
                        Named.as(FILTER))
                .map((target, c) -> org.apache.kafka.streams.KeyValue.pair(c.actor().id(), new DirectoryChange(c.eventId(),
                        c.source(), c.time(), c.actor(), c.operation(), List.of(target), c.policy(), c.ticket(), c.details(),
                        c.raw())), Named.as(REKEY))
                .repartition(Repartitioned.with(Serdes.String(), Topics.DIRECTORY_CHANGES.valueSerde()).withName(REPARTITION))
                .process(ActorDetectionProcessor.supplier(actorDetectors, metrics, settings.stateExpiryInterval(), settings.grace(),
                        settings.stores()), Named.as(DETECT))
                .to(Topics.ALERTS.name(), Produced.with(Topics.ALERTS.keySerde(), Topics.ALERTS.valueSerde()).withName(ALERTS_SINK));
    }

    /** A rule that throws on a change simply does not take it (the processor counts rule errors). */
    private static boolean accepts(ActorDetector<?> d, String target, DirectoryChange c) {
        try {
            return target != null && d.acceptsActorChange(target, c);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
