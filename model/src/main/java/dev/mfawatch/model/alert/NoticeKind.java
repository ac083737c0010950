package dev.mfawatch.model.alert;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

public enum NoticeKind {
    EXPIRING_SOON, REVIEW_OVERDUE, EXPIRED, ROTATION_DUE, EXCLUSION_OUTLIVED_APPROVAL,
    /** In force for a while and never used: a retirement candidate. */
    UNUSED_EXCEPTION,
    /** A covered use from a country or app never seen for the exception in its first week. */
    USED_OUTSIDE_PATTERN,
    /** A principal or app covered again after earlier entries for the same scope: a design problem. */
    RE_REQUESTED,
    /** A principal an exception names changed role, status, department or manager: review now. */
    REVIEW_TRIGGERED,
    @JsonEnumDefaultValue OTHER,
    /** An ENROLLMENT_PENDING entry expired while a principal it named still had no MFA method registered. */
    ENROLMENT_OVERDUE
}
