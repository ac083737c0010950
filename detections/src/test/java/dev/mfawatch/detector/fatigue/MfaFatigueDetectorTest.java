package dev.mfawatch.detector.fatigue;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.WakeAt;
import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.MfaPolicy;
import dev.mfawatch.detector.rules.StatefulDetector.Step;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.AppRef;
import dev.mfawatch.model.signin.ClientInfo;
import dev.mfawatch.model.signin.ClientProtocol;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.NetworkInfo;
import dev.mfawatch.model.signin.PrincipalRef;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SatisfiedBy;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * MFA_FATIGUE over canonical sign-ins shaped as the normalizers emit them (see the conformance cases
 * {@code entra-signin} push-declined / push-no-response / push-fraud, {@code okta} push-sent,
 * oie-push-denied, number-challenge-failed, suspicious-activity-reported, fatigue/push-burst-then-approved).
 */
class MfaFatigueDetectorTest {

    private static final String USER = "paula@contoso.example";
    private final MfaFatigueDetector detector = new MfaFatigueDetector(5, Duration.ofMinutes(10));

    // ---- canonical shapes ---------------------------------------------------------------------

    /** Entra sign-in, error 500121, the push step failed with {@code result}: DENIED, TIMEOUT or FRAUD_REPORTED. */
    static SignInEvent entraPush(String id, String time, String user, MfaResult result) {
        return event(id, "entra", time, user, SignInResult.FAILURE, "500121",
                new MfaInfo(true, false, "Mobile app notification", MethodClass.PUSH, result, null, null));
    }

    /** Entra 50074 / 50076: "MFA required", an interrupt before any prompt was answered. */
    static SignInEvent entraInterrupt(String id, String time, String user) {
        return event(id, "entra", time, user, SignInResult.INTERRUPTED, "50074",
                new MfaInfo(true, false, "Mobile app notification", MethodClass.PUSH, MfaResult.NOT_ATTEMPTED, null, null));
    }

    /** Okta {@code system.push.send_factor_verify_push}: a prompt sent, its answer logged apart. */
    static SignInEvent oktaPushSent(String id, String time, String user) {
        return event(id, "okta", time, user, SignInResult.INTERRUPTED, null,
                new MfaInfo(true, false, "OKTA_VERIFY_PUSH", MethodClass.PUSH, MfaResult.PROMPT_SENT, null, null));
    }

    /** Okta deny_push, a failed auth_via_mfa with OKTA_VERIFY_PUSH or a failed number challenge: DENIED. */
    static SignInEvent oktaDenied(String id, String time, String user) {
        return event(id, "okta", time, user, SignInResult.FAILURE, null,
                new MfaInfo(true, false, "OKTA_VERIFY_PUSH", MethodClass.PUSH, MfaResult.DENIED, null, null));
    }

    /** Okta: the user reported the push as suspicious. */
    static SignInEvent oktaFraud(String id, String time, String user) {
        return event(id, "okta", time, user, SignInResult.FAILURE, "REPORTED_SUSPICIOUS",
                new MfaInfo(true, false, "OKTA_VERIFY_PUSH", MethodClass.PUSH, MfaResult.FRAUD_REPORTED, null, null));
    }

    static SignInEvent pushApproved(String id, String source, String time, String user) {
        return event(id, source, time, user, SignInResult.SUCCESS, "0",
                new MfaInfo(true, true, "OKTA_VERIFY_PUSH", MethodClass.PUSH, MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null));
    }

    static SignInEvent event(String id, String source, String time, String user, SignInResult result, String error, MfaInfo mfa) {
        return new SignInEvent(id, source, Instant.parse(time), new PrincipalRef(user, List.of(), PrincipalType.USER),
                new AppRef("app", "Portal"), new ClientInfo(ClientProtocol.BROWSER, "Mozilla/5.0", true), result, error, null, mfa,
                new NetworkInfo("198.51.100.31", "PT", "Porto", null, null, null), null, "sess-1", "corr-" + id, null);
    }

    // ---- driving the rule -----------------------------------------------------------------------

    private PushPrompts state;
    private final List<Finding> findings = new ArrayList<>();

    private Optional<Finding> feed(SignInEvent e, InventoryFacts facts, ExceptionEntry... entries) {
        Step<PushPrompts> step = detector.step(DetectionContext.of(e, List.of(entries), facts, MfaPolicy.DEFAULT), state);
        state = step.state();
        step.finding().ifPresent(findings::add);
        if (state != null) {
            assertThat(detector.codec().decode(detector.codec().encode(state))).isEqualTo(state);
        }
        return step.finding();
    }

    private Optional<Finding> feed(SignInEvent e) {
        return feed(e, null);
    }

    private static String at(int minute, int second) {
        return "2026-11-23T14:%02d:%02dZ".formatted(minute, second);
    }

