package dev.mfawatch.detector.rules;

import dev.mfawatch.model.directory.DirectoryChange;
import java.time.Instant;
import java.util.Optional;

/**
 * A detector that remembers something per principal between events (recent locations, recent
 * failures). It never sees a store: the engine hands it the principal's previous state, decoded,
 * and keeps what it returns. On stream time the engine also applies {@link #due} and {@link #expire},
 * but only to the states whose {@link #wakeAt} has come: a sweep costs what is due, not the number of
 * principals held. State must stay bounded per principal, in count and in age.
 *
 * @param <S> the rule's per-principal state; immutable
 */
public interface StatefulDetector<S> extends Detector {

    /** How the state is stored; keep it to tens of bytes per principal. */
    StateCodec<S> codec();

    /** Judges the event given the principal's state (null when none) and returns the next state (null to drop it). */
    Step<S> step(DetectionContext context, S state);

    /**
     * A canonical directory change naming {@code principal} as a target (from {@code directory.changes},
     * keyed by target principal id). Most rules ignore changes: the default keeps the state.
     */
    default Step<S> onChange(String principal, DirectoryChange change, S state) {
        return Step.quiet(state);
    }

    /**
     * The same change with the register entries naming its target and the target's inventory facts.
     * The engine calls this one; the default passes the change on to {@link #onChange(String, DirectoryChange, Object)}.
     */
    default Step<S> onChange(TargetedChange context, S state) {
        return onChange(context.principal(), context.change(), state);
    }

    /**
     * A follow-up that the passing of stream time alone makes due (no event arrives to trigger it),
     * checked at a sweep, before {@link #expire}, for each state whose {@link #wakeAt} has come. The default finds none.
     */
    default Optional<Due<S>> due(String principal, S state, Instant streamTime) {
        return Optional.empty();
    }

    /** A follow-up finding that fell due at {@code at} (its alert's event time), and the state left (null to drop it). */
    record Due<S>(S state, Instant at, Finding finding) {
    }

    /** The state left when stream time has reached {@code streamTime}; null when nothing is left. */
    S expire(S state, Instant streamTime);

    /**
     * The earliest stream time at which {@link #expire} or {@link #due} could change {@code state}:
     * for every earlier time {@code t}, {@code expire(state, t)} must return a state equal to
     * {@code state} and {@code due(p, state, t)} nothing. Empty when time alone never changes it.
     * Earlier than needed is safe (the state is only looked at sooner); later would delay an expiry
     * or a follow-up. The default, {@link Instant#MIN}, has the state looked at on every sweep.
     */
    default Optional<Instant> wakeAt(S state) {
        return Optional.of(Instant.MIN);
    }

    /**
     * The state as the HTTP API shows it ({@code GET /api/principals/{id}}, rendered as JSON by
     * Jackson). The default shows the state record itself; a rule overrides it when its compact
     * encoding reads badly (epoch numbers, hashes), never to reveal more than the state holds.
     */
    default Object view(S state) {
        return state;
    }

    /** Stateless use (catalogue tests): the event judged as the principal's first. */
    @Override
    default Optional<Finding> detect(DetectionContext context) {
        return step(context, null).finding();
    }

    /** What one event left behind: the next state and maybe a finding. */
    record Step<S>(S state, Optional<Finding> finding) {
        public Step {
            finding = finding == null ? Optional.empty() : finding;
        }

        public static <S> Step<S> quiet(S state) {
            return new Step<>(state, Optional.empty());
        }

        public static <S> Step<S> fire(S state, Finding finding) {
            return new Step<>(state, Optional.of(finding));
        }
    }

    /** Encodes one rule's state; {@code decode(encode(s))} equals {@code s}. */
    interface StateCodec<S> {
        byte[] encode(S state);

        S decode(byte[] bytes);
    }
}
