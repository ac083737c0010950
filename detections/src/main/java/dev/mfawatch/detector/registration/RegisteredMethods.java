package dev.mfawatch.detector.registration;

import dev.mfawatch.detector.factors.FactorClasses;
import dev.mfawatch.model.signin.MethodClass;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Registered MFA methods, as inventories and factor changes spell them, classified for registration coverage:
 * the method class comes from {@link FactorClasses} (the vocabulary FACTOR_SWAP already uses), with the few
 * names it leaves as OTHER that registration must get right, and a strength on top of it:
 * <ul>
 *   <li>not an MFA method at all (empty): {@code password}, Entra {@code temporaryAccessPass}, security
 *   questions (Okta {@code question}), Google backup / recovery codes: none of them makes a principal enrolled;</li>
 *   <li>{@link Strength#WEAK}: SMS, voice, text message, e-mail one-time codes (Entra {@code mobilePhone},
 *   {@code alternateMobilePhone}, {@code officePhone}, {@code email}; Okta {@code sms}, {@code call}, {@code email});</li>
 *   <li>{@link Strength#PHISHING_RESISTANT}: FIDO2 / WebAuthn / passkeys, Windows Hello, certificates, Okta FastPass
 *   ({@code signed_nonce}), platform credentials (Entra {@code macOsSecureEnclaveKey}), U2F;</li>
 *   <li>{@link Strength#STANDARD}: Entra per-user MFA {@code PhoneAppNotification} / {@code PhoneAppOTP}, and everything else that is a method: authenticator apps and push, TOTP / HOTP tokens,
 *   Google prompt, AWS virtual and hardware TOTP devices, and names we do not recognise (a method we cannot place
 *   still means the principal is enrolled).</li>
 * </ul>
 */
public final class RegisteredMethods {

    /** How much a registered method protects against phishing. */
    public enum Strength { WEAK, STANDARD, PHISHING_RESISTANT }

    /** A registered method: its class (as sign-ins report the class used) and its strength. */
    public record Factor(MethodClass methodClass, Strength strength) {
    }

    /** Lower-case letters and digits only: "Text message", "text_message" and "textMessage" read alike. */
    private static final Set<String> NOT_MFA = Set.of("password", "passwordauthenticationmethod", "temporaryaccesspass",
            "tap", "question", "securityquestion", "securityquestions", "backupcode", "backupcodes", "recoverycode",
            "recoverycodes", "backupverificationcodes");
    private static final Set<String> WEAK_EXTRA = Set.of("email", "emailauthenticationmethod", "emailotp", "textmessage",
            "text");
    private static final Set<String> PHISHING_RESISTANT_EXTRA = Set.of("signednonce", "fastpass", "oktafastpass",
            "macossecureenclavekey", "platformcredential", "smartcard");
    private static final Set<String> PUSH_EXTRA = Set.of("googleprompt", "prompt");

    private RegisteredMethods() {
    }

    /** The method's class and strength; empty when the name is not an MFA method (a password, a temporary pass…). */
    public static Optional<Factor> classify(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of(new Factor(MethodClass.OTHER, Strength.STANDARD));
        }
        String n = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (NOT_MFA.contains(n) || n.startsWith("temporaryaccesspass") || n.startsWith("securityquestion")
                || n.startsWith("backupcode") || n.startsWith("recoverycode")) {
            return Optional.empty();
        }
        if (WEAK_EXTRA.contains(n) || n.startsWith("email")) {
            // An e-mailed code: a sign-in with it is reported as OTP, but the channel is as weak as SMS.
            return Optional.of(new Factor(n.startsWith("text") ? MethodClass.SMS_VOICE : MethodClass.OTP, Strength.WEAK));
        }
        if (PHISHING_RESISTANT_EXTRA.contains(n)) {
            return Optional.of(new Factor(MethodClass.PHISHING_RESISTANT, Strength.PHISHING_RESISTANT));
        }
        if (n.startsWith("phoneapp")) {
            // Entra's per-user MFA names (PhoneAppNotification, PhoneAppOTP) are the authenticator app, not the phone line.
            return Optional.of(new Factor(n.contains("otp") ? MethodClass.OTP : MethodClass.PUSH, Strength.STANDARD));
        }
        if (PUSH_EXTRA.contains(n)) {
            return Optional.of(new Factor(MethodClass.PUSH, Strength.STANDARD));
        }
        MethodClass c = FactorClasses.of(name);
        return Optional.of(new Factor(c, switch (c) {
            case PHISHING_RESISTANT -> Strength.PHISHING_RESISTANT;
            case SMS_VOICE -> Strength.WEAK;
            default -> Strength.STANDARD;
        }));
    }

    /** The principal's registration level given the strengths of its registered methods. */
    public static Level level(Collection<Strength> strengths) {
        if (strengths.contains(Strength.PHISHING_RESISTANT)) {
            return Level.PHISHING_RESISTANT;
        }
        if (strengths.contains(Strength.STANDARD)) {
            return Level.STANDARD;
        }
        return strengths.isEmpty() ? Level.NONE : Level.WEAK_ONLY;
    }

    /** A principal's registration: no method, only weak methods, a standard one, or a phishing-resistant one. */
    public enum Level {
        NONE, WEAK_ONLY, STANDARD, PHISHING_RESISTANT;

        /** The metric label: {@code none}, {@code weak_only}, {@code standard}, {@code phishing_resistant}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
