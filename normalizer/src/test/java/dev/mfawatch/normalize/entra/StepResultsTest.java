package dev.mfawatch.normalize.entra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every result spelling of Microsoft's MFA reporting page ("If MFA was denied, this column would
 * provide the reason for denial" / "If MFA was satisfied …") and of detection content, one case each,
 * with and without the "MFA denied; " prefix that sign-in logs put in front of them.
 */
class StepResultsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Invalid verification code                                          | CODE_INCORRECT
            INVALID VERIFICATION CODE                                          | CODE_INCORRECT
            MFA denied; Invalid verification code                              | CODE_INCORRECT
            user entered incorrect code                                        | CODE_INCORRECT
            MFA denied; user entered incorrect code                            | CODE_INCORRECT
            entered incorrect code too many times                              | CODE_INCORRECT
            MFA denied; entered incorrect code too many times                  | CODE_INCORRECT
            verification code already used once                                | CODE_INCORRECT
            MFA denied; verification code already used once                    | CODE_INCORRECT
            invalid mobile app verification code                               | CODE_INCORRECT
            MFA denied; invalid mobile app verification code                   | CODE_INCORRECT
            MFA denied; OATH Code Incorrect                                    | CODE_INCORRECT
            Duplicate OATH Code                                                | CODE_INCORRECT
            OATH Code Out of Date                                              | DESYNC
            MFA denied; user declined the authentication                       | DENIED
            user declined the authentication                                   | DENIED
            MFA Denied; User Declined The Authentication                       | DENIED
            MFA denied; user hung up the phone call without succeeding the authentication | DENIED
            MFA denied                                                         | DENIED
            MFA denied; Phone App Reported Fraud                               | FRAUD_REPORTED
            MFA denied: Phone App Reported Fraud                               | FRAUD_REPORTED
            Fraud reported                                                     | FRAUD_REPORTED
            MFA denied; Fraud Code Entered                                     | FRAUD_REPORTED
            MFA denied; user reported fraud                                    | FRAUD_REPORTED
            MFA denied; user reported suspicious activity                      | FRAUD_REPORTED
            Suspicious activity reported                                       | FRAUD_REPORTED
            MFA denied; user did not respond to mobile app notification        | TIMEOUT
            user did not respond to mobile app notification                    | TIMEOUT
            MFA denied; phone call went to voicemail                           | TIMEOUT
            MFA denied; user never entered the verification code               | TIMEOUT
            Mobile App No Response                                             | TIMEOUT
            Auth Result Timeout                                                | TIMEOUT
            MFA denied; user entered incorrect PIN                             | OTHER
            MFA denied; unable to reach the user's phone                       | OTHER
            MFA denied; unable to send the mobile app notification to the device | OTHER
            MFA denied; service error                                          | OTHER
            MFA denied; misconfiguration                                       | OTHER
            MFA denied; phone number has an invalid format                     | OTHER
            MFA denied; user is blocked                                        | OTHER
            MFA denied; user not found                                         | OTHER
            MFA denied; duplicate authentication attempt                       | OTHER
            MFA denied; invalid authentication                                 | OTHER
            MFA denied; user does not have any verification methods registered | NOT_ATTEMPTED
            MFA denied; authentication in-progress                             | NOT_ATTEMPTED
            MFA required in Azure AD                                           | NOT_ATTEMPTED
            Strong Authentication is required.                                 | NOT_ATTEMPTED
            MFA successfully completed                                         | SUCCESS
            MFA completed in Azure AD                                          | SUCCESS
            MFA requirement satisfied by strong authentication                 | SUCCESS
            MFA completed in the cloud                                         | SUCCESS
            Correct password                                                   | OTHER
            """)
    void readsEachSpelling(String detail, MfaResult expected) {
        assertThat(StepResults.of(detail)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "absent detail -> OTHER")
    @CsvSource(nullValues = "null", value = "null")
    void anAbsentDetailSaysNothing(String detail) {
        assertThat(StepResults.of(detail)).isEqualTo(MfaResult.OTHER);
    }

    /** A status that names no method still says which kind of prompt was refused or left unanswered. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            MFA denied; user declined the authentication                       | PUSH
            MFA denied; user did not respond to mobile app notification        | PUSH
            MFA denied; Phone App Reported Fraud                               | PUSH
            MFA denied; user reported fraud                                    | PUSH
            MFA denied; user reported suspicious activity                      | PUSH
            MFA denied; Fraud Code Entered                                     | SMS_VOICE
            MFA denied; phone call went to voicemail                           | SMS_VOICE
            MFA denied; user hung up the phone                                 | SMS_VOICE
            MFA denied; Invalid verification code                              | OTHER
            Authentication failed during strong authentication request.       | OTHER
            null                                                               | OTHER
            """)
    void aStatusWithoutAMethodImpliesOne(String detail, MethodClass expected) {
        assertThat(StepResults.impliedMethod(detail)).isEqualTo(expected);
    }
}
