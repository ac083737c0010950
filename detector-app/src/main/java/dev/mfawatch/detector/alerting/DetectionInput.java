package dev.mfawatch.detector.alerting;

import dev.mfawatch.detector.inventory.Enriched;
import dev.mfawatch.model.directory.DirectoryChange;

/** What the detection step receives, keyed by principal id: a sign-in with its inventory facts, or a directory change targeting the principal. */
public sealed interface DetectionInput {

    record SignIn(Enriched enriched) implements DetectionInput {
    }

    record Change(DirectoryChange change) implements DetectionInput {
    }
}
