package dev.mfawatch.model.register;

import dev.mfawatch.model.Checks;
import java.time.Instant;
import java.util.List;

/** One identity from the inventory published to {@code directory.principals}. */
public record Principal(
        String id,
        List<String> aliases,
        String displayName,
        List<String> privilegedRoles,
        boolean breakGlass,
        List<String> registeredMethods,
        Instant createdAt,
        Boolean active) {

    public Principal {
        id = Checks.principalId(Checks.requiredText(id, "id"));
        aliases = Checks.principalIds(aliases);
        privilegedRoles = Checks.list(privilegedRoles);
        registeredMethods = Checks.list(registeredMethods);
    }

    public boolean privileged() {
        return !privilegedRoles.isEmpty() || breakGlass;
    }
}
