package dev.mfawatch.cli.report;

import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.usage.ExceptionUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the audit report shows, whatever it was read from (Kafka topics or files through
 * backtest). The period is {@code [from, to)} in event time.
 *
 * @param from              start of the period (inclusive)
 * @param to                end of the period (exclusive)
 * @param generatedAt       when the report was made
 * @param source            where the data came from, in words (shown on the page)
 * @param register          the register as it stands (one entry per id); its dates decide what was in force
 * @param usagePublications every usage ledger publication read, of any time (the timeline picks what the period needs)
 * @param notices           notices dated in the period
 * @param alerts            alerts whose event time is in the period, one per alert id (its latest update)
 * @param changes           directory changes in the period, one per event id
 * @param caveats           what the reader must know about gaps in the data (unreadable records, missing topics)
 */
public record ReportData(Instant from, Instant to, Instant generatedAt, String source, List<ExceptionEntry> register,
                         List<ExceptionUsage> usagePublications, List<Notice> notices, List<Alert> alerts,
                         List<DirectoryChange> changes, List<String> caveats) {

    public ReportData {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the period is empty: " + from + " is not before " + to);
        }
        Objects.requireNonNull(generatedAt, "generatedAt");
        source = source == null ? "" : source;
        register = List.copyOf(register);
        usagePublications = List.copyOf(usagePublications);
        notices = List.copyOf(notices);
        alerts = List.copyOf(alerts);
        changes = List.copyOf(changes);
        caveats = List.copyOf(caveats);
    }

    /**
     * The report's data from everything a source read: notices, alerts and changes outside
     * {@code [from, to)} are left out (by notice date, alert event time, change time); an alert
     * published several times (suppression updates repeat its id) counts once, as its latest
     * version; a change read more than once (one record per target) counts once. Each list comes
     * out in time order.
     */
    public static ReportData inPeriod(Instant from, Instant to, Instant generatedAt, String source,
                                      List<ExceptionEntry> register, List<ExceptionUsage> usagePublications,
                                      List<Notice> notices, List<Alert> alerts, List<DirectoryChange> changes,
                                      List<String> caveats) {
        List<Notice> n = notices.stream().filter(x -> within(x.at(), from, to))
                .sorted(Comparator.comparing(Notice::at)).toList();
        Map<String, Alert> latest = new LinkedHashMap<>();
        for (Alert a : alerts) {
            if (within(a.eventTime(), from, to)) {
                // A later record of the same alert is its update (a higher count, a later lastSeen).
                latest.merge(a.alertId(), a, (old, neu) -> neu.count() >= old.count() ? neu : old);
            }
        }
        List<Alert> a = new ArrayList<>(latest.values());
        a.sort(Comparator.comparing(Alert::eventTime).thenComparing(Alert::alertId));
        Map<String, DirectoryChange> byId = new LinkedHashMap<>();
        for (DirectoryChange c : changes) {
            if (within(c.time(), from, to)) {
                byId.putIfAbsent(c.eventId(), c);
            }
        }
        List<DirectoryChange> c = new ArrayList<>(byId.values());
        c.sort(Comparator.comparing(DirectoryChange::time).thenComparing(DirectoryChange::eventId));
        List<ExceptionEntry> r = new ArrayList<>(register);
        r.sort(Comparator.comparing(ExceptionEntry::id));
        return new ReportData(from, to, generatedAt, source, r, usagePublications, n, a, c, caveats);
    }

    static boolean within(Instant t, Instant from, Instant to) {
        return t != null && !t.isBefore(from) && t.isBefore(to);
    }
}
