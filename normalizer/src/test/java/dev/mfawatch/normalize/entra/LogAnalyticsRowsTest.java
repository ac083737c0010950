package dev.mfawatch.normalize.entra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import dev.mfawatch.normalize.NormalizeResult;
import dev.mfawatch.normalize.Normalizers;
import dev.mfawatch.normalize.Outcome;
import dev.mfawatch.normalize.RecordOrigin;
import dev.mfawatch.normalize.ReasonCodes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogAnalyticsRowsTest {

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    private static NormalizeResult signIn(String row) {
        return Normalizers.forSource("entra-signin").normalize(row.getBytes(StandardCharsets.UTF_8), RecordOrigin.NONE);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"UserPrincipalName,userPrincipalName", "IPAddress,ipAddress", "Id,id", "UserId,userId",
            "MfaDetail,mfaDetail", "AADTenantId,aadTenantId", "RiskEventTypes_V2,riskEventTypes_V2", "OS,os",
            "alreadyCamel,alreadyCamel"})
    void columnNamesBecomeGraphNames(String column, String graph) {
        assertThat(LogAnalyticsRows.camel(column)).isEqualTo(graph);
    }

    @Test
    void graphAndAzureMonitorRecordsAreNotRowsAndPassThroughUntouched() throws Exception {
        JsonNode graph = json("{\"id\":\"x\",\"createdDateTime\":\"2026-11-03T08:00:00Z\",\"status\":{\"errorCode\":0}}");
        JsonNode monitor = json("{\"time\":\"2026-11-03T08:00:00Z\",\"category\":\"SignInLogs\",\"properties\":{}}");
        assertThat(LogAnalyticsRows.toGraph(graph)).isSameAs(graph);
        assertThat(LogAnalyticsRows.toGraph(monitor)).isSameAs(monitor);
    }

    @Test
    void aRowWithStringValuesIsReadLikeItsGraphObject() throws Exception {
        JsonNode g = LogAnalyticsRows.toGraph(json("""
                {"TimeGenerated":"11/3/2026, 9:10:00.000 AM","Id":"r1","UserPrincipalName":"Ann@contoso.example",
                 "IPAddress":"203.0.113.5","Location":"PT","LocationDetails":"{\\"city\\":\\"Porto\\",\\"countryOrRegion\\":\\"PT\\"}",
                 "ConditionalAccessStatus":"2","ConditionalAccessPolicies":"[{\\"result\\":\\"notApplied\\"}]",
                 "AppliedConditionalAccessPolicies":"","AlternateSignInName":"","Type":"AADNonInteractiveUserSignInLogs"}
                """));
        assertThat(g.get("time").asText()).isEqualTo("11/3/2026, 9:10:00.000 AM");
        assertThat(g.get("id").asText()).isEqualTo("r1");
        assertThat(g.get("ipAddress").asText()).isEqualTo("203.0.113.5");
        assertThat(g.get("location").get("city").asText()).isEqualTo("Porto");
        assertThat(g.get("conditionalAccessStatus").asText()).isEqualTo("notApplied");
        // The policies (most of a row's bytes) stay text until the mapping asks for them.
        assertThat(g.get("appliedConditionalAccessPolicies").isTextual()).isTrue();
        assertThat(LogAnalyticsRows.array(g, "appliedConditionalAccessPolicies")).singleElement()
                .satisfies(p -> assertThat(p.get("result").asText()).isEqualTo("notApplied"));
        assertThat(g.get("category").asText()).isEqualTo("NonInteractiveUserSignInLogs");
        assertThat(g.has("alternateSignInName")).as("empty cells are absent").isFalse();
    }

    @Test
    void theCountryColumnIsTheFallbackWhenThereAreNoLocationDetails() {
        SignInEvent e = signIn("""
                {"TimeGenerated":"2026-11-03T09:10:00Z","Id":"r2","UserPrincipalName":"bea@contoso.example",
                 "ResultType":"0","Location":"NO","Category":"SignInLogs","IsInteractive":"True"}
                """).signInEvents().get(0);
        assertThat(e.network().country()).isEqualTo("NO");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-03T09:10:00Z"));
        assertThat(e.client().interactive()).isTrue();
        assertThat(e.result()).isEqualTo(SignInResult.SUCCESS);
    }

    @Test
    void withoutAuthenticationRequirementAnEnforcedMfaPolicyInTheStringColumnSaysMfaWasRequired() {
        SignInEvent e = signIn("""
                {"TimeGenerated":"2026-11-03T09:10:00Z","Id":"r6","UserPrincipalName":"dan@contoso.example","ResultType":"50074",
                 "ConditionalAccessPolicies":"[{\\"displayName\\":\\"Require MFA\\",\\"enforcedGrantControls\\":[\\"Mfa\\"],\\"result\\":\\"success\\"}]",
                 "AppliedConditionalAccessPolicies":"[]","Type":"SigninLogs"}
                """).signInEvents().get(0);
        assertThat(e.mfa().required()).isTrue();
        assertThat(e.mfa().result()).isEqualTo(MfaResult.NOT_ATTEMPTED);
        assertThat(e.result()).isEqualTo(SignInResult.INTERRUPTED);
    }

    @Test
    void aServicePrincipalRowHasNeitherStatusNorCreatedDateTime() {
        SignInEvent e = signIn("""
                {"TimeGenerated":"12/12/2025 3:03:58 PM","Id":"r3","ServicePrincipalId":"5B000000-0000-4000-8000-000000000001",
                 "ServicePrincipalName":"nightly-backup","AppId":"a9900000-0000-4000-8000-000000000001","ResultType":"7000215",
                 "ResultDescription":"Invalid client secret provided.","Type":"AADServicePrincipalSignInLogs"}
                """).signInEvents().get(0);
        assertThat(e.principal().type()).isEqualTo(PrincipalType.SERVICE);
        assertThat(e.principal().id()).isEqualTo("5b000000-0000-4000-8000-000000000001");
        assertThat(e.time()).isEqualTo(Instant.parse("2025-12-12T15:03:58Z"));
        assertThat(e.result()).isEqualTo(SignInResult.FAILURE);
        assertThat(e.errorCode()).isEqualTo("7000215");
        assertThat(e.failureReason()).isEqualTo("Invalid client secret provided.");
        assertThat(e.client().interactive()).isFalse();
    }

    @Test
    void statusAdditionalDetailsInTheStatusColumnIsReadWhateverTheStepSays() {
        SignInEvent e = signIn("""
                {"TimeGenerated":"2026-11-03T09:10:00Z","Id":"r4","UserPrincipalName":"cy@contoso.example","ResultType":"500121",
                 "Status":"{\\"errorCode\\":500121,\\"additionalDetails\\":\\"MFA denied; user declined the authentication\\"}",
                 "MfaDetail":"{\\"authMethod\\":\\"Mobile app notification\\"}","Type":"SigninLogs"}
                """).signInEvents().get(0);
        assertThat(e.mfa().result()).isEqualTo(MfaResult.DENIED);
        assertThat(e.mfa().methodClass()).isEqualTo(MethodClass.PUSH);
    }

    @Test
    void brokenJsonInADynamicColumnFailsTheRowNamingTheColumnOnly() {
        NormalizeResult r = signIn("""
                {"TimeGenerated":"2026-11-03T09:10:00Z","Id":"r5","UserPrincipalName":"secret.name@contoso.example",
                 "ResultType":"0","AuthenticationDetails":"[{\\"authenticationMethod\\":","Type":"SigninLogs"}
                """);
        assertThat(r.outcomes()).singleElement().isInstanceOfSatisfying(Outcome.Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(ReasonCodes.INVALID_FIELD);
            assertThat(f.message()).isEqualTo("AuthenticationDetails must be JSON (a Log Analytics dynamic column)")
                    .doesNotContain("secret");
        });
    }

    @Test
    void anAuditRowOnTheSignInTopicIsSkippedAsAnotherEventType() {
        NormalizeResult r = signIn("""
                {"TimeGenerated":"2026-11-04T09:00:00Z","Id":"a1","OperationName":"Update user","Category":"UserManagement",
                 "ActivityDisplayName":"Update user","ActivityDateTime":"2026-11-04T09:00:00Z","Type":"AuditLogs"}
                """);
        assertThat(r.outcomes()).singleElement().isInstanceOfSatisfying(Outcome.Skip.class,
                s -> assertThat(s.reason()).isEqualTo(ReasonCodes.UNKNOWN_EVENT_TYPE));
    }
}
