package dev.mfawatch.detector.changes;

import dev.mfawatch.detector.ingest.DeadLetterReason;
import dev.mfawatch.model.directory.DirectoryChange;

/** The outcome of parsing one {@code directory.changes} record: a canonical change, or the original bytes and why they failed. */
public sealed interface ParsedChange {

    record Ok(DirectoryChange change) implements ParsedChange {
    }

    /** {@code original} is the record's value as read (null for a tombstone; cut as {@link dev.mfawatch.detector.ingest.DeadLetters} says when too large). */
    record Failed(byte[] original, DeadLetterReason reason) implements ParsedChange {
    }
}
