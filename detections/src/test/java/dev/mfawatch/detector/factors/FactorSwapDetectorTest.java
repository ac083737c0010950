package dev.mfawatch.detector.factors;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.RuleDefaults;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.MfaPolicy;
import dev.mfawatch.detector.rules.StatefulDetector.Step;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.SignInEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactorSwapDetectorTest {

    static final String ALICE = "alice@example.com";
    private final FactorSwapDetector detector = new FactorSwapDetector(RuleDefaults.DEFAULTS);
    private FactorHistory state;
    private final List<Finding> findings = new ArrayList<>();

    static DirectoryChange change(String id, String at, ChangeOperation op, String factor, String ticket) {
        return new DirectoryChange(id, "okta", Instant.parse(at), new Actor("helpdesk-7@example.com", "USER"), op,
                List.of(ALICE), null, ticket, factor == null ? Map.of() : Map.of("factor", factor), null);
    }

    private void feed(DirectoryChange c) {
        Step<FactorHistory> s = detector.onChange(ALICE, c, state);
        state = s.state();
        s.finding().ifPresent(findings::add);
    }

    private void feed(SignInEvent e) {
        Step<FactorHistory> s = detector.step(DetectionContext.of(e, List.of(), MfaPolicy.DEFAULT), state);
        state = s.state();
        s.finding().ifPresent(findings::add);
    }

    @Test
    void aTicketlessFactorChangeFires_aTicketedOneDoesNot() {
        feed(change("c1", "2026-11-23T09:00:00Z", ChangeOperation.FACTOR_REGISTERED, "token:software:totp", "INC-4711"));
        assertThat(findings).isEmpty();
        feed(change("c2", "2026-11-23T09:05:00Z", ChangeOperation.FACTOR_RESET, null, null));
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(findings.get(0).details()).containsEntry("operation", "FACTOR_RESET").containsEntry("ticket", "none")
                .containsEntry("actor", "helpdesk-7@example.com");
        feed(change("c3", "2026-11-23T09:06:00Z", ChangeOperation.EXCLUSION_ADDED, null, null));
        assertThat(findings).hasSize(1);
    }

    @Test
    void fromFido2ToSmsAfterATicketlessChangeIsHigh_onTheChangeAndOnTheSignIn() {
        feed(signIn("s1").at("2026-11-20T08:00:00Z").withMfa(MethodClass.PHISHING_RESISTANT, "FIDO2 security key").build());
        feed(change("c1", "2026-11-23T09:00:00Z", ChangeOperation.FACTOR_REGISTERED, "SMS_FACTOR", null));
        feed(signIn("s2").at("2026-11-23T09:20:00Z").withMfa(MethodClass.SMS_VOICE, "sms").build());
        assertThat(findings).extracting(Finding::severity).containsExactly(Severity.HIGH, Severity.HIGH);
        assertThat(findings.get(1).details()).containsEntry("trigger", "NEW_METHOD_AFTER_CHANGE")
                .containsEntry("changeOperation", "FACTOR_REGISTERED").containsEntry("changeTime", "2026-11-23T09:00:00Z")
                .containsEntry("downgrade", "true");
        assertThat(findings.get(1).summary()).contains("20 min after");
    }

    @Test
    void aKnownMethodAfterAChange_orANewOneOutsideTheWindow_staysQuiet() {
        feed(signIn("s1").at("2026-11-20T08:00:00Z").withMfa(MethodClass.PUSH, "Microsoft Authenticator").build());
        feed(change("c1", "2026-11-23T09:00:00Z", ChangeOperation.FACTOR_REMOVED, "sms", null));
        feed(signIn("s2").at("2026-11-23T09:30:00Z").withMfa(MethodClass.PUSH, "Microsoft Authenticator").build());
        feed(signIn("s3").at("2026-11-24T09:00:01Z").withMfa(MethodClass.OTP, "softwareOath").build());
        assertThat(findings).extracting(f -> f.details().get("trigger")).containsExactly("CHANGE");
        assertThat(detector.expire(state, Instant.parse("2026-12-30T00:00:00Z"))).isNull();
        byte[] b = FactorHistory.CODEC.encode(state);
        assertThat(FactorHistory.CODEC.decode(b)).isEqualTo(state);
        assertThat(b).hasSize(3 + 2 * 9 + 6);
    }
}
