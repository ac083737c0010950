package dev.mfawatch.register.read;

import dev.mfawatch.model.register.AliasMap;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.register.validate.Problem;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The identity inventory as read; principals with problems are left out. */
public record InventoryFile(boolean readable, List<Principal> principals, List<Problem> problems) {
    public InventoryFile {
        principals = List.copyOf(principals);
        problems = List.copyOf(problems);
    }

    /** Every id and alias, lower-cased, as the register may name either. */
    public Set<String> knownNames() {
        Set<String> names = new HashSet<>();
        for (Principal p : principals) {
            names.add(p.id());
            names.addAll(p.aliases());
        }
        return names;
    }

    /** What {@code directory.aliases} should hold: alias → principal id, contested aliases left out. */
    public java.util.Map<String, String> aliases() {
        return AliasMap.of(principals).byAlias();
    }
}
