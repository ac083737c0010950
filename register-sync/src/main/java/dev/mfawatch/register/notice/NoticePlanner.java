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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides which governance notices the register calls for at an instant. Each notice's id is
 * {@code <exception id>/<kind>/<due instant>}: the same condition always gets the same id, so it is
 * announced once; a renewed expiry or a new review date is a new condition with a new id.
 */
public final class NoticePlanner {

    public static final Duration DEFAULT_HORIZON = Duration.ofDays(7);
    /** Break-glass credentials are rotated at least every 90 days (and after every use). */
    public static final Duration ROTATION = Duration.ofDays(90);

    private final Duration horizon;

    public NoticePlanner(Duration horizon) {
        this.horizon = horizon;
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
        return out;
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
