package dev.mfawatch.normalize.okta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.directory.PolicyRef;
import dev.mfawatch.model.signin.AppRef;
import dev.mfawatch.model.signin.ClientInfo;
import dev.mfawatch.model.signin.ClientProtocol;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.NetworkInfo;
import dev.mfawatch.model.signin.PrincipalRef;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.RawRef;
import dev.mfawatch.model.signin.SatisfiedBy;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import dev.mfawatch.normalize.Fixtures;
import dev.mfawatch.normalize.NormalizeResult;
import dev.mfawatch.normalize.Normalizers;
import dev.mfawatch.normalize.Outcome;
import dev.mfawatch.normalize.ReasonCodes;
import dev.mfawatch.normalize.SignInPart;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OktaNormalizerTest {

    private static final String SRC = "okta";
    private static final Actor ADMIN = new Actor("okta.admin@example.org", "USER");
    private static final PolicyRef SIGN_ON = new PolicyRef("00p1pol00000000000001", "Default sign-on");

    private static NormalizeResult result() {
        return Fixtures.normalize(SRC, "system-log.json");
    }

    private static Outcome.SignIn signIn(int element) {
        return result().signIns().stream().filter(s -> s.element() == element).findFirst().orElseThrow();
    }

    private static DirectoryChange change(int element) {
        List<DirectoryChange> c = result().outcomes().stream()
                .filter(o -> o.element() == element && o instanceof Outcome.Change)
                .map(o -> ((Outcome.Change) o).change()).toList();
        assertThat(c).hasSize(1);
        return c.get(0);
    }

    @Test
    void sessionStartKeepsSessionIdAndEveryContextField() {
        Outcome.SignIn s = signIn(2);
        assertThat(s.part()).isEqualTo(SignInPart.SESSION_START);
        assertThat(s.event()).isEqualTo(new SignInEvent("e-02", "okta", Instant.parse("2026-11-06T09:00:06.123Z"),
                new PrincipalRef("mia.miller@example.org", List.of("00u1mia000000000001"), PrincipalType.USER),
                new AppRef("0oa1app00000000000001", "Payroll"),
                new ClientInfo(ClientProtocol.BROWSER, "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", null),
                SignInResult.SUCCESS, null, null, MfaInfo.none(),
                new NetworkInfo("198.51.100.7", "NL", "Amsterdam", 52.3676, 4.9041, null), null,
                "102sessionAAA", "txn-1", new RawRef("idp.raw.okta", 2, 42L, "e-02")));
    }

    @Test
    void policyEvaluationAndMfaStepsCarryWhatTheCorrelatorNeeds() {
        Outcome.SignIn policy = signIn(0);
        assertThat(policy.part()).isEqualTo(SignInPart.POLICY_EVALUATION);
        assertThat(policy.event().result()).isEqualTo(SignInResult.INTERRUPTED);
        assertThat(policy.event().mfa()).isEqualTo(new MfaInfo(true, false, null, MethodClass.NONE, null, null, null));
        assertThat(policy.event().sessionId()).isEqualTo("102sessionAAA");

        Outcome.SignIn push = signIn(1);
        assertThat(push.part()).isEqualTo(SignInPart.MFA_STEP);
        assertThat(push.event().sessionId()).isEqualTo("102sessionAAA");
        assertThat(push.event().mfa()).isEqualTo(new MfaInfo(null, true, "OKTA_VERIFY_PUSH", MethodClass.PUSH,
                MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null));

        SignInEvent badCode = signIn(3).event();
        assertThat(badCode.result()).isEqualTo(SignInResult.FAILURE);
        assertThat(badCode.errorCode()).isEqualTo("FAILURE");
        assertThat(badCode.failureReason()).isEqualTo("Invalid Passcode/Answer");
        assertThat(badCode.mfa()).isEqualTo(new MfaInfo(null, false, "OKTA_SOFT_TOKEN", MethodClass.OTP,
                MfaResult.CODE_INCORRECT, null, "SOFTWARE_OATH"));

        // The verified property PHISHING_RESISTANT decides the class, whatever the method is called.
        assertThat(signIn(4).event().mfa()).isEqualTo(new MfaInfo(null, true, "Use Okta FastPass",
                MethodClass.PHISHING_RESISTANT, MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null));

        SignInEvent denied = signIn(5).event();
        assertThat(signIn(5).part()).isEqualTo(SignInPart.MFA_STEP);
        assertThat(denied.result()).isEqualTo(SignInResult.FAILURE);
        assertThat(denied.mfa()).isEqualTo(new MfaInfo(null, false, "OKTA_VERIFY_PUSH", MethodClass.PUSH,
                MfaResult.DENIED, null, null));

        SignInEvent failedStart = signIn(16).event();
        assertThat(signIn(16).part()).isEqualTo(SignInPart.SESSION_START);
        assertThat(failedStart.result()).isEqualTo(SignInResult.FAILURE);
        assertThat(failedStart.failureReason()).isEqualTo("INVALID_CREDENTIALS");
        assertThat(failedStart.sessionId()).as("Okta writes 'unknown' when there is no session").isNull();
        assertThat(failedStart.correlationId()).isEqualTo("txn-16");
    }

    @Test
    void factorChanges() {
        assertThat(change(6)).isEqualTo(new DirectoryChange("e-06", "okta", Instant.parse("2026-11-06T09:20:00Z"),
                new Actor("nils.n@example.org", "USER"), ChangeOperation.FACTOR_REGISTERED,
                List.of("nils.n@example.org"), null, null,
                Map.of("eventType", "user.mfa.factor.activate", "factor", "GOOGLE_OTP", "performedBy", "SELF"),
                new RawRef("idp.raw.okta", 2, 42L, "e-06")));
        assertThat(change(7).operation()).isEqualTo(ChangeOperation.FACTOR_REMOVED);
        assertThat(change(7).actor()).isEqualTo(ADMIN);
        assertThat(change(7).targets()).containsExactly("pia.p@example.org");
        assertThat(change(7).details()).isEqualTo(Map.of("eventType", "user.mfa.factor.deactivate",
                "factor", "SMS_FACTOR", "reason", "User reset SMS factor", "resetScope", "one",
                "performedBy", "ADMIN"));
        assertThat(change(8).operation()).isEqualTo(ChangeOperation.FACTOR_RESET);
        assertThat(change(8).details()).containsEntry("eventType", "user.mfa.factor.reset_all")
                .containsEntry("reason", "User reset all factors").containsEntry("resetScope", "all");
        assertThat(change(9).operation()).isEqualTo(ChangeOperation.FACTOR_SUSPENDED);
        assertThat(change(10).operation()).isEqualTo(ChangeOperation.MFA_DISABLED);
        assertThat(change(10).targets()).isEmpty();
        assertThat(change(10).details()).isEqualTo(Map.of("action", "ORG_FACTOR_DEACTIVATED",
                "eventType", "system.mfa.factor.deactivate", "factor", "SMS Authentication"));
    }

    @Test
    void policyRulesMovingFromTwoFactorsToOneAndPolicyLifecycle() {
        DirectoryChange classic = change(11);
        assertThat(classic.operation()).isEqualTo(ChangeOperation.MFA_REQUIREMENT_REMOVED);
        assertThat(classic.policy()).isEqualTo(SIGN_ON);
        assertThat(classic.details()).isEqualTo(Map.of("eventType", "policy.rule.update",
                "rule", "Require MFA off-network",
                "oldValue", "{\"signon\":{\"access\":\"ALLOW\",\"requireFactor\":true,\"factorPromptMode\":\"ALWAYS\"}}",
                "newValue", "{\"signon\":{\"access\":\"ALLOW\",\"requireFactor\":false}}"));
        DirectoryChange identityEngine = change(12);
        assertThat(identityEngine.operation()).isEqualTo(ChangeOperation.MFA_REQUIREMENT_REMOVED);
        assertThat(identityEngine.policy()).isEqualTo(new PolicyRef("rst1", "Payroll app policy"));
        assertThat(identityEngine.details()).containsEntry("rule", "Contractors");
        DirectoryChange deactivated = change(13);
        assertThat(deactivated.operation()).isEqualTo(ChangeOperation.POLICY_DISABLED);
        assertThat(deactivated.policy()).isEqualTo(SIGN_ON);
        assertThat(deactivated.details()).isEqualTo(Map.of("action", "POLICY_DEACTIVATE",
                "eventType", "policy.lifecycle.deactivate", "policyType", "OktaSignOn"));
    }

    @Test
    void passwordPolicyAndUnrelatedEventsAreSkipped() {
        NormalizeResult r = result();
        assertThat(r.failures()).isEmpty();
        assertThat(r.skips()).extracting(Outcome.Skip::element, Outcome.Skip::reason).containsExactly(
                tuple(14, ReasonCodes.NOT_MFA_RELEVANT), tuple(15, ReasonCodes.UNKNOWN_EVENT_TYPE));
        assertThat(r.outcomes()).hasSize(17);
    }

    private static NormalizeResult normalize(String json) {
        return Normalizers.forSource(SRC).normalize(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownLoginFallsBackToTheUserIdAndNoIdentityAtAllIsAFailure() {
        NormalizeResult r = normalize("{'uuid':'u1','eventType':'user.session.start','published':'2026-11-23T09:00:00Z',"
                + "'outcome':{'result':'FAILURE','reason':'INVALID_CREDENTIALS'},"
                + "'actor':{'id':'00uKnownId','type':'User','alternateId':'unknown'}}");
        assertThat(r.signInEvents()).extracting(e -> e.principal()).containsExactly(
                new PrincipalRef("00uknownid", List.of(), PrincipalType.USER));
        NormalizeResult nobody = normalize("{'uuid':'u2','eventType':'user.session.start','published':'2026-11-23T09:00:00Z',"
                + "'outcome':{'result':'FAILURE'},'actor':{'id':'unknown','type':'User','alternateId':'unknown'}}");
        assertThat(nobody.failures()).extracting(Outcome.Failure::reason, Outcome.Failure::message)
                .containsExactly(tuple(ReasonCodes.MISSING_FIELD, "actor.alternateId is required"));
    }

    @Test
    void aBadEventInAHookBodySpoilsOnlyItself() {
        NormalizeResult r = normalize("{'eventType':'com.okta.event_hook','data':{'events':["
                + "{'uuid':'h1','eventType':'user.mfa.factor.activate','published':'2026-11-23T09:00:00Z',"
                + "'outcome':{'result':'SUCCESS'},'actor':{'id':'00u1','type':'User','alternateId':'ann@example.org'}},"
                + "{'uuid':'h2','eventType':'user.session.start','outcome':{'result':'SUCCESS'},"
                + "'actor':{'id':'00u1','type':'User','alternateId':'ann@example.org'}}]}}");
        assertThat(r.changes()).extracting(DirectoryChange::eventId, DirectoryChange::operation)
                .containsExactly(tuple("h1", ChangeOperation.FACTOR_REGISTERED));
        assertThat(r.failures()).extracting(Outcome.Failure::item, Outcome.Failure::reason, f -> f.raw().recordId())
                .containsExactly(tuple(1, ReasonCodes.MISSING_FIELD, "h2"));
        NormalizeResult empty = normalize("{'eventType':'com.okta.event_hook','data':{'events':[]}}");
        assertThat(empty.failures()).extracting(Outcome.Failure::message).containsExactly("data.events is required");
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String s) {
        try {
            return dev.mfawatch.model.Json.MAPPER.readTree(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void whoMadeAChangeTellsSupportAdminSelfAndAutomationApart() {
        List<String> paula = List.of("paula@contoso.example");
        assertThat(OktaNormalizer.who(json("""
                {"actor":{"alternateId":"system@okta.com","type":"SystemPrincipal"}}"""), paula).performedBy())
                .isEqualTo("SUPPORT");
        // An admin session opened by Okta Support: the actor is the admin, the original principal Okta's.
        OktaNormalizer.Who impersonated = OktaNormalizer.who(json("""
                {"actor":{"alternateId":"ines.admin@contoso.example","type":"User"},
                 "debugContext":{"debugData":{"originalPrincipal":
                   {"alternateId":"agent.x@okta.com","type":"User"}}}}"""),
                paula);
        assertThat(impersonated.performedBy()).isEqualTo("SUPPORT");
        assertThat(impersonated.originalPrincipal()).isEqualTo("agent.x@okta.com");
        // The same shape with a customer's own original principal is an admin's action.
        assertThat(OktaNormalizer.who(json("""
                {"actor":{"alternateId":"ines.admin@contoso.example","type":"User"},
                 "debugContext":{"debugData":{"originalPrincipal":{"alternateId":"root.admin@contoso.example"}}}}"""),
                paula).performedBy()).isEqualTo("ADMIN");
        assertThat(OktaNormalizer.who(json("""
                {"actor":{"alternateId":"Paula@Contoso.example","id":"00u1","type":"User"}}"""), paula).performedBy())
                .isEqualTo("SELF");
        assertThat(OktaNormalizer.who(json("""
                {"actor":{"alternateId":"0oaServiceApp","type":"PublicClientApp"}}"""), paula).performedBy())
                .isEqualTo("APP");
    }

    @Test
    void aFailedPushIsNeverAWrongCode() {
        assertThat(OktaNormalizer.pushFailure(json("{}"), "INVALID_CREDENTIALS")).isEqualTo(MfaResult.DENIED);
        assertThat(OktaNormalizer.pushFailure(json("""
                {"debugContext":{"debugData":{"pushOnlyResponseType":"OV_RESPONSE_APPROVE",
                 "pushWithNumberChallengeResponseType":"OV_WITH_CHALLENGE_RESPONSE_VALID"}}}"""), null))
                .isEqualTo(MfaResult.OTHER);
        assertThat(OktaNormalizer.pushFailure(json("""
                {"debugContext":{"debugData":{"pushOnlyResponseType":"OV_RESPONSE_ERROR"}}}"""), "VERIFICATION_ERROR"))
                .isEqualTo(MfaResult.OTHER);
        assertThat(OktaNormalizer.pushFailure(json("{}"), "User reported suspicious activity"))
                .isEqualTo(MfaResult.FRAUD_REPORTED);
        assertThat(OktaNormalizer.pushFailure(json("{}"), "Push timed out")).isEqualTo(MfaResult.TIMEOUT);
        // A failed push that says nothing more was not accepted; one whose reason Okta words otherwise is not judged.
        assertThat(OktaNormalizer.pushFailure(json("{\"debugContext\":{\"debugData\":{\"factor\":\"OKTA_VERIFY_PUSH\"}}}"), null))
                .isEqualTo(MfaResult.DENIED);
        assertThat(OktaNormalizer.pushFailure(json("{}"), "VERIFICATION_ERROR")).isEqualTo(MfaResult.OTHER);
    }
}
