package dev.mfawatch.register.validate;

import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.register.Lifecycle;
import dev.mfawatch.model.register.RiskRating;
import dev.mfawatch.register.read.InventoryFile;
import dev.mfawatch.register.read.RegisterFile;
import dev.mfawatch.register.read.RegisterRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Enforces the register rules of DESIGN.md on a whole file. Errors make an entry unpublishable;
 * warnings are advice (too few break-glass accounts, a principal missing from the inventory, an
 * exception requested again and again). A bad row never stops the others from being checked.
 */
public final class RegisterValidator {

    /** Scope items that mean "everybody": an exception must name the people it excuses. */
    private static final Set<String> BLANKET = Set.of("*", "all", "all users", "all_users", "allusers", "everyone",
            "everybody", "all employees");
    private static final String GROUP_PREFIX = "group:";
    private static final Duration YEAR = Duration.ofDays(365);
    private static final int RECURRENCE = 3;

    private RegisterValidator() {
    }

    /**
     * @param inventory null when no inventory was given: the inventory warning is then skipped
     * @param now       the time lifecycle questions are asked at (which break-glass entries are in force)
     */
    public static ValidationReport validate(RegisterFile file, InventoryFile inventory, Instant now) {
        List<Problem> problems = new ArrayList<>(file.problems());
        List<RegisterRow> rows = file.rows();
        for (RegisterRow row : rows) {
            if (row.entry() != null) {
                checkEntry(row, problems);
            }
        }
        duplicateIds(rows, problems);
        if (inventory != null && inventory.readable()) {
            missingFromInventory(rows, inventory.knownNames(), problems);
        }
        recurring(rows, problems);

        Set<String> invalidLocations = problems.stream().filter(Problem::isError).map(Problem::location)
                .collect(Collectors.toSet());
        List<ExceptionEntry> valid = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> invalidIds = new HashSet<>();
        for (RegisterRow row : rows) {
            if (row.id() == null) {
                continue;
            }
            ids.add(row.id());
            if (invalidLocations.contains(row.location()) || !row.readCleanly()) {
                invalidIds.add(row.id());
            } else {
                valid.add(row.entry());
            }
        }
        if (file.readable()) {
            breakGlass(valid, now, problems);
        }
        problems.sort(Comparator.comparingInt(p -> rank(p.location())));
        return new ValidationReport(file.readable(), problems, file.readable() ? valid : List.of(), ids, invalidIds);
    }

    /** Problems are listed in file order: header (row 1), rows, then the file as a whole. */
    private static int rank(String location) {
        int space = location.lastIndexOf(' ');
        if (space > 0) {
            try {
                return Integer.parseInt(location.substring(space + 1));
            } catch (NumberFormatException ignored) {
                // a file-level location
            }
        }
        return Integer.MAX_VALUE;
    }

    private static void checkEntry(RegisterRow row, List<Problem> out) {
        ExceptionEntry e = row.entry();
        String at = row.location();
        Set<String> bad = row.badFields();
        required(row, out);
        segregationOfDuties(e, at, out);
        scope(e, at, out);
        if (e.riskRating() != null && (e.riskRating() == RiskRating.HIGH || e.riskRating() == RiskRating.CRITICAL)
                && e.compensatingControls().isEmpty()) {
            out.add(Problem.error(at, "compensatingControls",
                    e.riskRating() + " risk needs at least one compensating control"));
        }
        dates(e, at, bad, out);
        if (e.category() != null) {
            CategoryRules rules = CategoryRules.of(e.category());
            if (e.activatedAt() != null && e.expiresAt() != null && e.expiresAt().isAfter(e.activatedAt())
                    && Duration.between(e.activatedAt(), e.expiresAt()).compareTo(Duration.ofDays(rules.maxDays())) > 0) {
                out.add(Problem.error(at, "expiresAt", e.category() + " may last at most " + rules.maxDays()
                        + " days after activation"));
            }
            Integer cadence = e.reviewCadenceDays();
            if (cadence != null && cadence < 1) {
                out.add(Problem.error(at, "reviewCadenceDays", "must be at least 1 day"));
            } else if (cadence != null && cadence > rules.maxCadenceDays()) {
                out.add(Problem.error(at, "reviewCadenceDays", e.category() + " must be reviewed at least every "
                        + rules.maxCadenceDays() + " days"));
            }
        }
    }

