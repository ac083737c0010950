package dev.mfawatch.normalize;

import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.RawRef;
import dev.mfawatch.model.signin.SignInEvent;

/**
 * What became of one provider event. {@code element} is the 0-based position of the event in
 * the record (an array or envelope holds several); {@code item} the 0-based position inside it
 * (a Google activity holds several events, an Entra policy change may yield several changes).
 */
public sealed interface Outcome {

    int element();

    int item();

    /** The provider event's reference; never null. */
    RawRef raw();

    record SignIn(int element, int item, SignInEvent event, SignInPart part) implements Outcome {
        @Override
        public RawRef raw() {
            return event.raw();
        }
    }

    record Change(int element, int item, DirectoryChange change) implements Outcome {
        @Override
        public RawRef raw() {
            return change.raw();
        }
    }

    /** Well-formed but irrelevant to MFA: counted, not dead-lettered. {@code reason} is a {@link ReasonCodes} value. */
    record Skip(int element, int item, String reason, RawRef raw) implements Outcome {
    }

    /** Unmappable: dead-lettered. {@code message} is one line naming the field; it never echoes the payload. */
    record Failure(int element, int item, String reason, String message, RawRef raw) implements Outcome {
    }
}
