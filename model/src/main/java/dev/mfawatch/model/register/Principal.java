package dev.mfawatch.model.register;

import dev.mfawatch.model.Checks;
import java.time.Instant;
import java.util.List;

/**
 * One identity from the inventory published to {@code directory.principals}. {@code department} and
 * {@code manager} are optional: a change of either calls for a review of the exceptions naming it.
 *
 * <p>{@code registeredMethods} is null when the inventory does not say (no such column or field): that is
 * "unknown", never "no method". An empty list is an inventory stating that the principal has none. On the
 * topic an unknown list is left out (the JSON is written without nulls), as before this distinction.
 */
public record Principal(
        String id,
        List<String> aliases,
        String displayName,
        List<String> privilegedRoles,
        boolean breakGlass,
        List<String> registeredMethods,
        Instant createdAt,
        Boolean active,
        String department,
        String manager) {

    /** Without department and manager (inventories that do not carry them). */
    public Principal(String id, List<String> aliases, String displayName, List<String> privilegedRoles, boolean breakGlass,
                     List<String> registeredMethods, Instant createdAt, Boolean active) {
        this(id, aliases, displayName, privilegedRoles, breakGlass, registeredMethods, createdAt, active, null, null);
    }

    public Principal {
        id = Checks.principalId(Checks.requiredText(id, "id"));
        aliases = Checks.principalIds(aliases);
        privilegedRoles = Checks.list(privilegedRoles);
        registeredMethods = registeredMethods == null ? null : List.copyOf(registeredMethods);
    }

    /** Whether the inventory states the registered methods (possibly none); false = unknown. */
    public boolean registeredMethodsKnown() {
        return registeredMethods != null;
    }

    public boolean privileged() {
        return !privilegedRoles.isEmpty() || breakGlass;
    }
}
