package dev.mfawatch.register.read;

import dev.mfawatch.model.register.AliasMap;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.register.validate.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the identity inventory (CSV or JSON) that tells detectors who is privileged, who is
 * break-glass and who has no registered MFA method. CSV lists use {@code ;} as in the register. A
 * {@code registeredMethods} column or field that is absent leaves the methods unknown (null); a blank cell
 * or an empty array states that the principal has none.
 */
public final class InventoryReader {

    public static final List<String> COLUMNS = List.of("id", "aliases", "displayName", "privilegedRoles", "breakGlass",
            "registeredMethods", "createdAt", "active");

    private static final TableReader READER = new TableReader("inventory", Set.copyOf(COLUMNS), Set.of("id"), Set.of(),
            Set.of("registeredMethods"));

    private InventoryReader() {
    }

    public static InventoryFile read(Path file) {
        return fromTable(READER.read(file));
    }

    public static InventoryFile readCsv(String text) {
        return fromTable(READER.readCsv(text));
    }

    private static InventoryFile fromTable(Table table) {
        List<Problem> problems = new ArrayList<>(table.problems());
        List<Principal> principals = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Record record : table.records()) {
            Fields f = new Fields(record, problems);
            String id = f.text("id");
            List<String> aliases = f.list("aliases");
            String displayName = f.text("displayName");
            List<String> roles = f.list("privilegedRoles");
            Boolean breakGlass = f.bool("breakGlass");
            // No column (CSV) or no field (JSON): the inventory does not say, which is not "no method".
            List<String> methods = record.values().containsKey("registeredMethods") ? f.list("registeredMethods") : null;
            var createdAt = f.instant("createdAt");
            Boolean active = f.bool("active");
            if (id == null) {
                problems.add(Problem.error(record.location(), "id", "required but blank"));
                continue;
            }
            if (!f.bad().isEmpty()) {
                continue;
            }
            Principal p = new Principal(id, aliases, displayName, roles, Boolean.TRUE.equals(breakGlass), methods,
                    createdAt, active == null ? Boolean.TRUE : active);
            String first = seen.putIfAbsent(p.id(), record.location());
            if (first != null) {
                problems.add(Problem.error(record.location(), "id", "duplicate principal, first on " + first));
                continue;
            }
            principals.add(p);
        }
        aliasConflicts(principals, seen, problems);
        return new InventoryFile(table.readable(), principals, problems);
    }

    /**
     * An alias must name one person: one claimed by two rows, or equal to another row's id, is an
     * error naming both rows. Both principals are still published; the alias resolves to neither
     * (see {@link AliasMap}).
     */
    private static void aliasConflicts(List<Principal> principals, Map<String, String> locations, List<Problem> problems) {
        for (AliasMap.Conflict c : AliasMap.of(principals).conflicts()) {
            String other = locations.get(c.other());
            String message = c.isOtherId()
                    ? "alias \"" + c.alias() + "\" is the id of the principal on " + other
                    : "alias \"" + c.alias() + "\" is also claimed by " + c.other() + " on " + other;
            problems.add(Problem.error(locations.get(c.claimant()), "aliases",
                    message + "; it is not published and resolves to neither"));
        }
    }
}