    private static void required(RegisterRow row, List<Problem> out) {
        ExceptionEntry e = row.entry();
        Map<String, Boolean> always = new LinkedHashMap<>();
        always.put("category", e.category() != null);
        always.put("status", e.status() != null);
        always.put("requestor", e.requestor() != null);
        always.put("owner", e.owner() != null);
        always.put("scopePrincipals", !e.scope().principals().isEmpty());
        always.put("justification", e.justification() != null);
        always.put("riskRating", e.riskRating() != null);
        always.put("createdAt", e.createdAt() != null);
        always.put("expiresAt", e.expiresAt() != null);
        always.forEach((field, present) -> {
            if (!present && !row.badFields().contains(field)) {
                out.add(Problem.error(row.location(), field, "required but blank"));
            }
        });
        // A request has no approver, implementer or activation yet; everything past REQUESTED does.
        if (e.status() != null && e.status() != ExceptionStatus.REQUESTED) {
            Map<String, Boolean> approved = new LinkedHashMap<>();
            approved.put("approvers", !e.approvers().isEmpty());
            approved.put("implementer", e.implementer() != null);
            approved.put("activatedAt", e.activatedAt() != null);
            approved.forEach((field, present) -> {
                if (!present && !row.badFields().contains(field)) {
                    out.add(Problem.error(row.location(), field, "required unless status is REQUESTED"));
                }
            });
        }
    }

    private static String person(String name) {
        return name == null ? null : name.trim().toLowerCase(Locale.ROOT);
    }

    private static void segregationOfDuties(ExceptionEntry e, String at, List<Problem> out) {
        String requestor = person(e.requestor());
        String implementer = person(e.implementer());
        Set<String> approvers = e.approvers().stream().map(RegisterValidator::person).collect(Collectors.toSet());
        if (requestor != null && approvers.contains(requestor)) {
            out.add(Problem.error(at, "approvers", "the requestor cannot approve their own request (segregation of duties)"));
        }
        if (implementer != null && implementer.equals(requestor)) {
            out.add(Problem.error(at, "implementer", "the requestor cannot implement their own request (segregation of duties)"));
        }
        if (implementer != null && approvers.contains(implementer)) {
            out.add(Problem.error(at, "implementer", "an approver cannot also implement the exception (segregation of duties)"));
        }
    }

    private static void scope(ExceptionEntry e, String at, List<Problem> out) {
        List<String> principals = e.scope().principals();
        boolean hasMember = false;
        for (String p : principals) {
            if (BLANKET.contains(p) || p.contains("*")) {
                out.add(Problem.error(at, "scopePrincipals", "\"" + p + "\" is a blanket scope; name each principal explicitly"));
            } else if (!p.startsWith(GROUP_PREFIX)) {
                hasMember = true;
            }
        }
        if (!hasMember) {
            // A group alone hides who is excused and silently grows with the group: its members must be listed.
            principals.stream().filter(p -> p.startsWith(GROUP_PREFIX)).forEach(g -> out.add(Problem.error(at,
                    "scopePrincipals", "group \"" + g + "\" is named without its members; list each member principal")));
        }
    }

    private static void dates(ExceptionEntry e, String at, Set<String> bad, List<Problem> out) {
        if (e.createdAt() != null && e.activatedAt() != null && e.activatedAt().isBefore(e.createdAt())) {
            out.add(Problem.error(at, "activatedAt", "must not be before createdAt"));
        }
        if (e.expiresAt() != null) {
            if (e.activatedAt() != null) {
                if (!e.expiresAt().isAfter(e.activatedAt())) {
                    out.add(Problem.error(at, "expiresAt", "must be after activatedAt"));
                }
            } else if (e.createdAt() != null && !e.expiresAt().isAfter(e.createdAt()) && !bad.contains("activatedAt")) {
                out.add(Problem.error(at, "expiresAt", "must be after createdAt"));
            }
        }
    }

