package dev.mfawatch.normalize.entra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.normalize.MethodClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which authenticationDetails steps are MFA steps: decided by the method, the label is only a hint. */
class MfaStepTest {

    private static boolean step(String method, String label, boolean passwordStep) {
        return EntraSignInNormalizer.mfaStep(method, MethodClasses.of(method), label, passwordStep);
    }

    @ParameterizedTest(name = "{0} labelled ''{1}'' is an MFA step")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            OATH verification code     | Multi-factor authentication
            OATH verification code     | Multifactor authentication
            OATH verification code     | MFA
            OATH verification code     | Secondary authentication
            OATH verification code     |
            OATH verification code     | Primary authentication
            Mobile app notification    | Primary authentication
            Mobile app notification    | User, MultiConditionalAccess
            Text message               | Multi-factor authentication
            Voice                      | MFA
            FIDO2 security key         | Primary authentication
            Windows Hello for Business | Primary authentication
            Temporary Access Pass      | Primary authentication
            Passwordless phone sign-in | Primary authentication
            X.509 Certificate          | Primary authentication
            """)
    void secondFactorsCountWhateverTheLabel(String method, String label) {
        assertThat(step(method, label, true)).isTrue();
    }

    @ParameterizedTest(name = "{0} is never an MFA step")
    @CsvSource(delimiter = '|', textBlock = """
            Password               | Multi-factor authentication
            Previously satisfied   | Multifactor authentication
            Claim in access token  | MFA
            Satisfied by token     | MFA
            Seamless SSO           | Primary authentication
            Pass-through Authentication | Primary authentication
            """)
    void firstFactorsAndReusedClaimsNeverCount(String method, String label) {
        assertThat(step(method, label, false)).isFalse();
    }

    @Test
    void anSmsOrEmailCodeLabelledPrimaryWithoutAPasswordIsASingleFactorSignIn() {
        assertThat(step("Text message", "Primary authentication", false)).isFalse();
        assertThat(step("Email OTP", "Primary authentication", false)).isFalse();
        // ... but after a password it is the second factor, whatever the label says.
        assertThat(step("Text message", "Primary authentication", true)).isTrue();
        assertThat(step(null, "MFA", true)).isFalse();
    }

    @Test
    void anOathStepFailingWith500121WithoutDetailIsAWrongCode() {
        assertThat(EntraSignInNormalizer.failedResult(null, null, MethodClass.OTP, "500121"))
                .isEqualTo(MfaResult.CODE_INCORRECT);
        // Not without the OATH method, not with another code, not when a detail says something else.
        assertThat(EntraSignInNormalizer.failedResult(null, null, MethodClass.PUSH, "500121")).isEqualTo(MfaResult.OTHER);
        assertThat(EntraSignInNormalizer.failedResult(null, null, MethodClass.OTP, "50074"))
                .isEqualTo(MfaResult.NOT_ATTEMPTED);
        assertThat(EntraSignInNormalizer.failedResult("MFA denied; service error", null, MethodClass.OTP, "500121"))
                .isEqualTo(MfaResult.OTHER);
    }

    @Test
    void theStepDetailWinsAndStatusAdditionalDetailsFillsIn() {
        assertThat(EntraSignInNormalizer.failedResult("MFA denied; user declined the authentication",
                "MFA denied; user did not respond to mobile app notification", MethodClass.PUSH, "500121"))
                .isEqualTo(MfaResult.DENIED);
        assertThat(EntraSignInNormalizer.failedResult(null,
                "MFA denied; user did not respond to mobile app notification", MethodClass.PUSH, "500121"))
                .isEqualTo(MfaResult.TIMEOUT);
        assertThat(EntraSignInNormalizer.failedResult("Authentication in progress", "MFA denied; user entered incorrect code",
                MethodClass.OTP, "500121")).isEqualTo(MfaResult.NOT_ATTEMPTED);
    }

    @Test
    void theMfaRequiredInterruptIsThePromptNeverAnAnswer() {
        // A push-fatigue count must not read the 50074 / 50076 prompt as a denial, whatever its texts say.
        for (String code : new String[] {"50074", "50076"}) {
            assertThat(EntraSignInNormalizer.failedResult("MFA denied; user declined the authentication",
                    "MFA denied; user did not respond to mobile app notification", MethodClass.PUSH, code))
                    .as(code).isEqualTo(MfaResult.NOT_ATTEMPTED);
        }
        // The same texts under 500121 are the user's answer.
        assertThat(EntraSignInNormalizer.failedResult("MFA denied; user declined the authentication", null,
                MethodClass.PUSH, "500121")).isEqualTo(MfaResult.DENIED);
        assertThat(EntraSignInNormalizer.failedResult(null, "MFA denied; user reported fraud", MethodClass.PUSH,
                "500121")).isEqualTo(MfaResult.FRAUD_REPORTED);
    }
}
