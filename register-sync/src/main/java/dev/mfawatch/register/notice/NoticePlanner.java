package dev.mfawatch.register.notice;

import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.register.HistoryEntry;
import dev.mfawatch.model.register.Lifecycle;
import dev.mfawatch.register.validate.CategoryRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which governance notices the register calls for at an instant. Each notice's id is
 * {@code <exception id>/<kind>/<due instant>}: the same condition always gets the same id, so it is
 * announced once; a renewed expiry or a new review date is a new condition with a new id.
 *
 * <p>{@code RE_REQUESTED} looks at the register's history (the file keeps closed, expired and revoked
 * entries): an entry that is not over yet and was created after at least {@code reRequestThreshold}
 * earlier entries of the same category for the same principal, or for the same app (when the entry
 * names apps), within {@link #RE_REQUEST_WINDOW} before it. The same bypass asked for again and again
 * is a design problem to fix, not one more exception. Break-glass entries are left out: they are
 * meant to be renewed for as long as the tenant exists.
 */
public final class NoticePlanner {

    public static final Duration DEFAULT_HORIZON = Duration.ofDays(7);
    /** Break-glass credentials are rotated at least every 90 days (and after every use). */
    public static final Duration ROTATION = Duration.ofDays(90);
    /** Earlier entries for the same scope that make a new one {@code RE_REQUESTED}; 0 turns the notice off. */
    public static final int DEFAULT_RE_REQUEST_THRESHOLD = 2;
    /** How far back earlier entries count: 12 months, as the register validator's recurrence warning. */
    public static final Duration RE_REQUEST_WINDOW = Duration.ofDays(365);

    /** Earlier entries named in a RE_REQUESTED message: the latest few; the count says how many there are. */
    private static final int LISTED_EARLIER = 5;

    private final Duration horizon;
    private final int reRequestThreshold;

    public NoticePlanner(Duration horizon) {
        this(horizon, DEFAULT_RE_REQUEST_THRESHOLD);
    }

    public NoticePlanner(Duration horizon, int reRequestThreshold) {
        if (reRequestThreshold < 0) {
            throw new IllegalArgumentException("reRequestThreshold must not be negative, got " + reRequestThreshold);
        }
        this.horizon = horizon;
        this.reRequestThreshold = reRequestThreshold;
    }

    public static String noticeId(String exceptionId, NoticeKind kind, Instant dueAt) {
        return exceptionId + "/" + kind + "/" + dueAt;
    }

    /** @param entries the register as published (normalised: expired entries carry status EXPIRED) */
    public List<Notice> plan(Collection<ExceptionEntry> entries, Instant now) {
        List<Notice> out = new ArrayList<>();
        for (ExceptionEntry e : entries) {
            Lifecycle lifecycle = e.lifecycleAt(now);
            String what = e.id() + " (" + e.category() + ")";
            if (e.status() == ExceptionStatus.EXPIRED && e.expiresAt() != null && !now.isBefore(e.expiresAt())) {
                out.add(notice(e, NoticeKind.EXPIRED, now, e.expiresAt(),
                        what + " expired at " + e.expiresAt() + "; it no longer covers any sign-in"));
            }
            if (lifecycle != Lifecycle.IN_FORCE) {
                continue;
            }
            if (e.expiresAt() != null && !e.expiresAt().isAfter(now.plus(horizon))) {
                out.add(notice(e, NoticeKind.EXPIRING_SOON, now, e.expiresAt(),
                        what + " expires at " + e.expiresAt() + "; renew it through governance or let it lapse"));
            }
            int cadence = CategoryRules.cadence(e);
            Instant lastReview = e.lastReviewedAt() != null ? e.lastReviewedAt() : e.activatedAt();
            Instant reviewDue = lastReview.plus(Duration.ofDays(cadence));
            if (now.isAfter(reviewDue)) {
                out.add(notice(e, NoticeKind.REVIEW_OVERDUE, now, reviewDue,
                        what + " was due for review at " + reviewDue + " (every " + cadence + " days)"));
            }
            if (e.category() == ExceptionCategory.BREAK_GLASS) {
                Instant rotated = lastRotation(e).orElse(e.activatedAt());
                Instant rotationDue = rotated.plus(ROTATION);
                if (!now.isBefore(rotationDue)) {
                    out.add(notice(e, NoticeKind.ROTATION_DUE, now, rotationDue, what
                            + " break-glass credentials were due for rotation at " + rotationDue + " (every 90 days)"));
                }
            }
        }
        if (reRequestThreshold > 0) {
            out.addAll(reRequested(entries, now));
        }
        return out;
    }

    /** When an entry was asked for: its creation, or its activation for entries without one. */
    private static Instant requestedAt(ExceptionEntry e) {
        return e.createdAt() != null ? e.createdAt() : e.activatedAt();
    }

    /** A scope value an entry is requested for: a principal, or an app, within one category. */
    private record ScopeKey(String dimension, String value, ExceptionCategory category) {
    }

    private static List<ScopeKey> keys(ExceptionEntry e) {
        List<ScopeKey> keys = new ArrayList<>();
        e.scope().principals().forEach(p -> keys.add(new ScopeKey("principal", p, e.category())));
        e.scope().apps().forEach(a -> keys.add(new ScopeKey("app", a.trim().toLowerCase(Locale.ROOT), e.category())));
        // Once each ("Outlook" and "outlook" are one app): an entry listed twice in a scope's run would count twice.
        return keys.stream().distinct().toList();
    }

    private List<Notice> reRequested(Collection<ExceptionEntry> entries, Instant now) {
        // Earliest first, ties by id, so "earlier" is a total order and the outcome does not depend on file order.
        Comparator<ExceptionEntry> order = Comparator.comparing(NoticePlanner::requestedAt).thenComparing(ExceptionEntry::id);
        List<ExceptionEntry> dated = entries.stream()
                .filter(e -> requestedAt(e) != null && e.category() != null && e.category() != ExceptionCategory.BREAK_GLASS)
                .sorted(order).toList();
        Map<ScopeKey, List<ExceptionEntry>> byKey = new HashMap<>();
        for (ExceptionEntry e : dated) {
            for (ScopeKey k : keys(e)) {
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(e);
            }
        }
        List<Notice> out = new ArrayList<>();
        for (ExceptionEntry e : dated) {
            if (over(e, now)) {
                continue;
            }
            Instant created = requestedAt(e);
            Instant from = created.minus(RE_REQUEST_WINDOW);
            // Per scope value, how many earlier entries it has in the window and the latest few of them. Each key's
            // list is sorted by the same order, so those entries are one contiguous run found by binary search:
            // linear in the register however many entries share a scope (a register of thousands of entries
            // for one app must not cost their square).
            StringBuilder what = new StringBuilder();
            for (ScopeKey k : keys(e)) {
                List<ExceptionEntry> list = byKey.get(k);
                int pos = Collections.binarySearch(list, e, order);
                int lower = firstRequestedFrom(list, from, pos);
                int earlier = pos - lower;
                if (earlier < reRequestThreshold) {
                    continue;
                }
                List<String> ids = list.subList(Math.max(lower, pos - LISTED_EARLIER), pos).stream().map(ExceptionEntry::id).toList();
                what.append(what.isEmpty() ? "" : "; ").append(k.dimension()).append(' ').append(k.value())
                        .append(" after ").append(earlier).append(" earlier ").append(e.category())
                        .append(" entr").append(earlier == 1 ? "y" : "ies").append(" within 12 months (")
                        .append(earlier > ids.size() ? "latest: " : "").append(String.join(", ", ids)).append(")");
            }
            if (what.isEmpty()) {
                continue;
            }
            out.add(new Notice(noticeId(e.id(), NoticeKind.RE_REQUESTED, created), e.id(), NoticeKind.RE_REQUESTED, now,
                    null, e.owner(), e.id() + " (" + e.category() + ") covers again " + what
                    + ": a recurring exception is a design problem; fix the cause instead of renewing the exception"));
        }
        return out;
    }

    /** In {@code list} (sorted by request time), the first index before {@code pos} requested at or after {@code from}. */
    private static int firstRequestedFrom(List<ExceptionEntry> list, Instant from, int pos) {
        int lo = 0;
        int hi = pos;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (requestedAt(list.get(mid)).isBefore(from)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Ended for good: nothing to re-decide about it any more. */
    private static boolean over(ExceptionEntry e, Instant now) {
        if (e.status() == ExceptionStatus.CLOSED || e.status() == ExceptionStatus.EXPIRED
                || e.status() == ExceptionStatus.REVOKED) {
            return true;
        }
        Lifecycle l = e.lifecycleAt(now);
        return l == Lifecycle.EXPIRED || l == Lifecycle.REVOKED;
    }

    /** The latest history line whose action starts with ROTATE (ROTATED, ROTATE_CREDENTIALS, …). */
    static Optional<Instant> lastRotation(ExceptionEntry e) {
        return e.history().stream()
                .filter(h -> h.at() != null && h.action() != null && h.action().toUpperCase(Locale.ROOT).startsWith("ROTATE"))
                .map(HistoryEntry::at)
                .max(Comparator.naturalOrder());
    }

    private static Notice notice(ExceptionEntry e, NoticeKind kind, Instant now, Instant due, String message) {
        return new Notice(noticeId(e.id(), kind, due), e.id(), kind, now, due, e.owner(), message);
    }
}
