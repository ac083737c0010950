package dev.mfawatch.normalize;

/**
 * Which part of a sign-in one provider record describes. Entra, CloudTrail and Google
 * {@code login_success} write a whole sign-in in one record; Okta writes the session start, the
 * MFA steps and the policy evaluation as separate records sharing a session id, which
 * {@link dev.mfawatch.normalize.session.SessionMfaCorrelator} merges.
 */
public enum SignInPart {
    /** The whole sign-in, MFA included: publish as is. */
    COMPLETE,
    /** Okta {@code user.session.start}: MFA facts arrive in other records of the session. */
    SESSION_START,
    /** A factor check (Okta {@code auth_via_mfa} / {@code verify}, Google {@code login_verification}). */
    MFA_STEP,
    /** Okta {@code policy.evaluate_sign_on}: what the policy demanded. */
    POLICY_EVALUATION
}
