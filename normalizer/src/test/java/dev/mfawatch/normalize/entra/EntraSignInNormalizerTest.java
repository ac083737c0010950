package dev.mfawatch.normalize.entra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.signin.AppRef;
import dev.mfawatch.model.signin.ClientProtocol;
import dev.mfawatch.model.signin.DeviceInfo;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.NetworkInfo;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.RawRef;
import dev.mfawatch.model.signin.SatisfiedBy;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import dev.mfawatch.normalize.Fixtures;
import dev.mfawatch.normalize.NormalizeResult;
import dev.mfawatch.normalize.SignInPart;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntraSignInNormalizerTest {

    private static final String SRC = "entra-signin";

    @Test
    void graphListResponseIsSplitAndMfaStepIsMapped() {
        NormalizeResult r = Fixtures.normalize(SRC, "graph-list.json");
        assertThat(r.failures()).isEmpty();
        assertThat(r.signIns()).extracting(s -> s.part()).containsExactly(SignInPart.COMPLETE, SignInPart.COMPLETE,
                SignInPart.COMPLETE);
        SignInEvent e = r.signInEvents().get(0);
        assertThat(e.eventId()).isEqualTo("0a1b2c3d-0001-4000-8000-000000000001");
        assertThat(e.source()).isEqualTo("entra-signin");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-02T08:15:30.1234567Z"));
        assertThat(e.principal().id()).isEqualTo("alice.admin@contoso-example.com");
        assertThat(e.principal().aliases()).containsExactly("aaaaaaaa-1111-4111-8111-111111111111");
        assertThat(e.principal().type()).isEqualTo(PrincipalType.USER);
        assertThat(e.app()).isEqualTo(new AppRef("c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal"));
        assertThat(e.client().protocol()).isEqualTo(ClientProtocol.BROWSER);
        assertThat(e.client().interactive()).isTrue();
        assertThat(e.result()).isEqualTo(SignInResult.SUCCESS);
        assertThat(e.errorCode()).isEqualTo("0");
        assertThat(e.mfa()).isEqualTo(new MfaInfo(true, true, "Mobile app notification", MethodClass.PUSH,
                MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null));
        assertThat(e.network()).isEqualTo(new NetworkInfo("203.0.113.10", "PT", "Lisbon", 38.7223, -9.1393, null));
        assertThat(e.device()).isEqualTo(new DeviceInfo("d0000000-0000-4000-8000-000000000001", true, true));
        assertThat(e.sessionId()).isEqualTo("s0000000-0000-4000-8000-000000000001");
        assertThat(e.correlationId()).isEqualTo("c0000000-0000-4000-8000-000000000001");
        assertThat(e.raw()).isEqualTo(new RawRef("idp.raw.entra-signin", 2, 42L, "0a1b2c3d-0001-4000-8000-000000000001"));
        assertThat(r.signIns()).extracting(s -> s.element()).containsExactly(0, 1, 2);
    }

    @Test
    void claimInTokenCountsAsSatisfiedAndLegacySingleFactorDoesNot() {
        List<SignInEvent> events = Fixtures.normalize(SRC, "graph-list.json").signInEvents();
        SignInEvent claim = events.get(1);
        assertThat(claim.mfa()).isEqualTo(new MfaInfo(true, true, null, MethodClass.OTHER, MfaResult.SUCCESS,
                SatisfiedBy.CLAIM_IN_TOKEN, null));
        assertThat(claim.client().protocol()).isEqualTo(ClientProtocol.MOBILE_DESKTOP);
        assertThat(claim.client().interactive()).isFalse();
        assertThat(claim.network()).isEqualTo(new NetworkInfo("198.51.100.20", "NO", "Oslo", null, null, null));

        SignInEvent imap = events.get(2);
        assertThat(imap.result()).isEqualTo(SignInResult.SUCCESS);
        assertThat(imap.client().protocol()).isEqualTo(ClientProtocol.IMAP);
        assertThat(imap.mfa()).isEqualTo(new MfaInfo(false, false, null, MethodClass.NONE, null, null, null));
    }

    @Test
    void azureMonitorEnvelopeMapsInterruptsOathFailuresAndWorkloads() {
        NormalizeResult r = Fixtures.normalize(SRC, "azure-monitor-records.json");
        assertThat(r.failures()).isEmpty();
        List<SignInEvent> e = r.signInEvents();
        assertThat(e).extracting(SignInEvent::eventId).containsExactly(
                "0a1b2c3d-0004-4000-8000-000000000004", "0a1b2c3d-0005-4000-8000-000000000005",
                "0a1b2c3d-0006-4000-8000-000000000006", "0a1b2c3d-0007-4000-8000-000000000007",
                "0a1b2c3d-0008-4000-8000-000000000008", "0a1b2c3d-0009-4000-8000-000000000009",
                "0a1b2c3d-0010-4000-8000-000000000010", "0a1b2c3d-0011-4000-8000-000000000011",
                "0a1b2c3d-0012-4000-8000-000000000012", "0a1b2c3d-0013-4000-8000-000000000013");

        // 50074: the MFA prompt itself, not a failure of the user.
        assertThat(e.get(0).result()).isEqualTo(SignInResult.INTERRUPTED);
        assertThat(e.get(0).errorCode()).isEqualTo("50074");
        assertThat(e.get(0).client().interactive()).isFalse();
        assertThat(e.get(0).mfa()).isEqualTo(new MfaInfo(true, false, null, MethodClass.NONE,
                MfaResult.NOT_ATTEMPTED, null, null));
        assertThat(e.get(0).network()).isEqualTo(new NetworkInfo("203.0.113.40", "FR", "Paris", 48.8566, 2.3522, null));

        // 500121 with an incorrect hardware OATH code; createdDateTime carried a +01:00 offset.
        assertThat(e.get(1).time()).isEqualTo(Instant.parse("2026-11-03T10:05:00Z"));
        assertThat(e.get(1).result()).isEqualTo(SignInResult.FAILURE);
        assertThat(e.get(1).failureReason()).isEqualTo("Authentication failed during strong authentication request.");
        assertThat(e.get(1).mfa()).isEqualTo(new MfaInfo(true, false, "OATH verification code", MethodClass.OTP,
                MfaResult.CODE_INCORRECT, null, "HARDWARE_OATH"));
        assertThat(e.get(2).mfa()).isEqualTo(new MfaInfo(null, false, "OATH verification code", MethodClass.OTP,
                MfaResult.CLOCK_DRIFT, null, "SOFTWARE_OATH"));
        assertThat(e.get(3).mfa()).isEqualTo(new MfaInfo(null, false, "OATH verification code", MethodClass.OTP,
                MfaResult.DESYNC, null, "HARDWARE_OATH"));

        // Service principal and managed identity: object id as principal, app id and name as aliases.
        assertThat(e.get(4).principal().id()).isEqualTo("f0f0f0f0-8888-4888-8888-888888888888");
        assertThat(e.get(4).principal().aliases()).containsExactly("a0a0a0a0-8888-4888-8888-888888888888",
                "backup-runner");
        assertThat(e.get(4).principal().type()).isEqualTo(PrincipalType.SERVICE);
        assertThat(e.get(4).client().protocol()).isEqualTo(ClientProtocol.API);
        assertThat(e.get(5).principal().type()).isEqualTo(PrincipalType.WORKLOAD);
        assertThat(e.get(5).principal().id()).isEqualTo("e1e1e1e1-9999-4999-8999-999999999999");

        assertThat(e.get(6).client().protocol()).isEqualTo(ClientProtocol.ROPC);
        assertThat(e.get(6).client().userAgent()).isEqualTo("BAV2ROPC");
        assertThat(e.get(6).mfa().satisfied()).isFalse();

        // FIDO2 as the primary method satisfies MFA on its own.
        assertThat(e.get(7).mfa()).isEqualTo(new MfaInfo(true, true, "FIDO2 security key",
                MethodClass.PHISHING_RESISTANT, MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null));

        assertThat(e.get(8).result()).isEqualTo(SignInResult.INTERRUPTED);
        assertThat(e.get(8).client().protocol()).isEqualTo(ClientProtocol.EAS);

        assertThat(e.get(9).mfa()).isEqualTo(new MfaInfo(null, false, "Mobile app notification", MethodClass.PUSH,
                MfaResult.DENIED, null, null));
    }
}
