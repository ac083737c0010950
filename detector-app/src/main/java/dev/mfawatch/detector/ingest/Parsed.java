package dev.mfawatch.detector.ingest;

import dev.mfawatch.model.signin.SignInEvent;

/** The outcome of parsing one input record: a canonical sign-in, or the original bytes and why they failed. */
public sealed interface Parsed {

    boolean ok();

    record Ok(SignInEvent event) implements Parsed {
        @Override
        public boolean ok() {
            return true;
        }
    }

    /** {@code original} is the record's value as read (null for a tombstone; cut as {@link DeadLetters} says when too large). */
    record Failed(byte[] original, DeadLetterReason reason) implements Parsed {
        @Override
        public boolean ok() {
            return false;
        }
    }
}
