package dev.mfawatch.normalize.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.PrincipalRef;
import dev.mfawatch.model.signin.SatisfiedBy;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import dev.mfawatch.normalize.Fixtures;
import dev.mfawatch.normalize.Outcome;
import dev.mfawatch.normalize.SignInPart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionMfaCorrelatorTest {

    private static final Instant T0 = Instant.parse("2026-11-10T12:00:00Z");
    private static final MfaInfo PUSH = new MfaInfo(null, true, "OKTA_VERIFY_PUSH", MethodClass.PUSH,
            MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null);
    private static final MfaInfo FASTPASS = new MfaInfo(null, true, "SIGNED_NONCE", MethodClass.PHISHING_RESISTANT,
            MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null);

    private final InMemorySessionStore store = new InMemorySessionStore();
    private final SessionMfaCorrelator correlator = new SessionMfaCorrelator(store);

    private static SignInEvent event(String id, int second, String session, SignInResult result, MfaInfo mfa) {
        return new SignInEvent(id, "okta", T0.plusSeconds(second), new PrincipalRef("user@example.org", List.of(), null),
                null, null, result, null, null, mfa, null, null, session, null, null);
    }

    private static SignInEvent start(String id, int second, String session) {
        return event(id, second, session, SignInResult.SUCCESS, MfaInfo.none());
    }

    private static SignInEvent step(String id, int second, String session, MfaInfo mfa) {
        return event(id, second, session, SignInResult.SUCCESS, mfa);
    }

    @Test
    void aStepBeforeTheStartIsMergedAndTheStartIsEmittedAtOnce() {
        assertThat(correlator.accept(step("m1", 0, "s1", PUSH), SignInPart.MFA_STEP)).isEmpty();
        List<SignInEvent> out = correlator.accept(start("st1", 4, "s1"), SignInPart.SESSION_START);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).eventId()).isEqualTo("st1");
        assertThat(out.get(0).time()).isEqualTo(T0.plusSeconds(4));
        assertThat(out.get(0).mfa()).isEqualTo(PUSH);
        assertThat(store.size()).isZero();
        assertThat(correlator.absorbed()).isEqualTo(1);
    }

    @Test
    void aStepAfterTheStartWithinTheWaitCompletesTheSession() {
        assertThat(correlator.accept(start("st1", 0, "s1"), SignInPart.SESSION_START)).isEmpty();
        List<SignInEvent> out = correlator.accept(step("m1", 10, "s1", FASTPASS), SignInPart.MFA_STEP);
        assertThat(out).extracting(SignInEvent::eventId).containsExactly("st1");
        assertThat(out.get(0).mfa()).isEqualTo(FASTPASS);
    }

    @Test
    void withoutAStepTheStartIsEmittedUnsatisfiedOnceTheWaitHasRunOut() {
        MfaInfo challenge = new MfaInfo(true, false, null, MethodClass.NONE, null, null, null);
        assertThat(correlator.accept(event("p1", 0, "s1", SignInResult.INTERRUPTED, challenge),
                SignInPart.POLICY_EVALUATION)).isEmpty();
        assertThat(correlator.accept(start("st1", 1, "s1"), SignInPart.SESSION_START)).isEmpty();
        assertThat(correlator.advance(T0.plusSeconds(30).minusMillis(1))).isEmpty();
        // Deadline: the start's time (T0+1s) plus the 30 s wait.
        List<SignInEvent> out = correlator.advance(T0.plusSeconds(31));
        assertThat(out).extracting(SignInEvent::eventId).containsExactly("st1");
        assertThat(out.get(0).mfa()).isEqualTo(new MfaInfo(true, false, null, MethodClass.NONE,
                MfaResult.NOT_ATTEMPTED, null, null));
        assertThat(store.size()).isZero();
    }

    @Test
    void laterEventsAdvanceStreamTimeAndReleaseWaitingStarts() {
        correlator.accept(start("st1", 0, "s1"), SignInPart.SESSION_START);
        List<SignInEvent> out = correlator.accept(start("st2", 45, "s2"), SignInPart.SESSION_START);
        assertThat(out).extracting(SignInEvent::eventId).containsExactly("st1");
        assertThat(correlator.flush()).extracting(SignInEvent::eventId).containsExactly("st2");
    }

    @Test
    void failedStepsDenialsFailedStartsAndCompleteEventsPassStraightThrough() {
        SignInEvent badCode = event("m1", 0, "s1", SignInResult.FAILURE, new MfaInfo(null, false, "OKTA_SOFT_TOKEN",
                MethodClass.OTP, MfaResult.CODE_INCORRECT, null, "SOFTWARE_OATH"));
        assertThat(correlator.accept(badCode, SignInPart.MFA_STEP)).containsExactly(badCode);
        SignInEvent deny = event("p1", 1, "s1", SignInResult.FAILURE, MfaInfo.none());
        assertThat(correlator.accept(deny, SignInPart.POLICY_EVALUATION)).containsExactly(deny);
        SignInEvent failedStart = event("st1", 2, "s1", SignInResult.FAILURE, MfaInfo.none());
        assertThat(correlator.accept(failedStart, SignInPart.SESSION_START)).containsExactly(failedStart);
        SignInEvent entra = step("e1", 3, "s9", PUSH);
        assertThat(correlator.accept(entra, SignInPart.COMPLETE)).containsExactly(entra);
        SignInEvent noSession = start("st2", 4, null);
        assertThat(correlator.accept(noSession, SignInPart.SESSION_START)).containsExactly(noSession);
        assertThat(store.size()).isZero();
    }

    @Test
    void theStrongestStepWinsAndOrphanStepsExpireSilently() {
        correlator.accept(step("m1", 0, "s1", FASTPASS), SignInPart.MFA_STEP);
        correlator.accept(step("m2", 1, "s1", PUSH), SignInPart.MFA_STEP);
        assertThat(correlator.accept(start("st1", 2, "s1"), SignInPart.SESSION_START).get(0).mfa())
                .isEqualTo(FASTPASS);
        correlator.accept(step("m3", 3, "orphan", PUSH), SignInPart.MFA_STEP);
        assertThat(store.size()).isEqualTo(1);
        assertThat(correlator.advance(T0.plusSeconds(33))).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void theStoreIsBoundedAndANewSessionPassesThroughWhenFull() {
        SessionMfaCorrelator small = new SessionMfaCorrelator(store, Duration.ofSeconds(30), 1);
        assertThat(small.accept(start("st1", 0, "s1"), SignInPart.SESSION_START)).isEmpty();
        SignInEvent second = start("st2", 1, "s2");
        assertThat(small.accept(second, SignInPart.SESSION_START)).containsExactly(second);
        assertThat(small.accept(step("m3", 2, "s3", PUSH), SignInPart.MFA_STEP)).isEmpty();
        assertThat(small.overflowed()).isEqualTo(2);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void theOktaFixtureSessionEndsUpAsOneSignInWithPushMfa() {
        List<SignInEvent> out = new ArrayList<>();
        for (Outcome.SignIn s : Fixtures.normalize("okta", "system-log.json").signIns()) {
            out.addAll(correlator.accept(s.event(), s.part()));
        }
        out.addAll(correlator.flush());
        // e-00 policy CHALLENGE, e-01 push, e-02 start (session AAA) merge into e-02; e-03 wrong code and
        // e-05 denied push are evidence; e-04 FastPass has no session start; e-16 failed start passes.
        assertThat(out).extracting(SignInEvent::eventId).containsExactly("e-02", "e-03", "e-05", "e-16");
        assertThat(out.get(0).mfa()).isEqualTo(new MfaInfo(true, true, "OKTA_VERIFY_PUSH", MethodClass.PUSH,
                MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null));
    }
}
