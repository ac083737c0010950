package dev.mfawatch.detector.usage;

import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.register.ExceptionEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The ledger's notices, with ids deterministic per condition so each is announced once (a consumer can
 * also drop a repeat after a restore): {@code <exception id>/UNUSED_EXCEPTION/<due instant>} and
 * {@code <exception id>/USED_OUTSIDE_PATTERN/<country|app>:<value>}. Their time is the condition's own
 * (the due instant, the use's event time), so a replay announces the same notices.
 */
final class Notices {

    private Notices() {
    }

    static Notice unused(ExceptionEntry entry, Instant from, Instant due, Duration after, boolean sinceObserved) {
        String id = entry.id() + "/" + NoticeKind.UNUSED_EXCEPTION + "/" + due;
        String since = sinceObserved ? "observed by the detector since " + from + " (in force since " + entry.activatedAt() + ")"
                : "in force since " + from;
        String message = "Exception " + entry.id() + category(entry) + " is " + since + " and was not used in " + days(after)
                + ": no sign-in it covered and no change it approved. A retirement candidate: revoke it, or record why it"
                + " is still needed.";
        return new Notice(id, entry.id(), NoticeKind.UNUSED_EXCEPTION, due, null, entry.owner(), message);
    }

    static Notice outsidePattern(ExceptionEntry entry, LedgerState.Outside o, Use use) {
        String dimension = o.dimension().name().toLowerCase(Locale.ROOT);
        String id = entry.id() + "/" + NoticeKind.USED_OUTSIDE_PATTERN + "/" + dimension + ":" + o.value();
        String seen = o.pattern().isEmpty() ? "none" : String.join(", ", new TreeSet<>(o.pattern()));
        String message = "Exception " + entry.id() + category(entry) + " covered sign-in " + use.eventId() + " at "
                + Instant.ofEpochMilli(use.time()) + " from " + dimension + " " + o.value() + ", never seen in its first "
                + "period of use (" + o.patternFrom() + " to " + o.patternUntil() + "; " + (o.pattern().size() == 1 ? dimension
                : o.dimension() == LedgerState.Dimension.COUNTRY ? "countries" : "apps") + " seen: " + seen + "). The exception is still valid but"
                + " its use changed: confirm with the owner that this use is intended, or narrow the scope.";
        return new Notice(id, entry.id(), NoticeKind.USED_OUTSIDE_PATTERN, Instant.ofEpochMilli(use.time()), null,
                entry.owner(), message);
    }

    private static String category(ExceptionEntry entry) {
        return entry.category() == null ? "" : " (" + entry.category() + ")";
    }

    private static String days(Duration d) {
        if (d.toHours() % 24 == 0 && d.toDays() > 0) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
