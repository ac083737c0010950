package dev.mfawatch.detector.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.registration.RegisteredMethods.Factor;
import dev.mfawatch.detector.registration.RegisteredMethods.Level;
import dev.mfawatch.detector.registration.RegisteredMethods.Strength;
import dev.mfawatch.model.signin.MethodClass;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Registered-method names as the providers spell them (Graph, Okta factor types, Google, AWS, Entra per-user MFA). */
class RegisteredMethodsTest {

    @ParameterizedTest(name = "{0} → {1} / {2}")
    @CsvSource({
            // Entra: Graph userRegistrationDetails.methodsRegistered and authentication method types
            "microsoftAuthenticatorPush, PUSH, STANDARD",
            "microsoftAuthenticatorPasswordless, PUSH, STANDARD",
            "microsoftAuthenticator, PUSH, STANDARD",
            "softwareOneTimePasscode, OTP, STANDARD",
            "hardwareOneTimePasscode, OTP, STANDARD",
            "softwareOath, OTP, STANDARD",
            "fido2, PHISHING_RESISTANT, PHISHING_RESISTANT",
            "fido2SecurityKey, PHISHING_RESISTANT, PHISHING_RESISTANT",
            "passKeyDeviceBound, PHISHING_RESISTANT, PHISHING_RESISTANT",
            "windowsHelloForBusiness, PHISHING_RESISTANT, PHISHING_RESISTANT",
            "macOsSecureEnclaveKey, PHISHING_RESISTANT, PHISHING_RESISTANT",
            "x509Certificate, PHISHING_RESISTANT, PHISHING_RESISTANT",
            "mobilePhone, SMS_VOICE, WEAK",
            "alternateMobilePhone, SMS_VOICE, WEAK",
            "officePhone, SMS_VOICE, WEAK",
            "sms, SMS_VOICE, WEAK",
            "phone, SMS_VOICE, WEAK",
            "email, OTP, WEAK",
            // Entra per-user MFA (StrongAuthenticationMethods)
            "PhoneAppNotification, PUSH, STANDARD",
            "PhoneAppOTP, OTP, STANDARD",
            "OneWaySMS, SMS_VOICE, WEAK",
            "TwoWayVoiceMobile, SMS_VOICE, WEAK",
            // Entra audit log (security info registered / deleted), as the normalizer's methodAffected
            "Authenticator App with Notification and Code, OTP, STANDARD",
            "Microsoft Authenticator App, PUSH, STANDARD",
            "Phone, SMS_VOICE, WEAK",
            "Email, OTP, WEAK",
            // Okta System Log debugData.factor
            "OKTA_VERIFY_PUSH, PUSH, STANDARD",
            "GOOGLE_AUTHENTICATOR, PUSH, STANDARD",
            "FIDO_WEBAUTHN, PHISHING_RESISTANT, PHISHING_RESISTANT",
            "OKTA_SMS, SMS_VOICE, WEAK",
            "SIGNED_NONCE, PHISHING_RESISTANT, PHISHING_RESISTANT",
            // Okta factorType
            "push, PUSH, STANDARD",
            "token:software:totp, OTP, STANDARD",
            "token:hardware, OTP, STANDARD",
            "token:hotp, OTP, STANDARD",
            "call, SMS_VOICE, WEAK",
            "webauthn, PHISHING_RESISTANT, PHISHING_RESISTANT",
            "u2f, PHISHING_RESISTANT, PHISHING_RESISTANT",
            "signed_nonce, PHISHING_RESISTANT, PHISHING_RESISTANT",
            // Google Workspace 2SV
            "Security key, PHISHING_RESISTANT, PHISHING_RESISTANT",
            "Google prompt, PUSH, STANDARD",
            "Authenticator app, PUSH, STANDARD",
            "Text message, SMS_VOICE, WEAK",
            "Phone call, SMS_VOICE, WEAK",
            "Passkey, PHISHING_RESISTANT, PHISHING_RESISTANT",
            // AWS IAM MFA device types and serial numbers
            "virtual, OTHER, STANDARD",
            "hardware, OTHER, STANDARD",
            "arn:aws:iam::123456789012:mfa/alice, OTHER, STANDARD",
            "arn:aws:iam::123456789012:u2f/user/alice/key-1, PHISHING_RESISTANT, PHISHING_RESISTANT",
    })
    void classifiesProviderSpellings(String name, MethodClass cls, Strength strength) {
        assertThat(RegisteredMethods.classify(name)).contains(new Factor(cls, strength));
    }

    @ParameterizedTest(name = "{0} is not an MFA method")
    @CsvSource({"password", "temporaryAccessPass", "Temporary access pass", "question", "securityQuestion", "Backup codes", "recovery_codes"})
    void passwordsPassesQuestionsAndBackupCodesEnrolNobody(String name) {
        assertThat(RegisteredMethods.classify(name)).isEmpty();
    }

    @Test
    void anUnrecognisedOrUnnamedMethodStillCountsAsEnrolled() {
        assertThat(RegisteredMethods.classify("vendorThing")).contains(new Factor(MethodClass.OTHER, Strength.STANDARD));
        assertThat(RegisteredMethods.classify(null)).map(Factor::strength).isEqualTo(Optional.of(Strength.STANDARD));
    }

    @Test
    void theLevelIsTheStrongestMethod() {
        assertThat(RegisteredMethods.level(List.of())).isEqualTo(Level.NONE);
        assertThat(RegisteredMethods.level(List.of(Strength.WEAK, Strength.WEAK))).isEqualTo(Level.WEAK_ONLY);
        assertThat(RegisteredMethods.level(List.of(Strength.WEAK, Strength.STANDARD))).isEqualTo(Level.STANDARD);
        assertThat(RegisteredMethods.level(List.of(Strength.WEAK, Strength.PHISHING_RESISTANT))).isEqualTo(Level.PHISHING_RESISTANT);
        assertThat(Level.WEAK_ONLY.label()).isEqualTo("weak_only");
    }
}
