package dev.mfawatch.cli.report;

import static dev.mfawatch.cli.report.Fixtures.alert;
import static dev.mfawatch.cli.report.Fixtures.change;
import static dev.mfawatch.cli.report.Fixtures.notice;
import static dev.mfawatch.cli.report.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportDataTest {

    @Test
    void keepsWhatFallsInThePeriodOnceEach() {
        ReportData d = ReportData.inPeriod(t("2026-11-01"), t("2026-12-01"), t("2026-12-02"), "test", List.of(),
                List.of(),
                List.of(notice("A", NoticeKind.EXPIRED, "2026-10-31T23:59:59Z", "before"),
                        notice("A", NoticeKind.REVIEW_OVERDUE, "2026-11-01T00:00:00Z", "first instant"),
                        notice("A", NoticeKind.EXPIRING_SOON, "2026-12-01T00:00:00Z", "the end is excluded")),
                List.of(alert("a1", "MFA_NOT_SATISFIED", Severity.HIGH, "2026-11-03T10:00:00Z", "p", null, "first", 1),
                        alert("a1", "MFA_NOT_SATISFIED", Severity.HIGH, "2026-11-03T10:00:00Z", "p", null, "updated", 4),
                        alert("a2", "MFA_NOT_SATISFIED", Severity.HIGH, "2026-12-03T10:00:00Z", "p", null, "after", 1)),
                List.of(change("c1", "2026-11-04T00:00:00Z", "helpdesk", ChangeOperation.FACTOR_RESET, null, "u1"),
                        change("c1", "2026-11-04T00:00:00Z", "helpdesk", ChangeOperation.FACTOR_RESET, null, "u1"),
                        change("c0", "2026-10-04T00:00:00Z", "helpdesk", ChangeOperation.FACTOR_RESET, null, "u1")),
                List.of());
        assertThat(d.notices()).extracting(Notice::message).containsExactly("first instant");
        assertThat(d.alerts()).singleElement().satisfies(a -> {
            assertThat(a.summary()).isEqualTo("updated");
            assertThat(a.count()).isEqualTo(4);
        });
        assertThat(d.alerts()).extracting(Alert::alertId).containsExactly("a1");
        assertThat(d.changes()).extracting(DirectoryChange::eventId).containsExactly("c1");
    }

    @Test
    void refusesAnEmptyPeriod() {
        assertThatThrownBy(() -> ReportData.inPeriod(t("2026-11-01"), t("2026-11-01"), t("2026-12-02"), "test",
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
