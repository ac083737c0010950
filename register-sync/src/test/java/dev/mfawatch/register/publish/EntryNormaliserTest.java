package dev.mfawatch.register.publish;

import static dev.mfawatch.register.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.register.HistoryEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryNormaliserTest {

    private static final Instant EXPIRES = Instant.parse("2026-03-15T00:00:00Z");

    @Test
    void expiresAtItsExpiryInstant() {
        ExceptionEntry e = entry("EXC-1", ExceptionCategory.ADMIN_EXCLUSION, "2026-03-01T00:00:00Z", EXPIRES.toString(), null, null, List.of());
        assertThat(EntryNormaliser.normalise(e, EXPIRES.minusMillis(1)).status()).isEqualTo(ExceptionStatus.ACTIVE);
        ExceptionEntry expired = EntryNormaliser.normalise(e, EXPIRES);
        assertThat(expired.status()).isEqualTo(ExceptionStatus.EXPIRED);
        assertThat(expired.history()).containsExactly(new HistoryEntry(EXPIRES, "EXPIRED", "register-sync", "expiry date passed"));
        // Deterministic: later runs publish the same value, so the diff sees no change.
        assertThat(EntryNormaliser.normalise(e, EXPIRES.plusSeconds(86_400))).isEqualTo(expired);
        assertThat(EntryNormaliser.nextTransition(e, EXPIRES.minusSeconds(1))).isEqualTo(EXPIRES);
        assertThat(EntryNormaliser.nextTransition(e, EXPIRES)).isNull();
    }

    @Test
    void fillsTheCategoryReviewCadence() {
        Instant now = Instant.parse("2026-03-02T00:00:00Z");
        assertThat(EntryNormaliser.normalise(entry("A", ExceptionCategory.ADMIN_EXCLUSION, "2026-03-01T00:00:00Z",
                "2026-03-10T00:00:00Z", null, null, List.of()), now).reviewCadenceDays()).isEqualTo(7);
        assertThat(EntryNormaliser.normalise(entry("B", ExceptionCategory.BREAK_GLASS, "2026-03-01T00:00:00Z",
                "2026-05-01T00:00:00Z", null, null, List.of()), now).reviewCadenceDays()).isEqualTo(30);
        assertThat(EntryNormaliser.normalise(entry("C", ExceptionCategory.ENROLLMENT_PENDING, "2026-03-01T00:00:00Z",
                "2026-05-01T00:00:00Z", null, null, List.of()), now).reviewCadenceDays()).isEqualTo(14);
        // Accessibility: 30 days until the first review, 90 after it.
        assertThat(EntryNormaliser.normalise(entry("D", ExceptionCategory.ACCESSIBILITY, "2026-03-01T00:00:00Z",
                "2026-05-01T00:00:00Z", null, null, List.of()), now).reviewCadenceDays()).isEqualTo(30);
        assertThat(EntryNormaliser.normalise(entry("E", ExceptionCategory.ACCESSIBILITY, "2026-03-01T00:00:00Z",
                "2026-05-01T00:00:00Z", null, "2026-03-02T00:00:00Z", List.of()), now).reviewCadenceDays()).isEqualTo(90);
        // An explicit cadence is kept.
        assertThat(EntryNormaliser.normalise(entry("F", ExceptionCategory.SERVICE_ACCOUNT, "2026-03-01T00:00:00Z",
                "2026-05-01T00:00:00Z", 60, null, List.of()), now).reviewCadenceDays()).isEqualTo(60);
        assertThat(EntryNormaliser.normalise(entry("F", ExceptionCategory.SERVICE_ACCOUNT, "2026-03-01T00:00:00Z",
                "2026-05-01T00:00:00Z", 60, null, List.of()), now).lastValidationResult()).isEqualTo("valid");
    }
}
