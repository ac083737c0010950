package dev.mfawatch.register.metrics;

import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.register.Lifecycle;
import dev.mfawatch.register.validate.CategoryRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The register's state at one instant, as the program KPIs need it: counts by category and status,
 * what is expiring or overdue, what runs without compensating controls, and how long exceptions
 * last and have lasted (over entries in force). Ratios (percent with controls, review SLA adherence)
 * are left to PromQL over these numbers.
 */
public record RegisterStats(Map<ExceptionCategory, Map<ExceptionStatus, Integer>> byCategoryAndStatus,
                            Map<ExceptionCategory, Integer> inForce,
                            int expiringSoon,
                            int reviewOverdue,
                            int withoutCompensatingControls,
                            Summary durationSeconds,
                            Summary ageSeconds,
                            int errors,
                            int warnings,
                            Instant at) {

    /** Median, maximum and sum of a set of durations in seconds; all 0 for an empty set. */
    public record Summary(double median, double max, double sum) {
        static Summary of(List<Long> seconds) {
            if (seconds.isEmpty()) {
                return new Summary(0, 0, 0);
            }
            List<Long> s = seconds.stream().sorted().toList();
            int n = s.size();
            double median = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
            return new Summary(median, s.get(n - 1), s.stream().mapToLong(Long::longValue).sum());
        }
    }

    public static final RegisterStats EMPTY = of(List.of(), Instant.EPOCH, Duration.ofDays(7), 0, 0);

    public static RegisterStats of(Collection<ExceptionEntry> entries, Instant now, Duration horizon, int errors,
                                   int warnings) {
        Map<ExceptionCategory, Map<ExceptionStatus, Integer>> byCs = new EnumMap<>(ExceptionCategory.class);
        Map<ExceptionCategory, Integer> inForce = new EnumMap<>(ExceptionCategory.class);
        for (ExceptionCategory c : ExceptionCategory.values()) {
            Map<ExceptionStatus, Integer> m = new EnumMap<>(ExceptionStatus.class);
            for (ExceptionStatus s : ExceptionStatus.values()) {
                m.put(s, 0);
            }
            byCs.put(c, m);
            inForce.put(c, 0);
        }
        int expiring = 0;
        int overdue = 0;
        int withoutControls = 0;
        List<Long> durations = new ArrayList<>();
        List<Long> ages = new ArrayList<>();
        for (ExceptionEntry e : entries) {
            if (e.category() == null || e.status() == null) {
                continue;
            }
            byCs.get(e.category()).merge(e.status(), 1, Integer::sum);
            if (e.lifecycleAt(now) != Lifecycle.IN_FORCE) {
                continue;
            }
            inForce.merge(e.category(), 1, Integer::sum);
            if (!e.expiresAt().isAfter(now.plus(horizon))) {
                expiring++;
            }
            Instant lastReview = e.lastReviewedAt() != null ? e.lastReviewedAt() : e.activatedAt();
            if (now.isAfter(lastReview.plus(Duration.ofDays(CategoryRules.cadence(e))))) {
                overdue++;
            }
            if (e.compensatingControls().isEmpty()) {
                withoutControls++;
            }
            durations.add(Duration.between(e.activatedAt(), e.expiresAt()).toSeconds());
            ages.add(Duration.between(e.activatedAt(), now).toSeconds());
        }
        return new RegisterStats(byCs, inForce, expiring, overdue, withoutControls, Summary.of(durations),
                Summary.of(ages), errors, warnings, now);
    }
}
