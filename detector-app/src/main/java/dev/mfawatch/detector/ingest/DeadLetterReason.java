package dev.mfawatch.detector.ingest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.mfawatch.normalize.NormalizerConfig;
import java.util.Locale;
import java.util.Optional;

/**
 * Why an input record went to the dead-letter topic: a bounded code used both as the
 * {@code mfawatch.reason} header and as the {@code reason} tag of {@code mfawatch_dead_letters_total}.
 */
public enum DeadLetterReason {
    /** Not JSON at all, or truncated JSON. */
    INVALID_JSON,
    /** JSON whose values do not fit the record: a wrong type or an unknown enum constant. */
    INVALID_TYPE,
    /** A required field missing or rejected by the record's constructor (e.g. no {@code time}). */
    INVALID_FIELD,
    /** A record without a value (a tombstone means nothing on an event topic). */
    EMPTY_VALUE,
    /** Larger than {@link #MAX_CANONICAL_BYTES}: refused before parsing. */
    RECORD_TOO_LARGE,
    /**
     * Beyond the JSON parser's limits (Jackson's {@code StreamReadConstraints}: nesting depth 1000,
     * string, number or name length), e.g. thousands of nested arrays.
     */
    LIMIT_EXCEEDED,
    /** Anything else the parser threw. */
    UNEXPECTED;

    /**
     * No canonical event comes near this (they are a few KB); a larger value is poison, and
     * refusing it unread spares the parser megabytes. The normalizer's default limit for a provider
     * record, which may hold a whole batch, is the same.
     */
    public static final int MAX_CANONICAL_BYTES = NormalizerConfig.DEFAULT_MAX_RECORD_BYTES;

    /** Why a value is refused before parsing, with a message that names no payload. */
    public record Refusal(DeadLetterReason reason, String message) {
    }

    /** A tombstone or an oversized value of a canonical topic; empty when the value may be parsed. */
    public static Optional<Refusal> beforeParsing(byte[] value) {
        if (value == null) {
            return Optional.of(new Refusal(EMPTY_VALUE, "record has no value"));
        }
        if (value.length > MAX_CANONICAL_BYTES) {
            return Optional.of(new Refusal(RECORD_TOO_LARGE, "the record has " + value.length
                    + " bytes, more than the limit of " + MAX_CANONICAL_BYTES));
        }
        return Optional.empty();
    }

    /** The header and tag value, e.g. {@code invalid_json}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Classifies a parse failure by walking its cause chain to the Jackson exception. */
    public static DeadLetterReason of(Throwable e) {
        // Databind wraps what the parser throws in mapping exceptions: the parser's verdict wins.
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamConstraintsException) {
                return LIMIT_EXCEEDED;
            }
            if (t instanceof JsonParseException || t instanceof JsonEOFException) {
                return INVALID_JSON;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonParseException || t instanceof JsonEOFException) {
                return INVALID_JSON;
            }
            if (t instanceof ValueInstantiationException) {
                return INVALID_FIELD;
            }
            if (t instanceof InvalidFormatException) {
                return INVALID_TYPE;
            }
            if (t instanceof MismatchedInputException mie) {
                // No content at all ("") is not a type problem.
                return mie.getMessage() != null && mie.getMessage().startsWith("No content") ? INVALID_JSON : INVALID_TYPE;
            }
            if (t instanceof JsonMappingException jme && jme.getCause() instanceof IllegalArgumentException) {
                return INVALID_FIELD;
            }
            if (t instanceof JsonMappingException) {
                return INVALID_TYPE;
            }
        }
        return UNEXPECTED;
    }
}
