package dev.mfawatch.detector.review;

import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.Principal;

/** What the review step reads, keyed by principal id: a canonical directory change or a version of an inventory principal. */
sealed interface ReviewInput {

    record Change(DirectoryChange change) implements ReviewInput {
    }

    /** {@code principal} is null for a tombstone (or a value that did not bind). */
    record Version(Principal principal) implements ReviewInput {
    }
}
