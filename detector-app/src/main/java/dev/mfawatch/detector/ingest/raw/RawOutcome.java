package dev.mfawatch.detector.ingest.raw;

import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.normalize.SignInPart;

/**
 * What {@link RawNormalizeProcessor} forwards for one provider event, routed by
 * {@link RawIngestTopology}: a sign-in to publish, a session part to correlate, a directory change,
 * or the original record to dead-letter. Skips are only counted and never forwarded.
 */
public sealed interface RawOutcome {

    /** A whole sign-in, keyed by principal id. */
    record SignIn(SignInEvent event) implements RawOutcome {
    }

    /**
     * An Okta session start, MFA step or policy evaluation (or a Google 2-step verification),
     * keyed by session id (by principal id when the provider gives no session), for
     * {@link SessionCorrelationProcessor}. Serialized as JSON on the repartition topic.
     */
    record SessionPart(SignInEvent event, SignInPart part) implements RawOutcome {
    }

    /** A directory change naming at most one target, keyed by that target. */
    record Change(DirectoryChange change) implements RawOutcome {
    }

    /** The raw record exactly as read; the reason travels in the record's headers. */
    record DeadLetter(byte[] key, byte[] value) implements RawOutcome {
    }
}
