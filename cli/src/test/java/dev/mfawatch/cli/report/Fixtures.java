package dev.mfawatch.cli.report;

import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.register.HistoryEntry;
import dev.mfawatch.model.register.RiskRating;
import dev.mfawatch.model.register.Scope;
import dev.mfawatch.model.usage.ExceptionUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Register entries, alerts, notices, changes and ledgers built by hand for the report's tests. */
final class Fixtures {

    private Fixtures() {
    }

    static Instant t(String dayOrInstant) {
        return dayOrInstant.length() == 10 ? Instant.parse(dayOrInstant + "T00:00:00Z") : Instant.parse(dayOrInstant);
    }

    static ExceptionEntry entry(String id, ExceptionCategory category, ExceptionStatus status, String created,
                                String activated, String expires, Integer cadence, String lastReviewed,
                                List<String> controls, HistoryEntry... history) {
        return new ExceptionEntry(id, category, status, "requestor-of-" + id.toLowerCase() + "@example.test",
                "owner-of-" + id.toLowerCase() + "@example.test", List.of("ciso@example.test"), "iam@example.test",
                Scope.ofPrincipals(id.toLowerCase() + "-user@example.test"), "because", RiskRating.MEDIUM, controls,
                "watch it", created == null ? null : t(created), activated == null ? null : t(activated),
                expires == null ? null : t(expires), cadence, lastReviewed == null ? null : t(lastReviewed), null, null,
                "CHG-" + id, null, List.of(history));
    }

    static HistoryEntry history(String at, String action) {
        return new HistoryEntry(t(at), action, "ciso@example.test", null);
    }

    static Alert alert(String id, String rule, Severity severity, String eventTime, String principal, String exceptionId,
                       String summary, int count) {
        return new Alert(id, rule, severity, t(eventTime), t(eventTime), principal, exceptionId, null, summary, "entra",
                "198.51.100.7", null, "Outlook", "IMAP", null, List.of(), count, t(eventTime), t(eventTime), List.of(),
                null, Map.of());
    }

    static Notice notice(String exceptionId, NoticeKind kind, String at, String message) {
        return new Notice(exceptionId + "/" + kind + "/" + at, exceptionId, kind, t(at), t(at),
                "owner-of-" + exceptionId.toLowerCase() + "@example.test", message);
    }

    static DirectoryChange change(String eventId, String time, String actor, ChangeOperation op, String ticket,
                                  String... targets) {
        return new DirectoryChange(eventId, "entra-audit", t(time), new Actor(actor, "USER"), op, List.of(targets), null,
                ticket, Map.of(), null);
    }

    static ExceptionUsage usage(String exceptionId, long signIns, String updatedAt, String... appCountryProtocolPrincipal) {
        List<ExceptionUsage.Count> apps = new ArrayList<>();
        List<ExceptionUsage.Count> countries = new ArrayList<>();
        List<ExceptionUsage.Count> protocols = new ArrayList<>();
        List<ExceptionUsage.Count> principals = new ArrayList<>();
        if (appCountryProtocolPrincipal.length == 4) {
            apps.add(new ExceptionUsage.Count(appCountryProtocolPrincipal[0], signIns));
            countries.add(new ExceptionUsage.Count(appCountryProtocolPrincipal[1], signIns));
            protocols.add(new ExceptionUsage.Count(appCountryProtocolPrincipal[2], signIns));
            principals.add(new ExceptionUsage.Count(appCountryProtocolPrincipal[3], signIns));
        }
        return new ExceptionUsage(exceptionId, signIns, 0, t("2026-10-01"), t(updatedAt), apps, protocols, countries,
                List.of(), principals, List.of(), t(updatedAt));
    }
}
