package dev.mfawatch.model.signin;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * Outcome of the MFA step. CODE_INCORRECT, CLOCK_DRIFT and DESYNC feed the OATH detector.
 *
 * <p>{@link #PROMPT_SENT}: a push prompt was delivered to the user's device and its answer is logged
 * by a separate record (Okta {@code system.push.send_factor_verify_push}); such a sign-in event is
 * {@link SignInResult#INTERRUPTED}, never satisfied, and is what a push-fatigue rule counts besides
 * the DENIED, TIMEOUT and FRAUD_REPORTED answers. New values go at the end: rule state may store the ordinal.
 */
public enum MfaResult {
    SUCCESS, DENIED, TIMEOUT, CODE_INCORRECT, CLOCK_DRIFT, DESYNC, FRAUD_REPORTED, NOT_ATTEMPTED,
    @JsonEnumDefaultValue OTHER,
    PROMPT_SENT
}
