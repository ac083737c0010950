package dev.mfawatch.register.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.register.RiskRating;
import dev.mfawatch.model.register.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RE_REQUESTED: the same bypass asked for again after earlier entries for the same scope within 12 months. */
class ReRequestedTest {

    private static final Instant NOW = Instant.parse("2026-06-10T00:00:00Z");
    private final NoticePlanner planner = new NoticePlanner(Duration.ofDays(7));

    private static ExceptionEntry entry(String id, ExceptionCategory category, ExceptionStatus status, String created,
                                        List<String> principals, List<String> apps) {
        Instant c = Instant.parse(created + "T00:00:00Z");
        return new ExceptionEntry(id, category, status, "alice@example.com", "owen@example.com", List.of("carol@example.com"),
                "ivan@example.com", new Scope(principals, apps, null, null, null, null), "why", RiskRating.MEDIUM, List.of(),
                null, c, c, c.plus(Duration.ofDays(80)), 30, null, null, null, "CHG-1", null, List.of());
    }

    private static ExceptionEntry legacy(String id, ExceptionStatus status, String created, String principal) {
        return entry(id, ExceptionCategory.LEGACY_PROTOCOL, status, created, List.of(principal), List.of());
    }

    private List<Notice> reRequested(NoticePlanner p, List<ExceptionEntry> register) {
        return p.plan(register, NOW).stream().filter(n -> n.kind() == NoticeKind.RE_REQUESTED).toList();
    }

    @Test
    void theThirdEntryForOnePrincipalWithinAYearIsReRequested() {
        List<ExceptionEntry> register = List.of(
                legacy("EXC-1", ExceptionStatus.CLOSED, "2025-09-01", "printer@example.com"),
                legacy("EXC-2", ExceptionStatus.EXPIRED, "2026-01-15", "printer@example.com"),
                legacy("EXC-3", ExceptionStatus.ACTIVE, "2026-05-01", "printer@example.com"));
        List<Notice> got = reRequested(planner, register);
        assertThat(got).hasSize(1);
        Notice n = got.get(0);
        assertThat(n.noticeId()).isEqualTo("EXC-3/RE_REQUESTED/2026-05-01T00:00:00Z");
        assertThat(n.exceptionId()).isEqualTo("EXC-3");
        assertThat(n.owner()).isEqualTo("owen@example.com");
        assertThat(n.at()).isEqualTo(NOW);
        assertThat(n.message()).isEqualTo("EXC-3 (LEGACY_PROTOCOL) covers again principal printer@example.com after 2 earlier"
                + " LEGACY_PROTOCOL entries within 12 months (EXC-1, EXC-2): a recurring exception is a design problem;"
                + " fix the cause instead of renewing the exception");
        // The same register planned again gives the same id: the sync announces it once.
        assertThat(reRequested(planner, register)).extracting(Notice::noticeId).containsExactly(n.noticeId());
    }

    @Test
    void manyEarlierEntriesAreCountedAndOnlyTheLatestFiveNamed() {
        List<ExceptionEntry> register = new java.util.ArrayList<>();
        for (int m = 1; m <= 8; m++) {
            register.add(legacy("EXC-0" + m, ExceptionStatus.CLOSED, "2025-0" + m + "-15", "printer@example.com"));
        }
        register.add(legacy("EXC-9", ExceptionStatus.ACTIVE, "2026-05-01", "printer@example.com"));
        List<Notice> got = reRequested(planner, register);
        // Every entry from the third on is re-requested; EXC-01 (2025-01-15) and EXC-02..04 are over a year before EXC-9.
        assertThat(got).extracting(Notice::exceptionId).containsExactly("EXC-9");
        assertThat(got.get(0).message()).contains("after 4 earlier LEGACY_PROTOCOL entries within 12 months "
                + "(EXC-05, EXC-06, EXC-07, EXC-08)");

        List<ExceptionEntry> crowded = new java.util.ArrayList<>();
        for (int d = 1; d <= 9; d++) {
            crowded.add(legacy("EXC-1" + d, ExceptionStatus.CLOSED, "2026-01-0" + d, "printer@example.com"));
        }
        crowded.add(legacy("EXC-20", ExceptionStatus.ACTIVE, "2026-05-01", "printer@example.com"));
        assertThat(reRequested(planner, crowded).get(0).message()).contains("after 9 earlier LEGACY_PROTOCOL entries within"
                + " 12 months (latest: EXC-15, EXC-16, EXC-17, EXC-18, EXC-19)");
    }

    @Test
    void entriesOlderThanTwelveMonthsDoNotCount() {
        List<ExceptionEntry> register = List.of(
                legacy("EXC-1", ExceptionStatus.CLOSED, "2025-04-30", "printer@example.com"),
                legacy("EXC-2", ExceptionStatus.EXPIRED, "2026-01-15", "printer@example.com"),
                legacy("EXC-3", ExceptionStatus.ACTIVE, "2026-05-01", "printer@example.com"));
        assertThat(reRequested(planner, register)).isEmpty();
        // 365 days before to the day still counts.
        List<ExceptionEntry> edge = List.of(
                legacy("EXC-1", ExceptionStatus.CLOSED, "2025-05-01", "printer@example.com"),
                register.get(1), register.get(2));
        assertThat(reRequested(planner, edge)).extracting(Notice::exceptionId).containsExactly("EXC-3");
    }

