package dev.mfawatch.detector.inventory;

import dev.mfawatch.model.register.Principal;
import java.util.List;
import java.util.Objects;

/**
 * What the detectors need from the identity inventory about one principal, and nothing else: the
 * full {@link Principal} (display name, aliases, roles by name) stays on the topic. Kept small
 * because the join materializes one per principal (see {@link InventoryFactsSerde}).
 *
 * @param privileged        holds at least one privileged role, or is a break-glass account
 * @param breakGlass        flagged as break-glass in the inventory
 * @param registeredMethods the MFA methods the inventory lists as registered, as the inventory spells them
 *                          (empty when it lists none, or does not say)
 * @param methodsKnown      whether the inventory states the registered methods: false means "unknown", which a
 *                          rule must never read as "no method"
 */
public record InventoryFacts(boolean privileged, boolean breakGlass, List<String> registeredMethods, boolean methodsKnown) {

    public InventoryFacts {
        registeredMethods = List.copyOf(Objects.requireNonNull(registeredMethods, "registeredMethods == null"));
    }

    /** Facts whose registered methods the inventory states. */
    public InventoryFacts(boolean privileged, boolean breakGlass, List<String> registeredMethods) {
        this(privileged, breakGlass, registeredMethods, true);
    }

    public static InventoryFacts of(Principal p) {
        return new InventoryFacts(p.privileged(), p.breakGlass(),
                p.registeredMethodsKnown() ? p.registeredMethods() : List.of(), p.registeredMethodsKnown());
    }
}
