package dev.mfawatch.model.register;

import dev.mfawatch.model.Checks;
import java.time.Instant;
import java.util.List;

/**
 * One identity from the inventory published to {@code directory.principals}. {@code department} and
 * {@code manager} are optional: a change of either calls for a review of the exceptions naming it.
 *
 * <p>{@code registeredMethods} is null when the inventory does not say (no such column or field): that is
 * "unknown", never "no method". A list the inventory states is marked {@code registeredMethodsStated: true}
 * in the JSON. The mark matters only for an empty list: versions written before it existed wrote {@code []}
 * for "the inventory does not say" as well as for "none", so an empty list without the mark reads as unknown
 * (a non-empty list is stated whatever the mark). Java callers passing a list state it.
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
        String manager,
        Boolean registeredMethodsStated) {

    /** The methods as given: a list (even empty) is stated, null is unknown. */
    public Principal(String id, List<String> aliases, String displayName, List<String> privilegedRoles, boolean breakGlass,
                     List<String> registeredMethods, Instant createdAt, Boolean active, String department, String manager) {
        this(id, aliases, displayName, privilegedRoles, breakGlass, registeredMethods, createdAt, active, department, manager,
                registeredMethods != null);
    }

    /** Without department and manager (inventories that do not carry them). */
    public Principal(String id, List<String> aliases, String displayName, List<String> privilegedRoles, boolean breakGlass,
                     List<String> registeredMethods, Instant createdAt, Boolean active) {
        this(id, aliases, displayName, privilegedRoles, breakGlass, registeredMethods, createdAt, active, null, null);
    }

    public Principal {
        id = Checks.principalId(Checks.requiredText(id, "id"));
        aliases = Checks.principalIds(aliases);
        privilegedRoles = Checks.list(privilegedRoles);
        boolean stated = registeredMethods != null && (!registeredMethods.isEmpty() || Boolean.TRUE.equals(registeredMethodsStated));
        registeredMethods = stated ? List.copyOf(registeredMethods) : null;
        // Normalised so that equal facts compare equal; left out of the JSON when unknown.
        registeredMethodsStated = stated ? Boolean.TRUE : null;
    }

    /** Whether the inventory states the registered methods (possibly none); false = unknown. */
    public boolean registeredMethodsKnown() {
        return registeredMethods != null;
    }

    public boolean privileged() {
        return !privilegedRoles.isEmpty() || breakGlass;
    }
}
