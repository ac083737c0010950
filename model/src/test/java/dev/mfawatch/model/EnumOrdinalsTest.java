package dev.mfawatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule state stores these enums by ordinal (FactorHistory keeps a method class and a change operation as
 * bytes): a value inserted before an existing one would silently change what stored state means. New
 * values go after OTHER.
 */
class EnumOrdinalsTest {

    private static <E extends Enum<E>> List<String> names(E[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    @Test
    void existingValuesKeepTheirOrdinals() {
        assertThat(names(MethodClass.values())).startsWith("PHISHING_RESISTANT", "OTP", "SMS_VOICE", "PUSH", "NONE",
                "OTHER");
        assertThat(names(MfaResult.values())).startsWith("SUCCESS", "DENIED", "TIMEOUT", "CODE_INCORRECT",
                "CLOCK_DRIFT", "DESYNC", "FRAUD_REPORTED", "NOT_ATTEMPTED", "OTHER");
        assertThat(names(ChangeOperation.values())).startsWith("EXCLUSION_ADDED", "EXCLUSION_REMOVED",
                "EXCLUSION_EXTENDED", "MFA_DISABLED", "MFA_ENABLED", "MFA_REQUIREMENT_REMOVED", "POLICY_DISABLED",
                "POLICY_REPORT_ONLY", "FACTOR_REGISTERED", "FACTOR_REMOVED", "FACTOR_RESET", "FACTOR_SUSPENDED",
                "RECOVERY_CODES_GENERATED", "TEMPORARY_ACCESS_PASS_ISSUED", "CREDENTIAL_ROTATED", "ROLE_ASSIGNED",
                "ROLE_REMOVED", "ACCOUNT_DISABLED", "ACCOUNT_ENABLED", "DEPARTMENT_CHANGED", "MANAGER_CHANGED",
                "OTHER");
    }

    @Test
    void newValuesReadAndAnUnknownOneStillFallsBackToOther() throws JsonProcessingException {
        assertThat(Json.MAPPER.readValue("\"RECOVERY_CODE\"", MethodClass.class)).isEqualTo(MethodClass.RECOVERY_CODE);
        assertThat(Json.MAPPER.readValue("\"PROMPT_SENT\"", MfaResult.class)).isEqualTo(MfaResult.PROMPT_SENT);
        assertThat(Json.MAPPER.readValue("\"PASSWORD_RESET\"", ChangeOperation.class))
                .isEqualTo(ChangeOperation.PASSWORD_RESET);
        assertThat(Json.MAPPER.readValue("\"SOMETHING_NEWER\"", MethodClass.class)).isEqualTo(MethodClass.OTHER);
        assertThat(Json.MAPPER.readValue("\"SOMETHING_NEWER\"", ChangeOperation.class))
                .isEqualTo(ChangeOperation.OTHER);
    }

    @Test
    void everyOperationThatReplacesTheSecretCountsAsARotation() {
        assertThat(Arrays.stream(ChangeOperation.values()).filter(ChangeOperation::rotatesCredential))
                .containsExactlyInAnyOrder(ChangeOperation.CREDENTIAL_ROTATED, ChangeOperation.PASSWORD_RESET,
                        ChangeOperation.PASSWORD_RECOVERY, ChangeOperation.FACTOR_RESET);
    }
}
