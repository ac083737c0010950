package dev.mfawatch.detector.inventory;

import dev.mfawatch.model.directory.DirectoryChange;
import java.util.Objects;

/** A directory change with its target's inventory facts; {@code inventory} is null when the inventory does not know it. */
public record ChangedPrincipal(DirectoryChange change, InventoryFacts inventory) {
    public ChangedPrincipal {
        Objects.requireNonNull(change, "change == null");
    }
}
