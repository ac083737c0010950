package dev.mfawatch.model.directory;

import dev.mfawatch.model.Checks;
import dev.mfawatch.model.signin.RawRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One change to MFA configuration: exclusions, policies, per-user MFA, factors. Targets are
 * principal ids (lower-cased) or group / role ids. {@code details} holds old and new values
 * as the source printed them.
 */
public record DirectoryChange(
        String eventId,
        String source,
        Instant time,
        Actor actor,
        ChangeOperation operation,
        List<String> targets,
        PolicyRef policy,
        String ticket,
        Map<String, String> details,
        RawRef raw) {

    /**
     * Detail key: the provider's own id of a change's single target when the target is named otherwise (the
     * Entra object id beside the UPN), so a register entry or an inventory alias naming the principal by that
     * id still finds the change, as it finds the principal's sign-ins through their aliases.
     */
    public static final String TARGET_ID = "targetId";

    public DirectoryChange {
        Checks.requiredText(eventId, "eventId");
        Checks.requiredText(source, "source");
        Checks.required(time, "time");
        Checks.required(operation, "operation");
        targets = Checks.principalIds(targets);
        details = Checks.map(details);
    }
}
