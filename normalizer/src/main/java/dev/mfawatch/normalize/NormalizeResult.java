package dev.mfawatch.normalize;

import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every outcome of one raw record, in the order of the events in it, and the values dropped from
 * its events as nonsense (the events themselves are among the outcomes).
 */
public record NormalizeResult(List<Outcome> outcomes, List<DroppedValue> droppedValues) {

    public NormalizeResult {
        outcomes = List.copyOf(outcomes);
        droppedValues = droppedValues == null ? List.of() : List.copyOf(droppedValues);
    }

    /** Without dropped values. */
    public NormalizeResult(List<Outcome> outcomes) {
        this(outcomes, List.of());
    }

    /** Dropped values counted by reason code, in code order; empty when none. */
    public Map<String, Integer> dropped() {
        Map<String, Integer> counts = new TreeMap<>();
        for (DroppedValue d : droppedValues) {
            counts.merge(d.reason(), 1, Integer::sum);
        }
        return counts;
    }

    public static NormalizeResult failure(String reason, String message, RecordOrigin origin) {
        return new NormalizeResult(List.of(new Outcome.Failure(0, 0, reason, message, origin.ref(null))));
    }

    public List<Outcome.SignIn> signIns() {
        return outcomes.stream().filter(Outcome.SignIn.class::isInstance).map(Outcome.SignIn.class::cast).toList();
    }

    public List<SignInEvent> signInEvents() {
        return signIns().stream().map(Outcome.SignIn::event).toList();
    }

    public List<DirectoryChange> changes() {
        return outcomes.stream().filter(Outcome.Change.class::isInstance).map(o -> ((Outcome.Change) o).change())
                .toList();
    }

    public List<Outcome.Skip> skips() {
        return outcomes.stream().filter(Outcome.Skip.class::isInstance).map(Outcome.Skip.class::cast).toList();
    }

    public List<Outcome.Failure> failures() {
        return outcomes.stream().filter(Outcome.Failure.class::isInstance).map(Outcome.Failure.class::cast).toList();
    }
}
