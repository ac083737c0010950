package dev.mfawatch.model.signin;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Strength class of the factor used; the method mix metric is reported by this class. */
public enum MethodClass {
    PHISHING_RESISTANT, OTP, SMS_VOICE, PUSH, NONE,
    @JsonEnumDefaultValue OTHER
}
