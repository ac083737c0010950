package dev.mfawatch.cli.report;

import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.register.validate.CategoryRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The register's key indicators for a period {@code [from, to)}.
 *
 * @param entries             register entries
 * @param byCategory          entries per category
 * @param byStatus            entries per register status (as governance recorded it)
 * @param byLifecycleAtEnd    entries per lifecycle at the period's last instant ({@link ExceptionEntry#lifecycleAt})
 * @param medianDuration      median of activation → expiry or earlier closure over the entries that were ever in force; null if none
 * @param durations           how many entries that median is over
 * @param approved            entries past request (status other than REQUESTED): the denominator of the controls share
 * @param withControls        of those, the ones listing at least one compensating control
 * @param reviewSubjects      entries in force at some time in the period
 * @param reviewedInCadence   of those, the ones whose last review (or, never reviewed, activation) is no more than
 *                            their cadence before the period's end or their own end, whichever came first
 * @param medianTimeToClosure median of request (createdAt) → first dated REVOKE / CLOSE history line; null if none
 * @param closed              how many entries that median is over
 */
public record Kpis(int entries, SortedMap<String, Long> byCategory, SortedMap<String, Long> byStatus,
                   SortedMap<String, Long> byLifecycleAtEnd, Duration medianDuration, int durations, int approved,
                   int withControls, int reviewSubjects, int reviewedInCadence, Duration medianTimeToClosure, int closed) {

    public static Kpis of(List<ExceptionEntry> register, Instant from, Instant to) {
        SortedMap<String, Long> byCategory = new TreeMap<>();
        SortedMap<String, Long> byStatus = new TreeMap<>();
        SortedMap<String, Long> byLifecycle = new TreeMap<>();
        List<Duration> durations = new ArrayList<>();
        List<Duration> toClosure = new ArrayList<>();
        int approved = 0;
        int withControls = 0;
        int subjects = 0;
        int inCadence = 0;
        Instant last = to.minusNanos(1);
        for (ExceptionEntry e : register) {
            byCategory.merge(e.category() == null ? "UNSPECIFIED" : e.category().name(), 1L, Long::sum);
            byStatus.merge(e.status() == null ? "UNSPECIFIED" : e.status().name(), 1L, Long::sum);
            byLifecycle.merge(e.lifecycleAt(last).name(), 1L, Long::sum);
            if (e.status() != null && e.status() != ExceptionStatus.REQUESTED) {
                approved++;
                if (!e.compensatingControls().isEmpty()) {
                    withControls++;
                }
            }
            Optional<Lifetime> life = Lifetime.of(e);
            life.ifPresent(l -> durations.add(Duration.between(l.start(), l.end())));
            if (life.isPresent() && life.get().overlaps(from, to)) {
                subjects++;
                if (reviewedInCadence(e, life.get(), to)) {
                    inCadence++;
                }
            }
            Optional<Instant> closedAt = Lifetime.closedAt(e);
            if (closedAt.isPresent() && e.createdAt() != null && !closedAt.get().isBefore(e.createdAt())) {
                toClosure.add(Duration.between(e.createdAt(), closedAt.get()));
            }
        }
        return new Kpis(register.size(), byCategory, byStatus, byLifecycle, median(durations), durations.size(),
                approved, withControls, subjects, inCadence, median(toClosure), toClosure.size());
    }

    /**
     * Reviewed within cadence: as register-sync's REVIEW_OVERDUE notice reckons it (last review, or
     * activation if never reviewed, plus the cadence in force), judged at the period's end or at the
     * entry's own end if that came first: no review is due of an entry no longer in force.
     */
    static boolean reviewedInCadence(ExceptionEntry e, Lifetime life, Instant to) {
        Instant judgedAt = life.end().isBefore(to) ? life.end() : to;
        Instant reviewed = e.lastReviewedAt() != null ? e.lastReviewedAt() : life.start();
        return !judgedAt.isAfter(reviewed.plus(Duration.ofDays(cadenceDays(e))));
    }

    /** The cadence in force (explicit, else the category's default), as register-sync uses it. */
    static int cadenceDays(ExceptionEntry e) {
        if (e.reviewCadenceDays() != null || e.category() == null) {
            return e.reviewCadenceDays() != null ? e.reviewCadenceDays() : 30;
        }
        return CategoryRules.cadence(e);
    }

    /** The middle value; for an even count the mean of the two middle ones. */
    static Duration median(List<Duration> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
    }

    /** Share of approved entries with compensating controls, 0..1; null when none is approved. */
    public Double controlsShare() {
        return approved == 0 ? null : (double) withControls / approved;
    }

    /** Share of the entries in force in the period that were reviewed within cadence, 0..1; null when none. */
    public Double reviewAdherence() {
        return reviewSubjects == 0 ? null : (double) reviewedInCadence / reviewSubjects;
    }
}
