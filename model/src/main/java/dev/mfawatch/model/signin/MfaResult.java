package dev.mfawatch.model.signin;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Outcome of the MFA step. CODE_INCORRECT, CLOCK_DRIFT and DESYNC feed the OATH detector. */
public enum MfaResult {
    SUCCESS, DENIED, TIMEOUT, CODE_INCORRECT, CLOCK_DRIFT, DESYNC, FRAUD_REPORTED, NOT_ATTEMPTED,
    @JsonEnumDefaultValue OTHER
}
