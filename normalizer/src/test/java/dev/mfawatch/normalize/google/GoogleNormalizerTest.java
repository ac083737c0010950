package dev.mfawatch.normalize.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.AppRef;
import dev.mfawatch.model.signin.ClientInfo;
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
import dev.mfawatch.normalize.Outcome;
import dev.mfawatch.normalize.ReasonCodes;
import dev.mfawatch.normalize.SignInPart;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoogleNormalizerTest {

    private static final String SRC = "google";

    private static NormalizeResult result() {
        return Fixtures.normalize(SRC, "activities.json");
    }

    private static Outcome.SignIn signIn(int element, int item) {
        return result().signIns().stream().filter(s -> s.element() == element && s.item() == item).findFirst()
                .orElseThrow();
    }

    @Test
    void loginSuccessWithAnAuthenticatorCode() {
        assertThat(signIn(0, 0).event()).isEqualTo(new SignInEvent("-1001", "google",
                Instant.parse("2026-11-08T07:00:00Z"),
                new PrincipalRef("yara.y@example.com", List.of("100000000000000000001"), PrincipalType.USER),
                new AppRef("google-workspace", "Google Workspace"), new ClientInfo(null, null, null),
                SignInResult.SUCCESS, null, null,
                new MfaInfo(null, true, "google_authenticator", MethodClass.OTP, MfaResult.SUCCESS,
                        SatisfiedBy.MFA_STEP, "SOFTWARE_OATH"),
                new NetworkInfo("192.0.2.55", null, null, null, null, null), null, null, "-1001",
                new RawRef("idp.raw.google", 2, 42L, "-1001")));
    }

    @Test
    void challengeMethodsFailuresFederationAndPasswordOnly() {
        assertThat(signIn(1, 0).event().mfa().methodClass()).isEqualTo(MethodClass.PHISHING_RESISTANT);
        assertThat(signIn(1, 0).event().mfa().method()).isEqualTo("security_key");

        SignInEvent badCode = signIn(2, 0).event();
        assertThat(badCode.result()).isEqualTo(SignInResult.FAILURE);
        assertThat(badCode.failureReason()).isEqualTo("login_failure_invalid_second_factor");
        assertThat(badCode.mfa()).isEqualTo(new MfaInfo(null, false, "google_authenticator", MethodClass.OTP,
                MfaResult.CODE_INCORRECT, null, "SOFTWARE_OATH"));

        assertThat(signIn(4, 0).event().mfa()).isEqualTo(new MfaInfo(null, true, null, MethodClass.OTHER, null,
                SatisfiedBy.FEDERATED_IDP, null));
        assertThat(signIn(5, 0).event().mfa()).isEqualTo(MfaInfo.none());
        assertThat(signIn(5, 0).event().result()).isEqualTo(SignInResult.SUCCESS);
    }

    @Test
    void eachEventOfAnActivityIsItsOwnOutcome() {
        Outcome.SignIn verification = signIn(3, 0);
        Outcome.SignIn success = signIn(3, 1);
        assertThat(verification.part()).isEqualTo(SignInPart.MFA_STEP);
        assertThat(verification.event().eventId()).isEqualTo("-1004#0");
        assertThat(verification.event().mfa()).isEqualTo(new MfaInfo(null, true, "google_prompt", MethodClass.PUSH,
                MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null));
        assertThat(success.part()).isEqualTo(SignInPart.COMPLETE);
        assertThat(success.event().eventId()).isEqualTo("-1004#1");
        assertThat(success.event().mfa().methodClass()).isEqualTo(MethodClass.PUSH);
    }

    @Test
    void aFailedAuthenticatorVerificationIsAnIncorrectCode() {
        Outcome.SignIn failed = signIn(11, 0);
        assertThat(failed.part()).isEqualTo(SignInPart.MFA_STEP);
        assertThat(failed.event().result()).isEqualTo(SignInResult.FAILURE);
        assertThat(failed.event().failureReason()).isEqualTo("Challenge Failed");
        assertThat(failed.event().mfa()).isEqualTo(new MfaInfo(null, false, "google_authenticator", MethodClass.OTP,
                MfaResult.CODE_INCORRECT, null, "SOFTWARE_OATH"));
    }

    @Test
    void twoStepVerificationAndEnforcementChanges() {
        NormalizeResult r = result();
        assertThat(r.changes()).extracting(DirectoryChange::eventId, DirectoryChange::operation,
                DirectoryChange::targets).containsExactly(
                tuple("-1007", ChangeOperation.MFA_ENABLED, List.of("yara.y@example.com")),
                tuple("-1008", ChangeOperation.MFA_DISABLED, List.of("yara.y@example.com")),
                tuple("-1009", ChangeOperation.MFA_REQUIREMENT_REMOVED, List.of()));
        DirectoryChange enforcement = r.changes().get(2);
        assertThat(enforcement.actor()).isEqualTo(new Actor("gw.admin@example.com", "USER"));
        assertThat(enforcement.time()).isEqualTo(Instant.parse("2026-11-08T07:40:00Z"));
        assertThat(enforcement.details()).isEqualTo(Map.of("action", "ENFORCE_STRONG_AUTHENTICATION=false",
                "application", "admin", "eventName", "ENFORCE_STRONG_AUTHENTICATION", "orgUnit", "Sales",
                "oldValue", "true", "newValue", "false"));
        assertThat(r.skips()).extracting(Outcome.Skip::element, Outcome.Skip::reason).containsExactly(
                tuple(9, ReasonCodes.UNKNOWN_EVENT_TYPE), tuple(10, ReasonCodes.UNKNOWN_EVENT_TYPE));
        assertThat(r.failures()).isEmpty();
    }
}
