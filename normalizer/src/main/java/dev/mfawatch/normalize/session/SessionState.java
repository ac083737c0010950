package dev.mfawatch.normalize.session;

import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.SignInEvent;
import java.time.Instant;

/**
 * What the correlator holds for one session: the session start waiting for MFA facts (null until it
 * arrives), the strongest successful MFA step seen, what the sign-on policy demanded, and when to
 * stop waiting. Small and JSON-serialisable so a Kafka Streams key-value store can hold it.
 */
public record SessionState(Instant deadline, SignInEvent pending, MfaInfo bestStep, Boolean required) {

    public SessionState withPending(SignInEvent start, Instant newDeadline) {
        return new SessionState(newDeadline, start, bestStep, required);
    }

    public SessionState withStep(MfaInfo step) {
        return new SessionState(deadline, pending, step, required);
    }

    public SessionState withRequired(Boolean r) {
        return new SessionState(deadline, pending, bestStep, r);
    }
}
