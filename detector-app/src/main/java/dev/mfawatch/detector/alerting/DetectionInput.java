package dev.mfawatch.detector.alerting;

import dev.mfawatch.detector.inventory.ChangedPrincipal;
import dev.mfawatch.detector.inventory.Enriched;
import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.model.directory.DirectoryChange;

/** What the detection step receives, keyed by principal id: a sign-in with its inventory facts, or a directory change targeting the principal with its facts. */
public sealed interface DetectionInput {

    record SignIn(Enriched enriched) implements DetectionInput {
    }

    /** {@code inventory} is null when the inventory does not know the change's target. */
    record Change(DirectoryChange change, InventoryFacts inventory) implements DetectionInput {
        public Change(ChangedPrincipal joined) {
            this(joined.change(), joined.inventory());
        }
    }
}
