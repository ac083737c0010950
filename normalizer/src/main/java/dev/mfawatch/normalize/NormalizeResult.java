package dev.mfawatch.normalize;

import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.List;

/** Every outcome of one raw record, in the order of the events in it. */
public record NormalizeResult(List<Outcome> outcomes) {

    public NormalizeResult {
        outcomes = List.copyOf(outcomes);
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
