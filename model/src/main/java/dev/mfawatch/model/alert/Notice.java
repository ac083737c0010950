package dev.mfawatch.model.alert;

import dev.mfawatch.model.Checks;
import java.time.Instant;

/**
 * A governance notice on {@code mfa.register.notices}, for an entry's owner. {@code noticeId} is
 * deterministic per entry and condition so each condition is announced once, not once per run.
 */
public record Notice(String noticeId, String exceptionId, NoticeKind kind, Instant at, Instant dueAt,
                     String owner, String message) {
    public Notice {
        Checks.requiredText(noticeId, "noticeId");
        Checks.requiredText(exceptionId, "exceptionId");
        Checks.required(kind, "kind");
        Checks.required(at, "at");
        Checks.requiredText(message, "message");
    }
}
