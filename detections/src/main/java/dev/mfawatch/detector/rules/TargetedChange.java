package dev.mfawatch.detector.rules;

import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Lifecycle;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A directory change as a stateful rule sees it: the target principal, the register entries naming it
 * and its inventory facts (empty when the inventory does not know it), as a sign-in's
 * {@link DetectionContext} carries them.
 */
public record TargetedChange(String principal, DirectoryChange change, List<ExceptionEntry> exceptions,
                            Optional<InventoryFacts> inventory) {

    public TargetedChange {
        Objects.requireNonNull(principal, "principal == null");
        Objects.requireNonNull(change, "change == null");
        exceptions = exceptions == null ? List.of() : List.copyOf(exceptions);
        inventory = inventory == null ? Optional.empty() : inventory;
    }

    /** Without register entries or inventory (tests, and callers that have neither). */
    public static TargetedChange bare(String principal, DirectoryChange change) {
        return new TargetedChange(principal, change, List.of(), Optional.empty());
    }

    /** The entries naming the principal that were in force when the change happened. */
    public List<ExceptionEntry> inForce() {
        return exceptions.stream().filter(e -> e.lifecycleAt(change.time()) == Lifecycle.IN_FORCE).toList();
    }

    /** Privileged or break-glass by the inventory, or named by a BREAK_GLASS entry in force. */
    public boolean privileged() {
        return inventory.map(f -> f.privileged() || f.breakGlass()).orElse(false)
                || inForce().stream().anyMatch(e -> e.category() == ExceptionCategory.BREAK_GLASS);
    }
}
