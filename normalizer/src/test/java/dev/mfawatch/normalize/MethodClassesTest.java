package dev.mfawatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.signin.MethodClass;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MethodClassesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            backup_code                   | RECOVERY_CODE
            Backup code                   | RECOVERY_CODE
            recovery codes                | RECOVERY_CODE
            Temporary Access Pass         | TEMPORARY_PASS
            temporaryAccessPass           | TEMPORARY_PASS
            google_authenticator          | OTP
            OATH verification code        | OTP
            offline_otp                   | OTP
            Mobile app notification       | PUSH
            OKTA_VERIFY_PUSH              | PUSH
            security_key                  | PHISHING_RESISTANT
            Text message                  | SMS_VOICE
            Password                      | NONE
            """)
    void classifiesEveryProvidersNames(String method, MethodClass expected) {
        assertThat(MethodClasses.of(method)).isEqualTo(expected);
    }

    @Test
    void aRecoveryCodeOrTemporaryPassIsNotAnOathToken() {
        // The OATH detector groups by token type: a static code must not look like a drifting token.
        assertThat(MethodClasses.tokenType("backup_code", MethodClass.RECOVERY_CODE)).isNull();
        assertThat(MethodClasses.tokenType("Temporary Access Pass", MethodClass.TEMPORARY_PASS)).isNull();
    }

    @Test
    void aRecoveryCodeOrTemporaryPassIsReportedBeforeAnyFactorThenStrongestFirst() {
        List<MethodClass> ordered = Arrays.stream(MethodClass.values())
                .sorted(Comparator.comparingInt(MethodClasses::rank)).toList();
        assertThat(ordered).containsExactly(MethodClass.RECOVERY_CODE, MethodClass.TEMPORARY_PASS,
                MethodClass.PHISHING_RESISTANT, MethodClass.PUSH, MethodClass.OTP, MethodClass.SMS_VOICE,
                MethodClass.OTHER, MethodClass.NONE);
    }
}
