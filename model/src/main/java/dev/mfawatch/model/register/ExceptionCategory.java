package dev.mfawatch.model.register;

/** The kinds of MFA exception a rollout leaves behind. */
public enum ExceptionCategory {
    BREAK_GLASS, ADMIN_EXCLUSION, LEGACY_PROTOCOL, SERVICE_ACCOUNT, ENROLLMENT_PENDING, ACCESSIBILITY,
    FEDERATED_PARTNER, INCIDENT_RESPONSE, TESTING
}
