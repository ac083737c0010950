package dev.mfawatch.detector.changes;

import dev.mfawatch.detector.ingest.DeadLetterReason;
import dev.mfawatch.model.directory.DirectoryChange;

/** The outcome of parsing one {@code directory.changes} record: a canonical change, or the original bytes and why they failed. */
public sealed interface ParsedChange {

    record Ok(DirectoryChange change) implements ParsedChange {
    }

    /** {@code original} is the record's value exactly as read (null for a tombstone). */
    record Failed(byte[] original, DeadLetterReason reason) implements ParsedChange {
    }
}
