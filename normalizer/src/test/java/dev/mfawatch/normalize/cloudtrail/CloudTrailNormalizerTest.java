package dev.mfawatch.normalize.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
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
import dev.mfawatch.normalize.Outcome;
import dev.mfawatch.normalize.ReasonCodes;
import dev.mfawatch.normalize.SignInPart;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudTrailNormalizerTest {

    private static final String SRC = "cloudtrail";
    private static final String ACCOUNT = "444455556666";
    private static final MfaInfo NO_MFA = new MfaInfo(null, false, null, MethodClass.NONE, MfaResult.NOT_ATTEMPTED,
            null, null);
    private static final MfaInfo AT_IDP = new MfaInfo(null, true, null, MethodClass.OTHER, null,
            SatisfiedBy.FEDERATED_IDP, null);

    private static List<SignInEvent> logins() {
        NormalizeResult r = Fixtures.normalize(SRC, "cloudtrail-file.json");
        assertThat(r.signIns()).extracting(Outcome.SignIn::part).containsOnly(SignInPart.COMPLETE);
        return r.signInEvents();
    }

    @Test
    void iamUserWithoutMfaIsMappedInFull() {
        assertThat(logins().get(0)).isEqualTo(new SignInEvent("ct-00", "cloudtrail",
                Instant.parse("2026-11-07T08:00:00Z"),
                new PrincipalRef("arn:aws:iam::444455556666:user/ravi", List.of("aidaexampleravi"), PrincipalType.USER),
                new AppRef(ACCOUNT, "AWS Management Console"),
                new ClientInfo(ClientProtocol.BROWSER, "Mozilla/5.0 (Macintosh) Safari/605.1.15", true),
                SignInResult.SUCCESS, null, null, NO_MFA,
                new NetworkInfo("203.0.113.61", null, null, null, null, null), null, null, null,
                new RawRef("idp.raw.cloudtrail", 2, 42L, "ct-00")));
    }

    @Test
    void mfaUsedIsCaseInsensitiveAndTheDeviceArnGivesTheClass() {
        List<SignInEvent> e = logins();
        assertThat(e.get(1).mfa()).isEqualTo(new MfaInfo(null, true, "TOTP MFA device", MethodClass.OTP,
                MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null));
        assertThat(e.get(1).client().protocol()).isEqualTo(ClientProtocol.MOBILE_DESKTOP);
        assertThat(e.get(2).principal()).isEqualTo(new PrincipalRef("arn:aws:iam::444455556666:root",
                List.of(ACCOUNT), PrincipalType.USER));
        assertThat(e.get(2).mfa()).isEqualTo(new MfaInfo(null, true, "U2F security key",
                MethodClass.PHISHING_RESISTANT, MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null));
    }

    @Test
    void failedLoginWithoutArnGetsTheArnBuiltFromAccountAndUserName() {
        SignInEvent failed = logins().get(3);
        assertThat(failed.principal().id()).isEqualTo("arn:aws:iam::444455556666:user/tom");
        assertThat(failed.result()).isEqualTo(SignInResult.FAILURE);
        assertThat(failed.errorCode()).isEqualTo("Failure");
        assertThat(failed.failureReason()).isEqualTo("Failed authentication");
        assertThat(failed.mfa()).isEqualTo(NO_MFA);
    }

    @Test
    void samlAndIdentityCenterLoginsDidMfaAtTheIdentityProvider() {
        List<SignInEvent> e = logins();
        assertThat(e.get(4).mfa()).isEqualTo(AT_IDP);
        assertThat(e.get(5).mfa()).isEqualTo(AT_IDP);
        assertThat(e).hasSize(6);
    }

    @Test
    void anEmailSessionNameOfASamlOrIdentityCenterRoleIsThePerson() {
        List<SignInEvent> e = logins();
        // SAML: the session name is the IdP's NameID; the role ARN comes from the session issuer.
        assertThat(e.get(4).principal()).isEqualTo(new PrincipalRef("uma@example.org", List.of(
                "arn:aws:sts::444455556666:assumed-role/Admins/uma@example.org",
                "arn:aws:iam::444455556666:role/Admins", "AROAEXAMPLEROLE:uma@example.org"), PrincipalType.USER));
        // Identity Center without a session issuer: the role ARN is built from the assumed-role ARN.
        assertThat(e.get(5).principal()).isEqualTo(new PrincipalRef("vic@example.org", List.of(
                "arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/vic@example.org",
                "arn:aws:iam::444455556666:role/AWSReservedSSO_AdministratorAccess_0123456789abcdef",
                "AROAEXAMPLESSO:vic@example.org"), PrincipalType.USER));
    }

    @Test
    void mfaDeviceCalls() {
        NormalizeResult r = Fixtures.normalize(SRC, "cloudtrail-file.json");
        List<DirectoryChange> c = r.changes();
        Actor admin = new Actor("arn:aws:iam::444455556666:user/cloud-admin", "IAMUser");
        assertThat(c.get(0)).isEqualTo(new DirectoryChange("ct-06", "cloudtrail", Instant.parse("2026-11-07T09:00:00Z"),
                admin, ChangeOperation.FACTOR_REGISTERED, List.of("arn:aws:iam::444455556666:user/ravi"), null, null,
                Map.of("eventName", "EnableMFADevice", "serialNumber", "arn:aws:iam::444455556666:mfa/ravi-token",
                        "mfaAuthenticated", "true", "performedBy", "ADMIN"),
                new RawRef("idp.raw.cloudtrail", 2, 42L, "ct-06")));
        assertThat(c).extracting(DirectoryChange::eventId, DirectoryChange::operation, DirectoryChange::targets)
                .containsExactly(
                        tuple("ct-06", ChangeOperation.FACTOR_REGISTERED, List.of("arn:aws:iam::444455556666:user/ravi")),
                        tuple("ct-07", ChangeOperation.FACTOR_REMOVED, List.of("arn:aws:iam::444455556666:user/sara")),
                        tuple("ct-08", ChangeOperation.FACTOR_REMOVED, List.of("arn:aws:iam::444455556666:user/wes")),
                        tuple("ct-09", ChangeOperation.OTHER, List.of()));
        // Another IAM principal took a user's device away: the reset a rule looks for.
        assertThat(c.get(1).details()).containsEntry("performedBy", "ADMIN").containsEntry("resetScope", "one");
        assertThat(c.get(3).details()).isEqualTo(Map.of("action", "VIRTUAL_MFA_DEVICE_CREATED",
                "eventName", "CreateVirtualMFADevice", "serialNumber", "arn:aws:iam::444455556666:mfa/xena-phone",
                "mfaAuthenticated", "true"));
        assertThat(r.skips()).extracting(Outcome.Skip::reason, s -> s.raw().recordId()).containsExactly(
                tuple(ReasonCodes.OPERATION_FAILED, "ct-10"), tuple(ReasonCodes.UNKNOWN_EVENT_TYPE, "ct-11"));
        assertThat(r.failures()).isEmpty();
    }

    @Test
    void aSingleEventWithoutTheRecordsEnvelopeIsAccepted() {
        String single = "{\"eventID\":\"one\",\"eventName\":\"ConsoleLogin\",\"eventTime\":\"2026-11-07T10:00:00Z\","
                + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::444455556666:user/Ravi\"},"
                + "\"responseElements\":{\"ConsoleLogin\":\"Success\"},\"additionalEventData\":{\"MFAUsed\":\"NO\"}}";
        SignInEvent e = dev.mfawatch.normalize.Normalizers.forSource(SRC)
                .normalize(single.getBytes(StandardCharsets.UTF_8)).signInEvents().get(0);
        assertThat(e.principal().id()).isEqualTo("arn:aws:iam::444455556666:user/ravi");
        assertThat(e.mfa()).isEqualTo(NO_MFA);
        assertThat(e.raw()).isEqualTo(new RawRef(null, null, null, "one"));
    }
}
