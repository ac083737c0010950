package dev.mfawatch.register.notice;

import static dev.mfawatch.register.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.HistoryEntry;
import dev.mfawatch.register.publish.EntryNormaliser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoticePlannerTest {

    private final NoticePlanner planner = new NoticePlanner(Duration.ofDays(7));

    @Test
    void expiringWithinTheHorizon() {
        ExceptionEntry e = entry("EXC-1", ExceptionCategory.LEGACY_PROTOCOL, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z",
                90, null, List.of("allow-list"));
        Instant expires = Instant.parse("2026-04-01T00:00:00Z");
        assertThat(planner.plan(List.of(e), expires.minus(Duration.ofDays(7)).minusSeconds(1))).isEmpty();
        Instant now = expires.minus(Duration.ofDays(7));
        assertThat(planner.plan(List.of(e), now)).containsExactly(new Notice("EXC-1/EXPIRING_SOON/2026-04-01T00:00:00Z",
                "EXC-1", NoticeKind.EXPIRING_SOON, now, expires, "owen@example.com",
                "EXC-1 (LEGACY_PROTOCOL) expires at 2026-04-01T00:00:00Z; renew it through governance or let it lapse"));
    }

    @Test
    void expired() {
        ExceptionEntry e = entry("EXC-2", ExceptionCategory.TESTING, "2026-03-01T00:00:00Z", "2026-03-05T00:00:00Z",
                null, null, List.of());
        Instant now = Instant.parse("2026-03-06T00:00:00Z");
        assertThat(planner.plan(List.of(EntryNormaliser.normalise(e, now)), now)).containsExactly(new Notice(
                "EXC-2/EXPIRED/2026-03-05T00:00:00Z", "EXC-2", NoticeKind.EXPIRED, now, Instant.parse("2026-03-05T00:00:00Z"),
                "owen@example.com", "EXC-2 (TESTING) expired at 2026-03-05T00:00:00Z; it no longer covers any sign-in"));
    }

    @Test
    void reviewOverdueAfterCadenceFromLastReview() {
        // Service account reviewed 2026-03-10 with a 30-day cadence: due 2026-04-09, overdue just after.
        ExceptionEntry e = entry("EXC-3", ExceptionCategory.SERVICE_ACCOUNT, "2026-03-01T00:00:00Z", "2026-05-30T00:00:00Z",
                30, "2026-03-10T00:00:00Z", List.of("vault"));
        Instant due = Instant.parse("2026-04-09T00:00:00Z");
        assertThat(planner.plan(List.of(e), due)).isEmpty();
        Instant now = due.plusSeconds(1);
        assertThat(planner.plan(List.of(e), now)).containsExactly(new Notice("EXC-3/REVIEW_OVERDUE/2026-04-09T00:00:00Z",
                "EXC-3", NoticeKind.REVIEW_OVERDUE, now, due, "owen@example.com",
                "EXC-3 (SERVICE_ACCOUNT) was due for review at 2026-04-09T00:00:00Z (every 30 days)"));
    }

    @Test
    void breakGlassRotationEvery90DaysFromTheLastRotation() {
        ExceptionEntry e = entry("EXC-BG", ExceptionCategory.BREAK_GLASS, "2026-01-01T00:00:00Z", "2026-03-31T00:00:00Z",
                30, "2026-03-20T00:00:00Z", List.of("FIDO2 in a safe"),
                new HistoryEntry(Instant.parse("2025-12-25T00:00:00Z"), "ROTATED", "secops", null));
        // Rotated 2025-12-25 → due 2026-03-25.
        Instant now = Instant.parse("2026-03-25T00:00:00Z");
        assertThat(planner.plan(List.of(e), now)).extracting(Notice::noticeId).containsExactly(
                "EXC-BG/EXPIRING_SOON/2026-03-31T00:00:00Z", "EXC-BG/ROTATION_DUE/2026-03-25T00:00:00Z");
        assertThat(planner.plan(List.of(e), now.minusSeconds(1))).extracting(Notice::kind)
                .containsExactly(NoticeKind.EXPIRING_SOON);
    }
}
