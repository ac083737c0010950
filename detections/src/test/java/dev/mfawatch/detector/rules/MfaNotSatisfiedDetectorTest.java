package dev.mfawatch.detector.rules;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SatisfiedBy;
import dev.mfawatch.model.signin.SignInResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MfaNotSatisfiedDetectorTest {

    private final Detector detector = new MfaNotSatisfiedDetector();

    private Optional<Finding> detect(dev.mfawatch.model.signin.SignInEvent e, List<dev.mfawatch.model.register.ExceptionEntry> entries,
                                     MfaPolicy policy) {
        return detector.detect(DetectionContext.of(e, entries, policy));
    }

    @Test
    void firesOnAnUncoveredMfaLessSuccess() {
        Finding f = detect(signIn("e1").build(), List.of(), MfaPolicy.DEFAULT).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.exception()).isNull();
        assertThat(f.summary()).startsWith("alice@example.com signed in to Office 365 Exchange Online over BROWSER from 203.0.113.7 (DE) without MFA");
        assertThat(f.details()).containsEntry("principalType", "USER").containsEntry("interactive", "true")
                .doesNotContainKey("exceptionsNotInForce");
    }

    @Test
    void namesCandidatesThatAreNotYetActiveOrNeverApproved() {
        Finding f = detect(signIn("e1").at("2026-11-23T09:00:00Z").build(), List.of(
                entry("EXC-A").active("2026-12-01T00:00:00Z", "2026-12-20T00:00:00Z").build(),
                entry("EXC-B").status(ExceptionStatus.REQUESTED).build()), MfaPolicy.DEFAULT).orElseThrow();
        assertThat(f.details()).containsEntry("exceptionsNotInForce", "EXC-A NOT_YET_ACTIVE, EXC-B NOT_APPROVED");
        assertThat(f.summary()).contains("was not in force");
    }

    @Test
    void quietWhenMfaWasSatisfiedInAnyWay() {
        assertThat(detect(signIn("e1").withMfa(MethodClass.OTP, "TOTP").build(), List.of(), MfaPolicy.DEFAULT)).isEmpty();
        MfaInfo claim = new MfaInfo(true, true, null, MethodClass.OTHER, null, SatisfiedBy.CLAIM_IN_TOKEN, null);
        assertThat(detect(signIn("e2").mfa(claim).build(), List.of(), MfaPolicy.DEFAULT)).isEmpty();
        MfaInfo federated = new MfaInfo(null, true, null, MethodClass.OTHER, null, SatisfiedBy.FEDERATED_IDP, null);
        assertThat(detect(signIn("e3").mfa(federated).build(), List.of(), MfaPolicy.DEFAULT)).isEmpty();
    }

    @Test
    void quietOnFailuresAndInterrupts() {
        assertThat(detect(signIn("e1").result(SignInResult.FAILURE).build(), List.of(), MfaPolicy.DEFAULT)).isEmpty();
        assertThat(detect(signIn("e2").result(SignInResult.INTERRUPTED).build(), List.of(), MfaPolicy.DEFAULT)).isEmpty();
    }

    @Test
    void quietWhenCoveredOrWhenAnotherRuleOwnsTheEvent() {
        assertThat(detect(signIn("e1").build(), List.of(entry("EXC-A").build()), MfaPolicy.DEFAULT)).isEmpty();
        assertThat(detect(signIn("e2").build(), List.of(entry("EXC-A").countries("FR").build()), MfaPolicy.DEFAULT)).isEmpty();
        assertThat(detect(signIn("e3").build(), List.of(entry("EXC-A").active("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z").build()),
                MfaPolicy.DEFAULT)).isEmpty();
    }

    @Test
    void serviceAndNonInteractiveOnlyWhenThePolicySaysSo() {
        var svc = signIn("e1").type(PrincipalType.SERVICE).build();
        var daemon = signIn("e2").nonInteractive().build();
        assertThat(detect(svc, List.of(), MfaPolicy.DEFAULT)).isEmpty();
        assertThat(detect(daemon, List.of(), MfaPolicy.DEFAULT)).isEmpty();
        assertThat(detect(svc, List.of(), new MfaPolicy(true, false))).isPresent();
        assertThat(detect(daemon, List.of(), new MfaPolicy(false, true))).isPresent();
        // A non-interactive service sign-in needs both switches.
        var both = signIn("e3").type(PrincipalType.WORKLOAD).nonInteractive().build();
        assertThat(detect(both, List.of(), new MfaPolicy(true, false))).isEmpty();
        assertThat(detect(both, List.of(), new MfaPolicy(true, true))).isPresent();
    }

    @Test
    void entriesNotNamingThePrincipalAreIgnored() {
        assertThat(detect(signIn("e1").build(), List.of(entry("EXC-B").principals("bob@example.com").build()), MfaPolicy.DEFAULT))
                .isPresent();
    }
}
