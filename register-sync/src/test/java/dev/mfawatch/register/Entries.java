package dev.mfawatch.register;

import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.register.HistoryEntry;
import dev.mfawatch.model.register.RiskRating;
import dev.mfawatch.model.register.Scope;
import java.time.Instant;
import java.util.List;

/** Valid entries for tests that start after reading. */
public final class Entries {

    private Entries() {
    }

    public static ExceptionEntry entry(String id, ExceptionCategory category, String activated, String expires,
                                       Integer cadence, String lastReviewed, List<String> controls, HistoryEntry... history) {
        return new ExceptionEntry(id, category, ExceptionStatus.ACTIVE, "alice@example.com", "owen@example.com",
                List.of("carol@example.com"), "ivan@example.com", Scope.ofPrincipals("bob@example.com"), "why",
                RiskRating.MEDIUM, controls, null, Instant.parse(activated), Instant.parse(activated),
                Instant.parse(expires), cadence, lastReviewed == null ? null : Instant.parse(lastReviewed), null, null,
                "CHG-1", null, List.of(history));
    }
}
