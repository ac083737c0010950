package dev.mfawatch.cli.report;

import dev.mfawatch.model.usage.ExceptionUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The usage ledgers over a period, from their publications on {@code mfa.exception.usage}. Each
 * publication carries cumulative counts and the event time of its latest change
 * ({@code updatedAt}), so the ledger as it stood at any instant is the last publication before it,
 * and the uses in {@code [from, to)} are the ledger at {@code to} less the ledger at {@code from}.
 *
 * @param atStart  each exception's ledger as last published before {@code from}
 * @param atEnd    each exception's ledger as last published before {@code to}
 * @param inPeriod the publications in {@code [from, to)}, in time order
 */
record UsageTimeline(Instant from, Instant to, Map<String, ExceptionUsage> atStart, Map<String, ExceptionUsage> atEnd,
                     List<ExceptionUsage> inPeriod) {

    /** One point of a cumulative series. */
    record Point(Instant at, long uses) {
    }

    static UsageTimeline of(List<ExceptionUsage> publications, Instant from, Instant to) {
        List<ExceptionUsage> ordered = new ArrayList<>(publications);
        // Stable: two publications with the same time keep their read order (offset order).
        ordered.sort(Comparator.comparing(UsageTimeline::time));
        Map<String, ExceptionUsage> start = new TreeMap<>();
        Map<String, ExceptionUsage> end = new TreeMap<>();
        List<ExceptionUsage> in = new ArrayList<>();
        for (ExceptionUsage u : ordered) {
            Instant t = time(u);
            if (t.isBefore(from)) {
                start.put(u.exceptionId(), u);
                end.put(u.exceptionId(), u);
            } else if (t.isBefore(to)) {
                end.put(u.exceptionId(), u);
                in.add(u);
            }
        }
        return new UsageTimeline(from, to, start, end, in);
    }

    /** When a publication's counts held: its updatedAt, else its last use; undated ones count as oldest. */
    static Instant time(ExceptionUsage u) {
        return u.updatedAt() != null ? u.updatedAt() : u.lastUse() != null ? u.lastUse() : Instant.EPOCH;
    }

    /** Uses (covered sign-ins plus approved changes) of one exception in the period. */
    long usesInPeriod(String exceptionId) {
        ExceptionUsage end = atEnd.get(exceptionId);
        if (end == null) {
            return 0;
        }
        ExceptionUsage start = atStart.get(exceptionId);
        // A count never goes down; a ledger rebuilt from scratch would, and then the end counts alone.
        return Math.max(0, end.uses() - (start == null || start.uses() > end.uses() ? 0 : start.uses()));
    }

    /** Cumulative uses of one exception: its count at {@code from}, then one point per publication in the period. */
    List<Point> cumulative(String exceptionId) {
        List<Point> points = new ArrayList<>();
        ExceptionUsage start = atStart.get(exceptionId);
        points.add(new Point(from, start == null ? 0 : start.uses()));
        for (ExceptionUsage u : inPeriod) {
            if (u.exceptionId().equals(exceptionId)) {
                points.add(new Point(time(u), u.uses()));
            }
        }
        return points;
    }

    /** Cumulative uses of every exception together: the sum of the latest ledgers, at each publication. */
    List<Point> cumulativeTotal() {
        Map<String, Long> current = new HashMap<>();
        atStart.forEach((id, u) -> current.put(id, u.uses()));
        long total = current.values().stream().mapToLong(Long::longValue).sum();
        List<Point> points = new ArrayList<>();
        points.add(new Point(from, total));
        for (ExceptionUsage u : inPeriod) {
            Long before = current.put(u.exceptionId(), u.uses());
            total += u.uses() - (before == null ? 0 : before);
            points.add(new Point(time(u), total));
        }
        return points;
    }
}
