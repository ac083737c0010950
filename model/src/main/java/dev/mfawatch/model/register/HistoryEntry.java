package dev.mfawatch.model.register;

import java.time.Instant;

/** One line of an entry's change history, e.g. {@code 2026-03-02T10:00:00Z REVOKED by ciso}. */
public record HistoryEntry(Instant at, String action, String by, String note) {
}
