package dev.mfawatch.detector.rules;

import dev.mfawatch.detector.rules.StatefulDetector.StateCodec;
import dev.mfawatch.detector.rules.StatefulDetector.Step;
import dev.mfawatch.model.directory.DirectoryChange;
import java.time.Instant;

/**
 * A rule over directory changes keyed by the change's <em>actor</em> (who made it), not its target:
 * "one admin reset many accounts". The engine re-keys the changes a rule {@link #accepts} by actor id
 * through a repartition topic and hands the rule that actor's previous state, decoded, with each
 * change and its one target; it keeps what the rule returns. Like {@link StatefulDetector} the rule
 * never sees a store, and its state must stay bounded per actor, in count and in age. A finding's
 * alert is keyed and named by the actor.
 *
 * <p>Method names carry {@code actor} so one class can be both a {@link StatefulDetector} (per
 * target) and an actor detector.
 *
 * @param <A> the rule's per-actor state; immutable
 */
public interface ActorDetector<A> {

    DetectorMetadata metadata();

    /** Whether the rule wants this change, for {@code target}, in its actor's state; most changes are not re-keyed. */
    boolean acceptsActorChange(String target, DirectoryChange change);

    StateCodec<A> actorCodec();

    /** Judges a change the actor made to {@code target}, given the actor's state (null when none). */
    Step<A> onActorChange(String actor, String target, DirectoryChange change, A state);

    /** The state left when stream time has reached {@code streamTime}; null when nothing is left. */
    A expireActor(A state, Instant streamTime);
}
