package dev.mfawatch.detector.rules;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpiredExceptionUsedDetectorTest {

    private final Detector detector = new ExpiredExceptionUsedDetector();

    private Optional<Finding> detect(SignInEvent e, ExceptionEntry... entries) {
        return detector.detect(DetectionContext.of(e, List.of(entries), MfaPolicy.DEFAULT));
    }

    @Test
    void firesAtTheExpiryInstantOnward() {
        ExceptionEntry expired = entry("EXC-A").active("2026-11-01T00:00:00Z", "2026-11-20T00:00:00Z").build();
        assertThat(detect(signIn("e0").at("2026-11-19T23:59:59Z").build(), expired)).isEmpty();
        Finding f = detect(signIn("e1").at("2026-11-20T00:00:00Z").build(), expired).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.exception().id()).isEqualTo("EXC-A");
        assertThat(f.details()).containsEntry("lifecycle", "EXPIRED").containsEntry("endedAt", "2026-11-20T00:00:00Z")
                .containsEntry("endedBefore", "PT0S").containsEntry("exceptionOwner", "carol@example.com");
        assertThat(f.summary()).contains("EXC-A, which expired at 2026-11-20T00:00:00Z");
    }

    @Test
    void firesAfterARevocation_namingIt() {
        Finding f = detect(signIn("e1").at("2026-11-23T09:00:00Z").build(),
                entry("EXC-R").revokedAt("2026-11-22T09:00:00Z").build()).orElseThrow();
        assertThat(f.details()).containsEntry("lifecycle", "REVOKED").containsEntry("endedBefore", "PT24H");
        assertThat(f.summary()).contains("was revoked");
    }

    @Test
    void statusExpiredSetByHandBeforeTheDateEndsTheExceptionAtOnce() {
        Finding f = detect(signIn("e1").at("2026-11-23T09:00:00Z").build(),
                entry("EXC-H").status(ExceptionStatus.EXPIRED).build()).orElseThrow();
        assertThat(f.exception().id()).isEqualTo("EXC-H");
        assertThat(f.details()).containsEntry("lifecycle", "EXPIRED");
    }

    @Test
    void quietWhileAnyCandidateIsInForce() {
        ExceptionEntry expired = entry("EXC-A").active("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z").build();
        ExceptionEntry renewedInScope = entry("EXC-B").build();
        ExceptionEntry renewedOutOfScope = entry("EXC-C").countries("FR").build();
        assertThat(detect(signIn("e1").build(), expired, renewedInScope)).isEmpty();
        // In force but out of scope: that is a scope violation, not this rule.
        assertThat(detect(signIn("e2").build(), expired, renewedOutOfScope)).isEmpty();
    }

    @Test
    void quietWithMfaOrWithoutAnyEndedEntry() {
        ExceptionEntry expired = entry("EXC-A").active("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z").build();
        assertThat(detect(signIn("e1").withMfa(MethodClass.PUSH, "Okta Verify").build(), expired)).isEmpty();
        assertThat(detect(signIn("e2").build())).isEmpty();
    }
}
