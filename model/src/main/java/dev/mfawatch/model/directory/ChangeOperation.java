package dev.mfawatch.model.directory;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** What a directory change did to MFA. {@link #weakensMfa()} is what the exclusion check looks at. */
public enum ChangeOperation {
    EXCLUSION_ADDED, EXCLUSION_REMOVED, EXCLUSION_EXTENDED, MFA_DISABLED, MFA_ENABLED, MFA_REQUIREMENT_REMOVED,
    POLICY_DISABLED, POLICY_REPORT_ONLY, FACTOR_REGISTERED, FACTOR_REMOVED, FACTOR_RESET, FACTOR_SUSPENDED,
    RECOVERY_CODES_GENERATED, TEMPORARY_ACCESS_PASS_ISSUED, CREDENTIAL_ROTATED,
    /** Lifecycle changes that call for a review of the exceptions naming the principal (details name the role or field). */
    ROLE_ASSIGNED, ROLE_REMOVED, ACCOUNT_DISABLED, ACCOUNT_ENABLED, DEPARTMENT_CHANGED, MANAGER_CHANGED,
    @JsonEnumDefaultValue OTHER;

    public boolean weakensMfa() {
        return switch (this) {
            case EXCLUSION_ADDED, EXCLUSION_EXTENDED, MFA_DISABLED, MFA_REQUIREMENT_REMOVED, POLICY_DISABLED,
                 POLICY_REPORT_ONLY -> true;
            default -> false;
        };
    }
}
