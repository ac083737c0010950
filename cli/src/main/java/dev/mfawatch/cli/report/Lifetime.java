package dev.mfawatch.cli.report;

import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.register.HistoryEntry;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * When an entry was in force, as history sees it: {@code [activatedAt, end)} where the end is the
 * expiry or, when earlier, the first dated REVOKE… / CLOSE… line of its history. Unlike
 * {@link ExceptionEntry#lifecycleAt}, which answers for the detector now (an entry whose status
 * already reads EXPIRED covers nothing any more), this keeps the past: an entry that expired last
 * week was in force the week before.
 *
 * @param start activation
 * @param end   expiry or closure, exclusive
 */
record Lifetime(Instant start, Instant end) {

    /** The in-force interval; empty for an entry never approved, never activated, without expiry, or revoked without a date. */
    static Optional<Lifetime> of(ExceptionEntry e) {
        if (e.status() == null || e.status() == ExceptionStatus.REQUESTED || e.activatedAt() == null
                || e.expiresAt() == null) {
            return Optional.empty();
        }
        Optional<Instant> closed = closedAt(e);
        if (closed.isEmpty() && e.status() == ExceptionStatus.REVOKED) {
            // As the detector reads it: revoked from its activation on.
            return Optional.empty();
        }
        Instant end = closed.filter(c -> c.isBefore(e.expiresAt())).orElse(e.expiresAt());
        return end.isAfter(e.activatedAt()) ? Optional.of(new Lifetime(e.activatedAt(), end)) : Optional.empty();
    }

    /** The first dated history line that revoked or closed the entry. */
    static Optional<Instant> closedAt(ExceptionEntry e) {
        return e.history().stream()
                .filter(h -> h.at() != null && h.action() != null && closing(h.action()))
                .map(HistoryEntry::at)
                .min(Comparator.naturalOrder());
    }

    private static boolean closing(String action) {
        String a = action.trim().toUpperCase(Locale.ROOT);
        return a.startsWith("REVOKE") || a.startsWith("CLOSE");
    }

    boolean overlaps(Instant from, Instant to) {
        return start.isBefore(to) && end.isAfter(from);
    }
}