    @Test
    void entra_fiveDenialsOrTimeoutsInTenMinutes_isMedium_theFourthIsNot() {
        feed(entraPush("e1", at(0, 0), USER, MfaResult.DENIED));
        feed(entraPush("e2", at(1, 0), USER, MfaResult.TIMEOUT));
        feed(entraPush("e3", at(2, 0), USER, MfaResult.DENIED));
        assertThat(feed(entraPush("e4", at(3, 0), USER, MfaResult.TIMEOUT))).isEmpty();
        Finding f = feed(entraPush("e5", at(9, 59), USER, MfaResult.DENIED)).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.details()).containsEntry("trigger", "BURST").containsEntry("prompts", "5")
                .containsEntry("denied", "3").containsEntry("timedOut", "2").containsEntry("fraudReported", "0");
        assertThat(f.summary()).contains(USER).contains("5 denied");
        assertThat(detector.codec().encode(state)).as("state bytes at the threshold").hasSize(51);
    }

    @Test
    void entra_fivePromptsSpreadOverMoreThanTheWindow_doNotFire() {
        for (int i = 0; i < 5; i++) {
            assertThat(feed(entraPush("e" + i, at(i * 3, 0), USER, MfaResult.DENIED))).isEmpty();
        }
        assertThat(state.prompts()).hasSize(4); // the first left the window
    }

    @Test
    void entra_mfaRequiredInterrupts_otherMethodsAndVoiceFraud_areNotPushDenials() {
        for (int i = 0; i < 6; i++) {
            assertThat(feed(entraInterrupt("i" + i, at(i, 0), USER))).isEmpty();
        }
        for (int i = 0; i < 6; i++) {
            feed(event("o" + i, "entra", at(i, 30), USER, SignInResult.FAILURE, "500121",
                    new MfaInfo(true, false, "OATH verification code", MethodClass.OTP, MfaResult.CODE_INCORRECT, null, "HARDWARE_OATH")));
            feed(event("v" + i, "entra", at(i, 40), USER, SignInResult.FAILURE, "500121",
                    new MfaInfo(true, false, "Voice", MethodClass.SMS_VOICE, MfaResult.FRAUD_REPORTED, null, null)));
        }
        assertThat(findings).isEmpty();
        assertThat(state).isNull();
    }

    @Test
    void entra_fraudReportedInTheBurst_isHigh() {
        for (int i = 0; i < 4; i++) {
            feed(entraPush("e" + i, at(i, 0), USER, MfaResult.DENIED));
        }
        Finding f = feed(entraPush("e5", at(5, 0), USER, MfaResult.FRAUD_REPORTED)).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.details()).containsEntry("fraudReported", "1");
    }

    @Test
    void okta_aPromptAndItsDenialCountOnce_fivePromptsFire() {
        // The conformance burst: prompt, denial, prompt, denial, ... four prompts, three denials, one approval.
        for (int i = 0; i < 4; i++) {
            assertThat(feed(oktaPushSent("s" + i, at(i * 2, 0), USER))).isEmpty();
            assertThat(feed(oktaDenied("d" + i, at(i * 2, 20), USER))).isEmpty();
        }
        assertThat(state.prompts()).hasSize(4).allMatch(p -> p.kind() == PushPrompts.DENIED);
        Finding f = feed(oktaPushSent("s5", at(8, 0), USER)).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.details()).containsEntry("prompts", "5").containsEntry("denied", "4").containsEntry("unanswered", "1");
        // Its denial replaces the pending prompt: still five, fires again (suppression folds it).
        Finding again = feed(oktaDenied("d5", at(8, 20), USER)).orElseThrow();
        assertThat(again.details()).containsEntry("prompts", "5").containsEntry("denied", "5").containsEntry("unanswered", "0");
    }

    @Test
    void okta_theConformanceBurstThenApproval_staysBelowTheThreshold() {
        feed(oktaPushSent("s1", "2026-11-23T14:10:00Z", USER));
        feed(oktaDenied("d1", "2026-11-23T14:10:20Z", USER));
        feed(oktaPushSent("s2", "2026-11-23T14:12:00Z", USER));
        feed(oktaDenied("d2", "2026-11-23T14:12:20Z", USER));
        feed(oktaPushSent("s3", "2026-11-23T14:14:00Z", USER));
        feed(oktaDenied("d3", "2026-11-23T14:14:20Z", USER));
        feed(oktaPushSent("s4", "2026-11-23T14:16:00Z", USER));
        feed(pushApproved("ok", "okta", "2026-11-23T14:16:26Z", USER));
        assertThat(findings).isEmpty();
        assertThat(state.prompts()).hasSize(3); // the approved prompt left with its answer
    }

    @Test
    void okta_fraudReportIsHigh_andTheUserGivingInAfterTheBurstIsHighOnce() {
        for (int i = 0; i < 4; i++) {
            feed(oktaDenied("d" + i, at(i, 0), USER));
        }
        assertThat(feed(oktaFraud("f", at(4, 0), USER)).orElseThrow().severity()).isEqualTo(Severity.HIGH);
        Finding gaveIn = feed(pushApproved("ok", "okta", at(13, 0), USER)).orElseThrow();
        assertThat(gaveIn.severity()).isEqualTo(Severity.HIGH);
        assertThat(gaveIn.details()).containsEntry("trigger", "GAVE_IN").containsEntry("burstAt", at(4, 0));
        assertThat(feed(pushApproved("ok2", "okta", at(13, 30), USER))).as("once per burst").isEmpty();
    }

    @Test
    void aSessionStillHoldingMfaAfterTheBurst_isNotGivingIn() {
        for (int i = 0; i < 5; i++) {
            feed(oktaDenied("d" + i, at(i, 0), USER));
        }
        assertThat(feed(event("tok", "entra", at(6, 0), USER, SignInResult.SUCCESS, "0",
                new MfaInfo(true, true, "Previously satisfied", MethodClass.PUSH, MfaResult.SUCCESS, SatisfiedBy.CLAIM_IN_TOKEN, null))))
                .isEmpty();
        assertThat(state.burstAt()).as("still watching").isNotZero();
    }

    @Test
    void aSuccessLaterThanTheWindowAfterTheBurst_isNotGivingIn() {
        for (int i = 0; i < 5; i++) {
            feed(entraPush("e" + i, at(i, 0), USER, MfaResult.DENIED));
        }
        assertThat(findings).hasSize(1);
        state = detector.expire(state, Instant.parse(at(14, 1)));
        assertThat(state).isNull();
        assertThat(feed(pushApproved("ok", "entra", at(14, 1), USER))).isEmpty();
    }

    @Test
    void privilegedOrBreakGlass_isCritical_forTheBurstAndForGivingIn() {
        InventoryFacts admin = new InventoryFacts(true, false, List.of());
        for (int i = 0; i < 4; i++) {
            feed(oktaDenied("d" + i, at(i, 0), USER), admin);
        }
        assertThat(feed(oktaDenied("d5", at(4, 0), USER), admin).orElseThrow().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(feed(pushApproved("ok", "okta", at(5, 0), USER), admin).orElseThrow().severity()).isEqualTo(Severity.CRITICAL);

        state = null;
        ExceptionEntry bg = entry("EXC-2026-0100").category(ExceptionCategory.BREAK_GLASS).principals(USER).build();
        for (int i = 0; i < 4; i++) {
            feed(entraPush("e" + i, at(i, 0), USER, MfaResult.TIMEOUT), null, bg);
        }
        assertThat(feed(entraPush("e5", at(4, 0), USER, MfaResult.TIMEOUT), null, bg).orElseThrow().severity())
                .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void stateStaysBounded_andReplaysAreIgnored() {
        for (int i = 0; i < 40; i++) {
            feed(entraPush("e" + i, at(i / 6, (i % 6) * 10), USER, MfaResult.DENIED));
        }
        assertThat(state.prompts()).hasSize(5 + MfaFatigueDetector.SLACK);
        assertThat(detector.codec().encode(state)).as("state bytes at the bound").hasSize(78);
        PushPrompts before = state;
        feed(entraPush("e39", at(6, 30), USER, MfaResult.DENIED));
        assertThat(state).isSameAs(before);
    }

    @Test
    void distinctPromptsInTheSameSecondEachCount_onlyTheSameEventAgainIsAReplay() {
        for (int i = 0; i < 4; i++) {
            assertThat(feed(entraPush("same-second-" + i, at(0, 0), USER, MfaResult.DENIED))).isEmpty();
        }
        assertThat(feed(entraPush("same-second-3", at(0, 0), USER, MfaResult.DENIED))).as("replay").isEmpty();
        assertThat(feed(entraPush("same-second-4", at(0, 0), USER, MfaResult.DENIED))).isPresent();
    }

    @Test
    void wakeAt_isTheOldestPromptLeavingTheWindow_orTheFollowUpWindowClosing() {
        PushPrompts prompts = new PushPrompts(List.of(new PushPrompts.Prompt(Instant.parse(at(0, 0)).getEpochSecond(), 7, PushPrompts.DENIED)), 0);
        WakeAt.isExactly(detector, prompts, Instant.parse(at(10, 0)));
        PushPrompts burstOnly = new PushPrompts(List.of(), Instant.parse(at(4, 0)).getEpochSecond());
        WakeAt.isExactly(detector, burstOnly, Instant.parse(at(14, 1)));
        assertThat(detector.view(burstOnly).toString()).contains("burstAt").doesNotContain(USER);
    }
}
