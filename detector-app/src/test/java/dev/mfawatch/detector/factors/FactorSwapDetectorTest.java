package dev.mfawatch.detector.factors;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.MfaPolicy;
import dev.mfawatch.detector.rules.StatefulDetector.Step;
import dev.mfawatch.detector.suppress.SuppressionProcessor;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.SignInEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactorSwapDetectorTest {

    private static final String ALICE = "alice@example.com";
    private final FactorSwapDetector detector = new FactorSwapDetector(DetectorConfig.from(Map.of()).detection());
    private FactorHistory state;
    private final List<Finding> findings = new ArrayList<>();

    @TempDir
    Path stateDir;

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

    @Test
    void throughTheTopology_theChangeAndTheSignInBecomeOneAlertRaisedToHigh() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            p.pipe(signIn("s1").at("2026-11-20T08:00:00Z").withMfa(MethodClass.PHISHING_RESISTANT, "FIDO2 security key").build());
            p.pipe(change("c1", "2026-11-23T09:00:00Z", ChangeOperation.FACTOR_RESET, null, null));
            p.pipe(signIn("s2").at("2026-11-23T09:20:00Z").withMfa(MethodClass.SMS_VOICE, "sms").build());
            p.changes.pipeInput(ALICE, "not json".getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-23T09:30:00Z"));
            // Stream time passes 10:15 (10:00 plus the grace): the window opened by the change closes.
            p.pipe(signIn("s3").principal("bob@example.com").at("2026-11-23T10:16:00Z").withMfa(MethodClass.PUSH, "push").build());

            List<Alert> out = p.alerts.readValuesToList();
            String id = SuppressionProcessor.alertId("FACTOR_SWAP", ALICE, Instant.parse("2026-11-23T09:00:00Z"));
            // The reset is also an MFA-weakening change that no register entry approves.
            String unapproved = dev.mfawatch.detector.alerting.AlertFactory.alertId("UNAPPROVED_EXCLUSION_CHANGE", ALICE, "c1");
            assertThat(out).extracting(Alert::alertId, Alert::severity, Alert::count).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(id, Severity.MEDIUM, 1),
                    org.assertj.core.groups.Tuple.tuple(unapproved, Severity.HIGH, 1),
                    org.assertj.core.groups.Tuple.tuple(id, Severity.HIGH, 2));
            assertThat(out.get(2).evidence()).containsExactly("c1", "s2");
            assertThat(p.alerts.isEmpty()).isTrue();
            assertThat(p.count("mfawatch.dead.letters", "source", "directory.changes", "reason", "invalid_json")).isEqualTo(1.0);
        }
    }
}
