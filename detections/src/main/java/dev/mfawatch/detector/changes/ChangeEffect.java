package dev.mfawatch.detector.changes;

import dev.mfawatch.model.directory.ChangeOperation;
import java.util.Locale;

/** What a directory change does to MFA protection; the {@code effect} tag of {@code mfawatch_directory_changes_total}. */
public enum ChangeEffect {
    /**
     * Someone is less protected afterwards: {@link ChangeOperation#weakensMfa()} (exclusions added or
     * extended, MFA or its requirement removed, a policy disabled or report-only) and the removal,
     * reset or suspension of an MFA factor (a deactivated device).
     */
    WEAKENING,
    /** An exclusion removed or MFA (re-)enabled. */
    STRENGTHENING,
    /** Anything else: factor registrations, temporary access passes, credential rotations, OTHER. */
    NEUTRAL;

    public static ChangeEffect of(ChangeOperation op) {
        if (op.weakensMfa()) {
            return WEAKENING;
        }
        return switch (op) {
            case FACTOR_REMOVED, FACTOR_RESET, FACTOR_SUSPENDED -> WEAKENING;
            case EXCLUSION_REMOVED, MFA_ENABLED -> STRENGTHENING;
            default -> NEUTRAL;
        };
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
