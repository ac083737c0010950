package dev.mfawatch.model.directory;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * What a directory change did to MFA. {@link #weakensMfa()} is what the exclusion check looks at.
 *
 * <p>Values after {@link #OTHER} were added later and stay at the end (rule state stores the ordinal):
 * {@link #PASSWORD_RESET} a principal's password set by someone else (an admin, helpdesk, vendor support or
 * automation: see the {@code performedBy} detail); {@link #PASSWORD_RECOVERY} the account's owner recovering
 * its password through a recovery channel (an e-mailed link: AWS root, Entra self-service reset);
 * {@link #FACTOR_UPDATED} an existing factor changed in place (a phone number, a device), not added or removed.
 */
public enum ChangeOperation {
    EXCLUSION_ADDED, EXCLUSION_REMOVED, EXCLUSION_EXTENDED, MFA_DISABLED, MFA_ENABLED, MFA_REQUIREMENT_REMOVED,
    POLICY_DISABLED, POLICY_REPORT_ONLY, FACTOR_REGISTERED, FACTOR_REMOVED, FACTOR_RESET, FACTOR_SUSPENDED,
    RECOVERY_CODES_GENERATED, TEMPORARY_ACCESS_PASS_ISSUED, CREDENTIAL_ROTATED,
    /** Lifecycle changes that call for a review of the exceptions naming the principal (details name the role or field). */
    ROLE_ASSIGNED, ROLE_REMOVED, ACCOUNT_DISABLED, ACCOUNT_ENABLED, DEPARTMENT_CHANGED, MANAGER_CHANGED,
    @JsonEnumDefaultValue OTHER,
    PASSWORD_RESET, PASSWORD_RECOVERY, FACTOR_UPDATED;

    public boolean weakensMfa() {
        return switch (this) {
            case EXCLUSION_ADDED, EXCLUSION_EXTENDED, MFA_DISABLED, MFA_REQUIREMENT_REMOVED, POLICY_DISABLED,
                 POLICY_REPORT_ONLY -> true;
            default -> false;
        };
    }

    /**
     * The principal's secret was replaced: a rotation, a password reset or recovery, or all factors reset.
     * What a follow-up that waits for a credential rotation (break-glass use) may accept.
     */
    public boolean rotatesCredential() {
        return switch (this) {
            case CREDENTIAL_ROTATED, PASSWORD_RESET, PASSWORD_RECOVERY, FACTOR_RESET -> true;
            default -> false;
        };
    }
}
