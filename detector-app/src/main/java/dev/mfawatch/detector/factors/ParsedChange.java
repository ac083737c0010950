package dev.mfawatch.detector.factors;

import dev.mfawatch.model.directory.DirectoryChange;

/** A parsed {@code directory.changes} value, or the original bytes of one that failed. */
public sealed interface ParsedChange {

    record Ok(DirectoryChange change) implements ParsedChange {
    }

    record Failed(byte[] original) implements ParsedChange {
    }
}
