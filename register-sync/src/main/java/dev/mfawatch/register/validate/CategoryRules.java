package dev.mfawatch.register.validate;

import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;

/**
 * What governance allows per category: how long an exception may last after activation and how
 * often it must be reviewed. Numbers from DESIGN's register rules; the categories DESIGN leaves
 * open take the tightest reading of their nature (partners are reviewed quarterly, incident and
 * testing exceptions weekly, as they may not outlive a week anyway).
 *
 * @param maxDays           longest allowed span from activation to expiry
 * @param defaultCadenceDays review cadence applied when the register leaves it blank
 * @param maxCadenceDays    longest review cadence the category allows
 */
public record CategoryRules(int maxDays, int defaultCadenceDays, int maxCadenceDays) {

    public static CategoryRules of(ExceptionCategory category) {
        return switch (category) {
            case BREAK_GLASS -> new CategoryRules(90, 30, 30);
            case ADMIN_EXCLUSION -> new CategoryRules(14, 7, 7);
            case LEGACY_PROTOCOL, SERVICE_ACCOUNT -> new CategoryRules(90, 30, 90);
            case ENROLLMENT_PENDING -> new CategoryRules(90, 14, 14);
            // Accessibility: first review after 30 days, then every 90 (see defaultCadence).
            case ACCESSIBILITY -> new CategoryRules(90, 30, 90);
            case FEDERATED_PARTNER -> new CategoryRules(90, 90, 90);
            case INCIDENT_RESPONSE, TESTING -> new CategoryRules(7, 7, 7);
        };
    }

    /** The cadence to use when the entry has none: accessibility moves from 30 to 90 days after its first review. */
    public static int defaultCadence(ExceptionEntry entry) {
        CategoryRules rules = of(entry.category());
        if (entry.category() == ExceptionCategory.ACCESSIBILITY && entry.lastReviewedAt() != null) {
            return 90;
        }
        return rules.defaultCadenceDays();
    }

    /** The cadence in force: the explicit one, else the category default. */
    public static int cadence(ExceptionEntry entry) {
        return entry.reviewCadenceDays() != null ? entry.reviewCadenceDays() : defaultCadence(entry);
    }
}
