package dev.mfawatch.model.alert;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

public enum NoticeKind {
    EXPIRING_SOON, REVIEW_OVERDUE, EXPIRED, ROTATION_DUE, EXCLUSION_OUTLIVED_APPROVAL,
    @JsonEnumDefaultValue OTHER
}
