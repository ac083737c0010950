package dev.mfawatch.model.register;

/** Register status as recorded by governance. Only APPROVED and ACTIVE entries can cover anything. */
public enum ExceptionStatus {
    REQUESTED, APPROVED, ACTIVE, EXPIRED, REVOKED, CLOSED;

    public boolean approved() {
        return this == APPROVED || this == ACTIVE;
    }
}
