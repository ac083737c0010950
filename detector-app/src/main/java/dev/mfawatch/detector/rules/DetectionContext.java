package dev.mfawatch.detector.rules;

import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.List;

/**
 * What a detector may see about one sign-in: the event, the register entries naming its principal
 * and our MFA policy. Read-only and free of Kafka, so a test builds one with {@link #of}.
 */
public interface DetectionContext {

    SignInEvent event();

    /** The register view for this principal: entries whose scope names its id or an alias. */
    List<ExceptionEntry> exceptions();

    MfaPolicy policy();

    /** The register's verdict on this event, computed once. */
    Coverage coverage();

    static DetectionContext of(SignInEvent event, List<ExceptionEntry> exceptions, MfaPolicy policy) {
        return new EventContext(event, exceptions, policy);
    }

    /** The plain implementation: the coverage is assessed once at construction. */
    final class EventContext implements DetectionContext {
        private final SignInEvent event;
        private final List<ExceptionEntry> exceptions;
        private final MfaPolicy policy;
        private final Coverage coverage;

        private EventContext(SignInEvent event, List<ExceptionEntry> exceptions, MfaPolicy policy) {
            this.event = event;
            this.exceptions = List.copyOf(exceptions);
            this.policy = policy;
            this.coverage = Coverage.assess(event, this.exceptions, policy);
        }

        @Override
        public SignInEvent event() {
            return event;
        }

        @Override
        public List<ExceptionEntry> exceptions() {
            return exceptions;
        }

        @Override
        public MfaPolicy policy() {
            return policy;
        }

        @Override
        public Coverage coverage() {
            return coverage;
        }
    }
}
