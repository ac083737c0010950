package dev.mfawatch.model.register;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The identity inventory's aliases as one map, alias → principal id: what register-sync publishes
 * on {@code directory.aliases} and what the backtest pipes. Derived here and nowhere else.
 *
 * <p>An alias must name one person. An alias claimed by two principals, or equal to another
 * principal's id, is left out of the map and reported as a {@link Conflict}: resolving it to either
 * side could attribute one person's sign-ins to another, so sign-ins under it keep their own id.
 * A principal listing its own id among its aliases is not a conflict (the entry is just ignored).
 *
 * @param byAlias   alias → principal id, both lower-cased, in inventory order
 * @param conflicts contested aliases, in inventory order of the later claimant
 */
public record AliasMap(Map<String, String> byAlias, List<Conflict> conflicts) {

    /**
     * One contested alias.
     *
     * @param alias     the alias
     * @param claimant  the principal whose aliases list it (the later one in the inventory)
     * @param other     the principal that claimed it first, or whose id it is
     * @param isOtherId true when {@code alias} is {@code other}'s own id rather than one of its aliases
     */
    public record Conflict(String alias, String claimant, String other, boolean isOtherId) {
    }

    public AliasMap {
        byAlias = Collections.unmodifiableMap(new LinkedHashMap<>(byAlias));
        conflicts = List.copyOf(conflicts);
    }

    public static AliasMap of(Collection<Principal> principals) {
        Set<String> ids = new HashSet<>();
        principals.forEach(p -> ids.add(p.id()));
        Map<String, String> byAlias = new LinkedHashMap<>();
        Set<String> contested = new HashSet<>();
        List<Conflict> conflicts = new ArrayList<>();
        for (Principal p : principals) {
            for (String alias : p.aliases()) {
                if (alias.equals(p.id())) {
                    continue;
                }
                if (ids.contains(alias)) {
                    conflicts.add(new Conflict(alias, p.id(), alias, true));
                    contested.add(alias);
                    continue;
                }
                String first = byAlias.putIfAbsent(alias, p.id());
                if (first != null && !first.equals(p.id())) {
                    conflicts.add(new Conflict(alias, p.id(), first, false));
                    contested.add(alias);
                }
            }
        }
        byAlias.keySet().removeAll(contested);
        return new AliasMap(byAlias, conflicts);
    }
}