    private static void duplicateIds(List<RegisterRow> rows, List<Problem> out) {
        Map<String, List<String>> byId = new LinkedHashMap<>();
        for (RegisterRow row : rows) {
            if (row.id() != null) {
                byId.computeIfAbsent(row.id(), k -> new ArrayList<>()).add(row.location());
            }
        }
        byId.forEach((id, locations) -> {
            if (locations.size() > 1) {
                for (String location : locations) {
                    String others = locations.stream().filter(l -> !l.equals(location)).collect(Collectors.joining(", "));
                    out.add(Problem.error(location, "id", "duplicate id " + id + ", also on " + others));
                }
            }
        });
    }

    private static void missingFromInventory(List<RegisterRow> rows, Set<String> known, List<Problem> out) {
        for (RegisterRow row : rows) {
            if (row.entry() == null) {
                continue;
            }
            for (String p : row.entry().scope().principals()) {
                if (!p.startsWith(GROUP_PREFIX) && !BLANKET.contains(p) && !p.contains("*") && !known.contains(p)) {
                    out.add(Problem.warning(row.location(), "scopePrincipals",
                            "\"" + p + "\" is not in the identity inventory"));
                }
            }
        }
    }

    /**
     * The governance guidance calls a principal who needs the same kind of exception again and again
     * a design problem: warn on the entry that makes it the third within 365 days.
     */
    private static void recurring(List<RegisterRow> rows, List<Problem> out) {
        record Use(String principal, ExceptionCategory category, Instant createdAt, String location) {
        }
        List<Use> uses = new ArrayList<>();
        for (RegisterRow row : rows) {
            ExceptionEntry e = row.entry();
            if (e == null || e.category() == null || e.createdAt() == null) {
                continue;
            }
            for (String p : e.scope().principals()) {
                uses.add(new Use(p, e.category(), e.createdAt(), row.location()));
            }
        }
        Map<String, List<Use>> groups = uses.stream().collect(Collectors.groupingBy(u -> u.principal() + "\u0000"
                + u.category(), LinkedHashMap::new, Collectors.toList()));
        for (List<Use> group : groups.values()) {
            group.sort(Comparator.comparing(Use::createdAt));
            for (int i = RECURRENCE - 1; i < group.size(); i++) {
                Use first = group.get(i - RECURRENCE + 1);
                Use u = group.get(i);
                if (Duration.between(first.createdAt(), u.createdAt()).compareTo(YEAR) <= 0) {
                    out.add(Problem.warning(u.location(), "scopePrincipals", "\"" + u.principal() + "\" is in "
                            + RECURRENCE + " " + u.category() + " exceptions created within a year"
                            + "; fix the cause instead of renewing the exception"));
                    break;
                }
            }
        }
    }

    /** Two independent break-glass accounts, so losing one never locks the tenant out. */
    private static void breakGlass(List<ExceptionEntry> valid, Instant now, List<Problem> out) {
        Set<String> accounts = new TreeSet<>();
        for (ExceptionEntry e : valid) {
            Lifecycle l = e.lifecycleAt(now);
            if (e.category() == ExceptionCategory.BREAK_GLASS
                    && (l == Lifecycle.IN_FORCE || l == Lifecycle.NOT_YET_ACTIVE)) {
                e.scope().principals().stream().filter(p -> !p.startsWith(GROUP_PREFIX)).forEach(accounts::add);
            }
        }
        if (accounts.size() < 2) {
            out.add(Problem.warning("register", null, accounts.size() + " break-glass account"
                    + (accounts.size() == 1 ? "" : "s") + " registered and in force; keep at least two independent accounts"));
        }
    }
}
