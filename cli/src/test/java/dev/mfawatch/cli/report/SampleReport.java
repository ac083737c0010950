package dev.mfawatch.cli.report;

import static dev.mfawatch.cli.report.Fixtures.alert;
import static dev.mfawatch.cli.report.Fixtures.change;
import static dev.mfawatch.cli.report.Fixtures.notice;
import static dev.mfawatch.cli.report.Fixtures.t;
import static dev.mfawatch.cli.report.Fixtures.usage;

import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.register.HistoryEntry;
import dev.mfawatch.model.register.RiskRating;
import dev.mfawatch.model.register.Scope;
import java.util.ArrayList;
import java.util.List;

/** A report over November 2026 with something in every section, and register text that tries to be markup. */
final class SampleReport {

    /** An owner that would run script if it were not escaped. */
    static final String HOSTILE_OWNER = "<script>document.title='owned'</script>\"onmouseover=\"x";
    static final String HOSTILE_CONTROL = "<img src=https://attacker.example/x.png> & 'quotes'";

    private SampleReport() {
    }

    static ReportData data() {
        List<ExceptionEntry> register = new ArrayList<>(KpisTest.REGISTER);
        register.add(new ExceptionEntry("EXC-H", dev.mfawatch.model.register.ExceptionCategory.LEGACY_PROTOCOL,
                ExceptionStatus.ACTIVE, "req@example.test", HOSTILE_OWNER, List.of("ciso@example.test"), null,
                new Scope(List.of("printer@example.test"), List.of("Exchange Online"), List.of("SMTP"),
                        List.of("10.20.0.0/16"), List.of(), List.of()), "scan to mail", RiskRating.HIGH,
                List.of(HOSTILE_CONTROL), null, t("2026-10-01"), t("2026-10-02"), t("2027-01-30"), 30, t("2026-11-02"),
                null, null, "CHG-4502", null, List.<HistoryEntry>of()));
        return ReportData.inPeriod(t("2026-11-01"), t("2026-12-01"), t("2026-12-02T08:00:00Z"), "sample", register,
                List.of(usage("A", 2, "2026-10-20T08:00:00Z", "Azure Portal", "NL", "Browser", "bg-admin@example.test"),
                        usage("A", 9, "2026-11-14T08:00:00Z", "Azure Portal", "NL", "Browser", "bg-admin@example.test"),
                        usage("EXC-H", 40, "2026-11-03T08:00:00Z", "Exchange Online", "DE", "SMTP", "printer@example.test"),
                        usage("EXC-H", 117, "2026-11-28T08:00:00Z", "Exchange Online", "DE", "SMTP", "printer@example.test")),
                List.of(notice("F", NoticeKind.UNUSED_EXCEPTION, "2026-11-29T00:00:00Z", "F in force 14 days, never used"),
                        notice("EXC-H", NoticeKind.RE_REQUESTED, "2026-11-06T00:00:00Z",
                                "printer@example.test covered by a third entry in 12 months"),
                        notice("A", NoticeKind.REVIEW_TRIGGERED, "2026-11-07T00:00:00Z", "bg-admin lost Global Administrator"),
                        notice("EXC-H", NoticeKind.USED_OUTSIDE_PATTERN, "2026-11-08T00:00:00Z", "first use from DE")),
                List.of(alert("al-1", "MFA_NOT_SATISFIED", Severity.HIGH, "2026-11-03T10:00:00Z", "mallory@example.test",
                                null, "IMAP sign-in without MFA", 3),
                        alert("al-2", "BREAK_GLASS_SIGNIN", Severity.CRITICAL, "2026-11-14T08:00:00Z",
                                "bg-admin@example.test", "A", "break-glass sign-in", 1),
                        alert("al-3", "FACTOR_SWAP", Severity.MEDIUM, "2026-11-20T09:00:00Z", "morgan@example.test",
                                null, "factor reset without ticket", 1)),
                List.of(change("ch-1", "2026-11-20T08:00:00Z", "helpdesk.agent@example.test",
                                ChangeOperation.FACTOR_RESET, null, "morgan@example.test"),
                        change("ch-2", "2026-11-21T08:00:00Z", "helpdesk.agent@example.test",
                                ChangeOperation.TEMPORARY_ACCESS_PASS_ISSUED, "INC-77", "morgan@example.test"),
                        change("ch-3", "2026-11-22T08:00:00Z", "it.admin2@example.test",
                                ChangeOperation.EXCLUSION_ADDED, null, "mallory@example.test"),
                        change("ch-4", "2026-11-23T08:00:00Z", "hr.system@example.test",
                                ChangeOperation.DEPARTMENT_CHANGED, null, "sam@example.test")),
                List.of("a caveat for the reader"));
    }
}
