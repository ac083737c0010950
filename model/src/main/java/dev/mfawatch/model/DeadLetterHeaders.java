package dev.mfawatch.model;

/**
 * Header names on {@code mfa.dlq}. They are Kafka Streams' own (KIP-1034) so tooling that reads
 * Streams' dead letters reads ours too; {@code mfawatch.*} adds what Streams has no name for.
 */
public final class DeadLetterHeaders {
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";
    /** Bounded reason code (also the metric label), e.g. {@code invalid_json}, {@code invalid_field}. */
    public static final String REASON = "mfawatch.reason";
    /** When the record was dead-lettered, ISO-8601. */
    public static final String TIME = "mfawatch.dead-lettered-at";
    /** Present only when the value was cut to fit {@code mfa.dlq}: the original value's size in bytes. */
    public static final String TRUNCATED_FROM = "mfawatch.truncated-from";

    private DeadLetterHeaders() {
    }
}
