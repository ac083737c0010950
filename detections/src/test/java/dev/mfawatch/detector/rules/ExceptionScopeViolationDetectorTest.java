package dev.mfawatch.detector.rules;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.ClientProtocol;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExceptionScopeViolationDetectorTest {

    private final Detector detector = new ExceptionScopeViolationDetector();

    private Optional<Finding> detect(SignInEvent e, ExceptionEntry... entries) {
        return detector.detect(DetectionContext.of(e, List.of(entries), MfaPolicy.DEFAULT));
    }

    @Test
    void firesOutsideTheApprovedNetwork_withEvidence() {
        Finding f = detect(signIn("e1").from("192.0.2.44", "DE").build(),
                entry("EXC-N").networks("198.51.100.0/24", "2001:db8::/32").build()).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.exception().id()).isEqualTo("EXC-N");
        assertThat(f.details()).containsEntry("mismatched", "network")
                .containsEntry("network.allowed", "198.51.100.0/24;2001:db8::/32")
                .containsEntry("network.actual", "192.0.2.44")
                .containsEntry("exceptionExpiresAt", "2026-12-01T00:00:00Z");
        assertThat(f.summary()).contains("under exception EXC-N, outside its approved network scope");
    }

    @Test
    void firesOnAProtocolTheExceptionDoesNotAllow() {
        Finding f = detect(signIn("e1").protocol(ClientProtocol.POP).build(),
                entry("EXC-P").protocols("IMAP").build()).orElseThrow();
        assertThat(f.details()).containsEntry("mismatched", "protocol").containsEntry("protocol.actual", "POP");
    }

    @Test
    void namesTheCandidateWithFewestMismatches() {
        Finding f = detect(signIn("e1").from("192.0.2.44", "DE").protocol(ClientProtocol.BROWSER).build(),
                entry("EXC-1").networks("10.0.0.0/8").protocols("IMAP").build(),
                entry("EXC-2").networks("10.0.0.0/8").build()).orElseThrow();
        assertThat(f.exception().id()).isEqualTo("EXC-2");
    }

    @Test
    void quietInScope_withMfa_orWhenTheEntryIsNotInForce() {
        ExceptionEntry net = entry("EXC-N").networks("203.0.113.0/24").build();
        assertThat(detect(signIn("e1").from("203.0.113.7", "DE").build(), net)).isEmpty();
        assertThat(detect(signIn("e2").from("192.0.2.1", "DE").withMfa(MethodClass.SMS_VOICE, "SMS").build(), net)).isEmpty();
        ExceptionEntry expiredNet = entry("EXC-X").networks("203.0.113.0/24")
                .active("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z").build();
        assertThat(detect(signIn("e3").from("192.0.2.1", "DE").build(), expiredNet)).isEmpty();
    }
}
