package dev.mfawatch.model.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExceptionEntryTest {

    private static final Instant ACTIVATED = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2026-03-15T00:00:00Z");

    private static ExceptionEntry entry(ExceptionStatus status, List<HistoryEntry> history) {
        return new ExceptionEntry("EXC-1", ExceptionCategory.ADMIN_EXCLUSION, status, "req", "own", List.of("appr"),
                "impl", Scope.ofPrincipals("Bob@Example.com"), "why", RiskRating.LOW, null, null,
                ACTIVATED.minusSeconds(86_400), ACTIVATED, EXPIRES, 7, null, null, null, "CHG-1", null, history);
    }

    @Test
    void activeWindowIsHalfOpen() {
        ExceptionEntry e = entry(ExceptionStatus.ACTIVE, null);
        assertThat(e.lifecycleAt(ACTIVATED.minusMillis(1))).isEqualTo(Lifecycle.NOT_YET_ACTIVE);
        assertThat(e.lifecycleAt(ACTIVATED)).isEqualTo(Lifecycle.IN_FORCE);
        assertThat(e.lifecycleAt(EXPIRES.minusMillis(1))).isEqualTo(Lifecycle.IN_FORCE);
        assertThat(e.lifecycleAt(EXPIRES)).isEqualTo(Lifecycle.EXPIRED);
    }

    @Test
    void requestedNeverCovers() {
        assertThat(entry(ExceptionStatus.REQUESTED, null).lifecycleAt(ACTIVATED.plusSeconds(60)))
                .isEqualTo(Lifecycle.NOT_APPROVED);
    }

    @Test
    void revocationTimeComesFromHistory() {
        Instant revoked = Instant.parse("2026-03-05T12:00:00Z");
        ExceptionEntry e = entry(ExceptionStatus.REVOKED, List.of(new HistoryEntry(revoked, "REVOKED", "ciso", "left")));
        assertThat(e.lifecycleAt(revoked.minusSeconds(1))).isEqualTo(Lifecycle.IN_FORCE);
        assertThat(e.lifecycleAt(revoked)).isEqualTo(Lifecycle.REVOKED);
    }

    @Test
    void revokedWithoutDatedHistoryIsRevokedFromActivation() {
        assertThat(entry(ExceptionStatus.REVOKED, null).lifecycleAt(ACTIVATED.plusSeconds(1)))
                .isEqualTo(Lifecycle.REVOKED);
    }

    @Test
    void namesPrincipalsCaseInsensitively() {
        assertThat(entry(ExceptionStatus.ACTIVE, null).names("BOB@example.COM")).isTrue();
        assertThat(entry(ExceptionStatus.ACTIVE, null).names("eve@example.com")).isFalse();
    }

    @Test
    void ranToExpiry_alsoAfterRegisterSyncMarkedItExpired_butNotWhenEndedEarly() {
        assertThat(entry(ExceptionStatus.ACTIVE, null).ranToExpiry()).isTrue();
        // What register-sync publishes once expiresAt passed: status EXPIRED and a history line at the date.
        HistoryEntry expiredOnDate = new HistoryEntry(EXPIRES, "EXPIRED", "register-sync", "expiry date passed");
        assertThat(entry(ExceptionStatus.EXPIRED, List.of(expiredOnDate)).ranToExpiry()).isTrue();
        // Set to EXPIRED by hand before its date (no line at the date), revoked early, or never approved.
        assertThat(entry(ExceptionStatus.EXPIRED, null).ranToExpiry()).isFalse();
        assertThat(entry(ExceptionStatus.REVOKED, List.of(new HistoryEntry(Instant.parse("2026-03-05T00:00:00Z"), "REVOKED",
                "ciso", "left"))).ranToExpiry()).isFalse();
        assertThat(entry(ExceptionStatus.REQUESTED, null).ranToExpiry()).isFalse();
    }
}
