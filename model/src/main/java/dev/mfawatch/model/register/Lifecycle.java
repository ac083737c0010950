package dev.mfawatch.model.register;

/** Where an entry stands at one instant, derived from its status, dates and history. */
public enum Lifecycle {
    /** Never approved (REQUESTED), or closed without ever being in force. */
    NOT_APPROVED,
    /** Approved but its activation date is still ahead. */
    NOT_YET_ACTIVE,
    /** Approved and inside [activatedAt, expiresAt). */
    IN_FORCE,
    /** Its expiry date has passed (or governance marked it EXPIRED / CLOSED). */
    EXPIRED,
    /** Revoked by governance before expiry. */
    REVOKED
}
