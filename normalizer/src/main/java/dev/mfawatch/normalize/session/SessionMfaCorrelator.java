package dev.mfawatch.normalize.session;

import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.SatisfiedBy;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import dev.mfawatch.normalize.MethodClasses;
import dev.mfawatch.normalize.SignInPart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges the MFA facts Okta logs in separate records (MFA steps, the sign-on policy evaluation)
 * into the session's {@code user.session.start}, so that a lone session start is not mistaken for
 * a sign-in without MFA. Steps usually come seconds before the session start; a start is held for
 * at most {@code wait} (default 30 s) of stream time, then emitted with whatever is known.
 * <ul>
 *   <li>COMPLETE events and events without a session id pass straight through.</li>
 *   <li>A session start is emitted at once when a successful step is already known, else when a
 *       successful step arrives, else when stream time reaches start + wait.</li>
 *   <li>Failed MFA steps (wrong code, denied push) and denying policy evaluations are emitted at
 *       once as failed sign-in attempts: they are the evidence the OATH and factor detectors use.
 *       Successful steps and allowing/challenging evaluations are absorbed into the session.</li>
 *   <li>Bounded: at most {@code maxEntries} open sessions; when full, a new session start passes
 *       through uncorrelated and new facts are dropped (both counted).</li>
 * </ul>
 * Pure: all state lives in the injected {@link SessionStore}; time is the events' time.
 */
public final class SessionMfaCorrelator {

    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    /** Sessions emitted per {@link #advance} call, so one punctuation stays short. */
    private static final int MAX_DUE_PER_CALL = 10_000;

    private final SessionStore store;
    private final Duration wait;
    private final int maxEntries;
    private Instant streamTime = Instant.MIN;
    private long overflowed;
    private long absorbed;

    public SessionMfaCorrelator(SessionStore store) {
        this(store, DEFAULT_WAIT, DEFAULT_MAX_ENTRIES);
    }

    public SessionMfaCorrelator(SessionStore store, Duration wait, int maxEntries) {
        if (store == null) {
            throw new IllegalArgumentException("store is required");
        }
        if (wait == null || wait.isNegative()) {
            throw new IllegalArgumentException("wait must be zero or positive");
        }
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.store = store;
        this.wait = wait;
        this.maxEntries = maxEntries;
    }

    /** Feeds one normalized sign-in part (in time order); returns the sign-ins ready to publish. */
    public List<SignInEvent> accept(SignInEvent event, SignInPart part) {
        List<SignInEvent> out = new ArrayList<>();
        String session = event.sessionId();
        if (part == SignInPart.COMPLETE || session == null) {
            out.add(event);
        } else {
            switch (part) {
                case SESSION_START -> start(session, event, out);
                case MFA_STEP -> step(session, event, out);
                case POLICY_EVALUATION -> policy(session, event, out);
                default -> out.add(event);
            }
        }
        if (event.time().isAfter(streamTime)) {
            streamTime = event.time();
        }
        out.addAll(advance(streamTime));
        return out;
    }

    /** Emits every held session start whose wait has run out by {@code time}; drops expired facts. */
    public List<SignInEvent> advance(Instant time) {
        List<SignInEvent> out = new ArrayList<>();
        for (String id : store.due(time, MAX_DUE_PER_CALL)) {
            SessionState s = store.get(id);
            store.delete(id);
            if (s != null && s.pending() != null) {
                out.add(merge(s));
            }
        }
        return out;
    }

    /** Emits every held session start now (end of an offline file). */
    public List<SignInEvent> flush() {
        return advance(Instant.MAX);
    }

    /** Session starts passed through uncorrelated, and facts dropped, because the store was full. */
    public long overflowed() {
        return overflowed;
    }

    /** Successful steps and policy evaluations merged into (or held for) a session start. */
    public long absorbed() {
        return absorbed;
    }

    private void start(String session, SignInEvent start, List<SignInEvent> out) {
        if (start.result() != SignInResult.SUCCESS) {
            // A failed start will get no MFA step: nothing to wait for.
            out.add(start);
            return;
        }
        SessionState s = store.get(session);
        if (s == null && store.size() >= maxEntries) {
            overflowed++;
            out.add(start);
            return;
        }
        if (s != null && s.pending() != null) {
            // A second start in the same session: the first has waited long enough.
            out.add(merge(s));
        }
        SessionState next = (s == null ? new SessionState(null, null, null, null) : s)
                .withPending(start, start.time().plus(wait));
        if (next.bestStep() != null) {
            out.add(merge(next));
            store.delete(session);
        } else {
            store.put(session, next);
        }
    }

    private void step(String session, SignInEvent step, List<SignInEvent> out) {
        MfaInfo mfa = step.mfa();
        if (step.result() == SignInResult.FAILURE) {
            out.add(step);
            return;
        }
        if (!mfa.satisfied()) {
            // e.g. a password "verify": not a second factor, nothing to merge.
            absorbed++;
            return;
        }
        SessionState s = store.get(session);
        if (s == null && store.size() >= maxEntries) {
            overflowed++;
            return;
        }
        absorbed++;
        SessionState base = s == null ? new SessionState(step.time().plus(wait), null, null, null) : s;
        MfaInfo best = base.bestStep() == null
                || MethodClasses.rank(mfa.methodClass()) < MethodClasses.rank(base.bestStep().methodClass())
                ? mfa : base.bestStep();
        SessionState next = base.withStep(best);
        if (next.pending() != null) {
            out.add(merge(next));
            store.delete(session);
        } else {
            store.put(session, next);
        }
    }

    private void policy(String session, SignInEvent evaluation, List<SignInEvent> out) {
        if (evaluation.result() == SignInResult.FAILURE) {
            out.add(evaluation);
            return;
        }
        SessionState s = store.get(session);
        if (s == null && store.size() >= maxEntries) {
            overflowed++;
            return;
        }
        absorbed++;
        SessionState base = s == null ? new SessionState(evaluation.time().plus(wait), null, null, null) : s;
        store.put(session, base.withRequired(evaluation.mfa().required()));
    }

    /** The held session start with the session's MFA facts. */
    private static SignInEvent merge(SessionState s) {
        SignInEvent p = s.pending();
        Boolean required = s.required() != null ? s.required() : p.mfa().required();
        MfaInfo step = s.bestStep();
        MfaInfo mfa;
        if (step != null) {
            mfa = new MfaInfo(required, true, step.method(), step.methodClass(), MfaResult.SUCCESS,
                    SatisfiedBy.MFA_STEP, step.tokenType());
        } else if (p.mfa().satisfied()) {
            mfa = new MfaInfo(required, true, p.mfa().method(), p.mfa().methodClass(), p.mfa().result(),
                    p.mfa().satisfiedBy(), p.mfa().tokenType());
        } else {
            mfa = new MfaInfo(required, false, null, MethodClass.NONE,
                    Boolean.TRUE.equals(required) ? MfaResult.NOT_ATTEMPTED : null, null, null);
        }
        return new SignInEvent(p.eventId(), p.source(), p.time(), p.principal(), p.app(), p.client(), p.result(),
                p.errorCode(), p.failureReason(), mfa, p.network(), p.device(), p.sessionId(), p.correlationId(),
                p.raw());
    }
}