    @Test
    void otherPrincipalsOtherCategoriesAndBreakGlassDoNotCount() {
        List<ExceptionEntry> register = List.of(
                legacy("EXC-1", ExceptionStatus.CLOSED, "2025-09-01", "printer@example.com"),
                legacy("EXC-2", ExceptionStatus.CLOSED, "2025-10-01", "scanner@example.com"),
                entry("EXC-3", ExceptionCategory.TESTING, ExceptionStatus.CLOSED, "2025-11-01", List.of("printer@example.com"), List.of()),
                legacy("EXC-4", ExceptionStatus.ACTIVE, "2026-05-01", "printer@example.com"),
                entry("BG-1", ExceptionCategory.BREAK_GLASS, ExceptionStatus.CLOSED, "2025-09-01", List.of("bg@example.com"), List.of()),
                entry("BG-2", ExceptionCategory.BREAK_GLASS, ExceptionStatus.CLOSED, "2025-12-01", List.of("bg@example.com"), List.of()),
                entry("BG-3", ExceptionCategory.BREAK_GLASS, ExceptionStatus.ACTIVE, "2026-05-01", List.of("bg@example.com"), List.of()));
        assertThat(reRequested(planner, register)).isEmpty();
    }

    @Test
    void anAppAskedForAgainCountsAcrossPrincipals() {
        List<ExceptionEntry> register = List.of(
                entry("EXC-1", ExceptionCategory.LEGACY_PROTOCOL, ExceptionStatus.EXPIRED, "2025-12-01",
                        List.of("printer-1@example.com"), List.of("Exchange Online")),
                entry("EXC-2", ExceptionCategory.LEGACY_PROTOCOL, ExceptionStatus.EXPIRED, "2026-02-01",
                        List.of("printer-2@example.com"), List.of("exchange online")),
                entry("EXC-3", ExceptionCategory.LEGACY_PROTOCOL, ExceptionStatus.REQUESTED, "2026-06-01",
                        List.of("printer-3@example.com"), List.of("Exchange Online", "SharePoint")));
        assertThat(reRequested(planner, register)).singleElement().satisfies(n -> {
            assertThat(n.noticeId()).isEqualTo("EXC-3/RE_REQUESTED/2026-06-01T00:00:00Z");
            assertThat(n.message()).contains("covers again app exchange online after 2 earlier LEGACY_PROTOCOL entries"
                    + " within 12 months (EXC-1, EXC-2)").doesNotContain("sharepoint").doesNotContain("printer-3");
        });
    }

    @Test
    void onlyEntriesNotOverYetAreAnnounced() {
        // EXC-3 already ended: whatever it repeated is history, not a request to decide on.
        List<ExceptionEntry> register = List.of(
                legacy("EXC-1", ExceptionStatus.CLOSED, "2025-09-01", "printer@example.com"),
                legacy("EXC-2", ExceptionStatus.CLOSED, "2025-10-01", "printer@example.com"),
                legacy("EXC-3", ExceptionStatus.CLOSED, "2025-11-01", "printer@example.com"),
                legacy("EXC-4", ExceptionStatus.REVOKED, "2026-01-01", "printer@example.com"));
        assertThat(reRequested(planner, register)).isEmpty();
    }

    @Test
    void theThresholdIsConfigurableAndZeroTurnsItOff() {
        List<ExceptionEntry> register = List.of(
                legacy("EXC-1", ExceptionStatus.CLOSED, "2026-01-01", "printer@example.com"),
                legacy("EXC-2", ExceptionStatus.ACTIVE, "2026-05-01", "printer@example.com"));
        assertThat(reRequested(planner, register)).isEmpty();
        assertThat(reRequested(new NoticePlanner(Duration.ofDays(7), 1), register)).extracting(Notice::noticeId)
                .containsExactly("EXC-2/RE_REQUESTED/2026-05-01T00:00:00Z");
        assertThat(reRequested(new NoticePlanner(Duration.ofDays(7), 0), register)).isEmpty();
        assertThatThrownBy(() -> new NoticePlanner(Duration.ofDays(7), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sameDayEntriesAreOrderedById() {
        // Created the same day (date-only cells): the file order does not matter, the id decides which came first.
        List<ExceptionEntry> register = List.of(
                legacy("EXC-C", ExceptionStatus.ACTIVE, "2026-05-01", "printer@example.com"),
                legacy("EXC-A", ExceptionStatus.ACTIVE, "2026-05-01", "printer@example.com"),
                legacy("EXC-B", ExceptionStatus.ACTIVE, "2026-05-01", "printer@example.com"));
        assertThat(reRequested(planner, register)).extracting(Notice::exceptionId).containsExactly("EXC-C");
    }
}
