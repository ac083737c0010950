package dev.mfawatch.normalize.entra;

import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Entra's MFA step result strings ({@code authenticationStepResultDetail}, {@code status.additionalDetails},
 * {@code MfaDetail.authDetail}) to {@link MfaResult}. The spellings come from Microsoft's sign-in log and
 * MFA reporting pages ("If MFA was denied, this column would provide the reason for denial") and from
 * detection content (Azure-Sentinel, sigma, elastic, panther); Entra writes them with or without an
 * {@code "MFA denied; "} prefix and in varying case, so matching is by lower-cased phrase, first match
 * wins, specific phrases before general ones.
 */
final class StepResults {

    /** Ordered: a PIN or delivery problem must not read as a wrong code, "denied" comes last. */
    private static final List<Map.Entry<String, MfaResult>> PHRASES = List.of(
            // The user pressed "Report" in the Authenticator app or entered the fraud code on a call:
            // a denial, kept apart because it says the user did not start the sign-in.
            Map.entry("fraud", MfaResult.FRAUD_REPORTED),
            // Authenticator's newer "Report suspicious activity" (which replaced fraud alerts) says the same.
            Map.entry("suspicious activity", MfaResult.FRAUD_REPORTED),
            Map.entry("clock", MfaResult.CLOCK_DRIFT),
            Map.entry("drift", MfaResult.CLOCK_DRIFT),
            Map.entry("resync", MfaResult.DESYNC),
            Map.entry("out of sync", MfaResult.DESYNC),
            Map.entry("not in sync", MfaResult.DESYNC),
            Map.entry("desync", MfaResult.DESYNC),
            // "OATH Code Out of Date": a code older than one already used, a token running behind.
            Map.entry("code out of date", MfaResult.DESYNC),
            // Not the user's answer: a wrong Authenticator/phone PIN is not a one-time code, and delivery,
            // configuration or service problems are neither a wrong code nor a refusal.
            Map.entry("incorrect pin", MfaResult.OTHER),
            Map.entry("invalid pin", MfaResult.OTHER),
            Map.entry("unable to", MfaResult.OTHER),
            Map.entry("service error", MfaResult.OTHER),
            Map.entry("misconfiguration", MfaResult.OTHER),
            Map.entry("invalid format", MfaResult.OTHER),
            Map.entry("is blocked", MfaResult.OTHER),
            Map.entry("not found", MfaResult.OTHER),
            Map.entry("duplicate authentication", MfaResult.OTHER),
            Map.entry("invalid authentication", MfaResult.OTHER),
            Map.entry("throttled", MfaResult.OTHER),
            Map.entry("never entered", MfaResult.TIMEOUT),                    // user never entered the verification code
            Map.entry("incorrect code", MfaResult.CODE_INCORRECT),            // user entered incorrect code (too many times)
            Map.entry("verification code", MfaResult.CODE_INCORRECT),         // invalid (mobile app) verification code
            Map.entry("already used", MfaResult.CODE_INCORRECT),              // verification code already used once (a replay)
            Map.entry("duplicate oath code", MfaResult.CODE_INCORRECT),
            Map.entry("code incorrect", MfaResult.CODE_INCORRECT),
            Map.entry("otp incorrect", MfaResult.CODE_INCORRECT),
            Map.entry("invalid oath", MfaResult.CODE_INCORRECT),
            Map.entry("invalid code", MfaResult.CODE_INCORRECT),
            Map.entry("wrong code", MfaResult.CODE_INCORRECT),
            Map.entry("incorrect", MfaResult.CODE_INCORRECT),
            Map.entry("did not respond", MfaResult.TIMEOUT),                  // ... to mobile app notification
            Map.entry("didn't respond", MfaResult.TIMEOUT),
            Map.entry("no response", MfaResult.TIMEOUT),
            Map.entry("not answered", MfaResult.TIMEOUT),
            Map.entry("went to voicemail", MfaResult.TIMEOUT),
            Map.entry("took too long", MfaResult.TIMEOUT),
            Map.entry("timed out", MfaResult.TIMEOUT),
            Map.entry("timeout", MfaResult.TIMEOUT),
            Map.entry("declined", MfaResult.DENIED),                          // user declined the authentication
            Map.entry("hung up", MfaResult.DENIED),
            Map.entry("does not have any verification methods", MfaResult.NOT_ATTEMPTED),
            Map.entry("in progress", MfaResult.NOT_ATTEMPTED),
            Map.entry("in-progress", MfaResult.NOT_ATTEMPTED),
            // "MFA required in Azure AD", "Strong Authentication is required": the 50074/50076 interrupt.
            Map.entry("required", MfaResult.NOT_ATTEMPTED),
            Map.entry("successfully completed", MfaResult.SUCCESS),
            Map.entry("mfa completed", MfaResult.SUCCESS),
            Map.entry("completed in the cloud", MfaResult.SUCCESS),
            Map.entry("satisfied by strong authentication", MfaResult.SUCCESS),
            Map.entry("methodsucceeded", MfaResult.SUCCESS));

    private StepResults() {
    }

    /**
     * The kind of factor a result string names when the record names no method (no MFA step in
     * authenticationDetails, no mfaDetail): an Authenticator push for a refusal, an unanswered app notification
     * or a report from the app; a phone call for a fraud code, a hang-up or voicemail; OTHER otherwise.
     */
    static MethodClass impliedMethod(String detail) {
        if (detail == null) {
            return MethodClass.OTHER;
        }
        String d = detail.toLowerCase(Locale.ROOT);
        if (d.contains("fraud code") || d.contains("hung up") || d.contains("voicemail") || d.contains("phone call")) {
            return MethodClass.SMS_VOICE;
        }
        if (d.contains("mobile app") || d.contains("phone app") || d.contains("app notification")
                || d.contains("declined") || d.contains("fraud") || d.contains("suspicious activity")) {
            return MethodClass.PUSH;
        }
        return MethodClass.OTHER;
    }

    /** OTHER for null or unknown text; any other denial ("MFA denied", "rejected") is DENIED. */
    static MfaResult of(String detail) {
        if (detail == null) {
            return MfaResult.OTHER;
        }
        String d = detail.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, MfaResult> p : PHRASES) {
            if (d.contains(p.getKey())) {
                return p.getValue();
            }
        }
        return d.contains("denied") || d.contains("rejected") ? MfaResult.DENIED : MfaResult.OTHER;
    }
}
