package dev.mfawatch.model.signin;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * Strength class of the factor used; the method mix metric is reported by this class.
 *
 * <p>{@link #RECOVERY_CODE} (a backup / recovery code, "essentially a static password") and
 * {@link #TEMPORARY_PASS} (an Entra Temporary Access Pass, a time-limited code an admin issued) still
 * complete the second step ({@code mfa.satisfied} stays true), but say the sign-in went around the
 * user's registered factors. New values go at the end: rule state stores the ordinal.
 */
public enum MethodClass {
    PHISHING_RESISTANT, OTP, SMS_VOICE, PUSH, NONE,
    @JsonEnumDefaultValue OTHER,
    RECOVERY_CODE, TEMPORARY_PASS
}
