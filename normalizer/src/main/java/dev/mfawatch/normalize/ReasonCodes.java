package dev.mfawatch.normalize;

import java.util.List;

/** The closed set of skip and failure reasons: safe as a metric tag and a dead-letter header. */
public final class ReasonCodes {

    // Skips: well-formed, deliberately not mapped.
    /** An event type / activity / event name that says nothing about MFA. */
    public static final String UNKNOWN_EVENT_TYPE = "unknown_event_type";
    /** A known MFA-related event type whose content changed nothing MFA-relevant (e.g. a CA policy rename). */
    public static final String NOT_MFA_RELEVANT = "not_mfa_relevant";
    /** A configuration change the provider reports as failed: nothing changed. */
    public static final String OPERATION_FAILED = "operation_failed";
    /** Entra's Core Directory "Update policy" copy of a change that Conditional Access logs itself. */
    public static final String MIRRORED_EVENT = "mirrored_event";

    // Failures: dead-lettered.
    public static final String RECORD_TOO_LARGE = "record_too_large";
    public static final String EMPTY_RECORD = "empty_record";
    public static final String INVALID_UTF8 = "invalid_utf8";
    public static final String TRUNCATED_JSON = "truncated_json";
    public static final String INVALID_JSON = "invalid_json";
    /** The record (or an element of it) is JSON but not an object. */
    public static final String NOT_AN_OBJECT = "not_an_object";
    public static final String MISSING_FIELD = "missing_field";
    /** A field has the wrong type or an unparsable value (e.g. a time). */
    public static final String INVALID_FIELD = "invalid_field";
    /** An unexpected error in a mapper: a bug, reported rather than thrown. */
    public static final String MAPPING_ERROR = "mapping_error";

    public static final List<String> SKIPS = List.of(UNKNOWN_EVENT_TYPE, NOT_MFA_RELEVANT, OPERATION_FAILED,
            MIRRORED_EVENT);
    public static final List<String> FAILURES = List.of(RECORD_TOO_LARGE, EMPTY_RECORD, INVALID_UTF8, TRUNCATED_JSON,
            INVALID_JSON, NOT_AN_OBJECT, MISSING_FIELD, INVALID_FIELD, MAPPING_ERROR);

    private ReasonCodes() {
    }
}
