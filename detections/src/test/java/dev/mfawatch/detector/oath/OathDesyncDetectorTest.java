package dev.mfawatch.detector.oath;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.RuleDefaults;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.MfaPolicy;
import dev.mfawatch.detector.rules.StatefulDetector.Step;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OathDesyncDetectorTest {

    private final OathDesyncDetector detector = new OathDesyncDetector(RuleDefaults.DEFAULTS);
    private OathSignals state;
    private final List<Finding> findings = new ArrayList<>();

    private static SignInEvent oath(String id, String at, MfaResult r, String ip, String session) {
        return signIn(id).at(at).result(SignInResult.FAILURE).ip(ip).session(session)
                .mfa(new MfaInfo(true, false, "hardwareOath", MethodClass.OTP, r, null, "TOTP")).build();
    }

    private void feed(SignInEvent e) {
        Step<OathSignals> s = detector.step(DetectionContext.of(e, List.of(), MfaPolicy.DEFAULT), state);
        state = s.state();
        s.finding().ifPresent(findings::add);
    }

    @Test
    void threeSignalsInAnHourFromOneSessionAreMediumWithCountsAndTokenType() {
        feed(oath("o1", "2026-11-23T09:00:00Z", MfaResult.CODE_INCORRECT, "203.0.113.7", "s1"));
        feed(oath("o2", "2026-11-23T09:10:00Z", MfaResult.CLOCK_DRIFT, "203.0.113.7", "s1"));
        assertThat(findings).isEmpty();
        feed(oath("o3", "2026-11-23T09:59:00Z", MfaResult.DESYNC, "203.0.113.7", "s1"));
        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.details()).containsEntry("pattern", "DESYNC").containsEntry("signals", "3")
                .containsEntry("codeIncorrect", "1").containsEntry("clockDrift", "1").containsEntry("desync", "1")
                .containsEntry("tokenType", "TOTP").containsEntry("distinctIps", "1").containsEntry("firstSignal", "2026-11-23T09:00:00Z");
    }

    @Test
    void signalsMoreThanAnHourApartStayQuiet_andSmsCodesAndSuccessesAreNotOath() {
        feed(oath("o1", "2026-11-23T09:00:00Z", MfaResult.CODE_INCORRECT, "203.0.113.7", "s1"));
        feed(oath("o2", "2026-11-23T09:30:00Z", MfaResult.CODE_INCORRECT, "203.0.113.7", "s1"));
        feed(signIn("sms").at("2026-11-23T09:40:00Z").result(SignInResult.FAILURE)
                .mfa(new MfaInfo(true, false, "sms", MethodClass.SMS_VOICE, MfaResult.CODE_INCORRECT, null, null)).build());
        feed(signIn("ok").at("2026-11-23T09:45:00Z").withMfa(MethodClass.OTP, "softwareOath").build());
        feed(oath("o3", "2026-11-23T10:00:00Z", MfaResult.CODE_INCORRECT, "203.0.113.7", "s1"));
        assertThat(findings).isEmpty();
        assertThat(state.signals()).hasSize(2); // 09:00 left the window at 10:00
        assertThat(detector.expire(state, Instant.parse("2026-11-23T11:00:00Z"))).isNull();
    }

    @Test
    void tenFailuresFromFourAddressesAreABruteForce_high() {
        for (int i = 0; i < 10; i++) {
            feed(oath("b" + i, Instant.parse("2026-11-23T09:00:00Z").plusSeconds(60L * i).toString(), MfaResult.CODE_INCORRECT,
                    "198.51.100." + (i % 4), "s" + i));
        }
        // Signals 3..9 fire MEDIUM (3 to 9 in the window), the tenth is the brute force.
        assertThat(findings).extracting(Finding::severity).containsExactly(Severity.MEDIUM, Severity.MEDIUM, Severity.MEDIUM,
                Severity.MEDIUM, Severity.MEDIUM, Severity.MEDIUM, Severity.MEDIUM, Severity.HIGH);
        assertThat(findings.get(7).details()).containsEntry("pattern", "BRUTE_FORCE").containsEntry("signals", "10")
                .containsEntry("distinctIps", "4").containsEntry("distinctSessions", "10");
        byte[] b = OathSignals.CODEC.encode(state);
        assertThat(b).hasSize(2 + 10 * 13);
        assertThat(OathSignals.CODEC.decode(b)).isEqualTo(state);
    }

    @Test
    void aReplayedSignalIsNotCountedTwice() {
        SignInEvent e = oath("o1", "2026-11-23T09:00:00Z", MfaResult.CODE_INCORRECT, "203.0.113.7", "s1");
        feed(e);
        feed(e);
        feed(e);
        assertThat(findings).isEmpty();
        assertThat(state.signals()).hasSize(1);
    }
}
