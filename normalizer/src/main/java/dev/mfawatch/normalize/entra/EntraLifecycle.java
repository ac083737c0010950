package dev.mfawatch.normalize.entra;

import static dev.mfawatch.normalize.Changes.details;
import static dev.mfawatch.normalize.Fields.array;
import static dev.mfawatch.normalize.Fields.firstText;
import static dev.mfawatch.normalize.Fields.get;
import static dev.mfawatch.normalize.Fields.object;
import static dev.mfawatch.normalize.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.normalize.Changes;
import dev.mfawatch.normalize.MappingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Entra audit activities that call for a review of the exceptions naming a user: directory role
 * assignments (Core Directory and PIM), account disabled / enabled, department and manager changes.
 * Details carry {@code role} and {@code roleId} (the role template id, which is the same in every
 * tenant, else the role object id) for roles, and {@code old} / {@code new} as Entra printed them for
 * the user's properties.
 */
final class EntraLifecycle {

    /** The MS-PIM service principal's application id (the same in every tenant). */
    private static final String MS_PIM_APP_ID = "01fc33a7-78ba-4d2f-a4b7-768e336e890e";

    /** Core Directory's role membership activities (the role in the user target's Role.* properties). */
    private static final Set<String> DIRECTORY_ROLE = Set.of("add member to role", "remove member from role",
            "add eligible member to role", "remove eligible member from role", "add scoped member to role",
            "remove scoped member from role",
            "add member to role scoped over restricted management administrative unit",
            "remove member from role scoped over restricted management administrative unit");

    /** PIM's activations and their end: the use of an eligibility already granted. */
    private static final Set<String> PIM_ACTIVATION = Set.of("add member to role completed (pim activation)",
            "add member to role request approved (pim activation)", "remove member from role (pim activation expired)",
            "remove member from role completed (pim deactivate)");

    private EntraLifecycle() {
    }

    enum RoleActivity { DIRECTORY, PIM, PIM_ACTIVATION, PIM_MIRROR }

    /** Which kind of role activity a lower-cased activity name is; null when it is none (or a mere request). */
    static RoleActivity roleActivity(String a) {
        if (DIRECTORY_ROLE.contains(a)) {
            return RoleActivity.DIRECTORY;
        }
        if (PIM_ACTIVATION.contains(a)) {
            return RoleActivity.PIM_ACTIVATION;
        }
        if (a.startsWith("add member to role in pim completed")
                || a.startsWith("add eligible member to role in pim completed")
                || a.startsWith("remove member from role in pim completed")
                || a.startsWith("remove eligible member from role in pim completed")
                || a.equals("remove permanent direct role assignment")
                || a.equals("remove permanent eligible role assignment")) {
            return RoleActivity.PIM;
        }
        // PIM noting an assignment made elsewhere: Core Directory logged that assignment itself.
        if (a.startsWith("add member to role outside of pim")) {
            return RoleActivity.PIM_MIRROR;
        }
        return null;
    }

    static boolean initiatedByPim(JsonNode p) {
        JsonNode app = object(p, "initiatedBy", "app");
        return app != null && (MS_PIM_APP_ID.equalsIgnoreCase(text(app, "appId"))
                || "MS-PIM".equalsIgnoreCase(text(app, "displayName"))
                || "MS-PIM".equalsIgnoreCase(text(app, "servicePrincipalName")));
    }

    /**
     * Core Directory: the user is a target of type User whose modifiedProperties name the role
     * ({@code Role.DisplayName}, {@code Role.TemplateId}, {@code Role.ObjectID}, as JSON strings: new
     * values on an add, old values on a remove). A role given to a group or an app names no user: nothing.
     */
    static void directoryRole(JsonNode p, String a, String activity, Changes changes) {
        boolean add = a.startsWith("add");
        JsonNode roleTarget = target(p, "Role");
        for (JsonNode t : array(p, "targetResources")) {
            if (!"User".equalsIgnoreCase(text(t, "type"))) {
                continue;
            }
            String user = firstText(text(t, "userPrincipalName"), text(t, "id"));
            if (user == null) {
                continue;
            }
            String role = firstText(roleProperty(t, "Role.DisplayName", add),
                    roleProperty(t, "Role.WellKnownObjectName", add), text(roleTarget, "displayName"));
            String roleId = firstText(roleProperty(t, "Role.TemplateId", add), roleProperty(t, "Role.ObjectID", add),
                    text(roleTarget, "id"));
            changes.add(add ? ChangeOperation.ROLE_ASSIGNED : ChangeOperation.ROLE_REMOVED, List.of(user), null, null,
                    details("activity", activity, "role", role, "roleId", roleId, "roleKind", "ADMIN_ROLE",
                            "assignment", a.contains("eligible") ? "ELIGIBLE" : "ACTIVE"));
        }
    }

    /** PIM: the role is the target of type Role (its display name and role definition id), the user the User target. */
    static void pimRole(JsonNode p, String a, String activity, Changes changes) {
        boolean add = a.startsWith("add");
        JsonNode roleTarget = target(p, "Role");
        if (roleTarget == null) {
            // Detection content reads PIM's role as the first target: the same when the type is missing.
            roleTarget = array(p, "targetResources").stream().filter(t -> !"User".equalsIgnoreCase(text(t, "type")))
                    .findFirst().orElse(null);
        }
        List<String> users = new ArrayList<>();
        for (JsonNode t : array(p, "targetResources")) {
            if ("User".equalsIgnoreCase(text(t, "type"))) {
                String user = firstText(text(t, "userPrincipalName"), text(t, "id"));
                if (user != null) {
                    users.add(user);
                }
            }
        }
        if (users.isEmpty()) {
            return;
        }
        changes.add(add ? ChangeOperation.ROLE_ASSIGNED : ChangeOperation.ROLE_REMOVED, users, null, null,
                details("activity", activity, "role", text(roleTarget, "displayName"), "roleId", text(roleTarget, "id"),
                        "roleKind", "ADMIN_ROLE", "assignment",
                        a.contains("eligible") ? "ELIGIBLE" : "ACTIVE"));
    }

    /**
     * "Set user manager": Entra's record names the user and the new manager as two User targets without
     * saying which is which, so both are named (a review the manager did not need is cheaper than a
     * missed one).
     */
    static void setManager(JsonNode p, String activity, Changes changes) {
        List<String> users = new ArrayList<>();
        for (JsonNode t : array(p, "targetResources")) {
            String type = text(t, "type");
            if (type == null || type.equalsIgnoreCase("User")) {
                String user = firstText(text(t, "userPrincipalName"), text(t, "id"));
                if (user != null) {
                    users.add(user);
                }
            }
        }
        if (!users.isEmpty()) {
            changes.add(ChangeOperation.MANAGER_CHANGED, users, null, null, details("activity", activity));
        }
    }

    /**
     * "Update user" properties that call for a review: {@code AccountEnabled} ({@code [true]} →
     * {@code [false]}), {@code Department}, {@code Manager}. Returns true when the property is one of them.
     */
    static boolean updateUserProperty(JsonNode p, JsonNode t, JsonNode mp, String activity, Changes changes) {
        String name = text(mp, "displayName");
        if (name == null) {
            return false;
        }
        String property = name.toLowerCase(Locale.ROOT);
        if (!property.equals("accountenabled") && !property.equals("department") && !property.equals("manager")) {
            return false;
        }
        String before = value(raw(mp, "oldValue"));
        String after = value(raw(mp, "newValue"));
        String target = firstText(text(t, "userPrincipalName"), text(t, "id"));
        List<String> targets = target == null ? EntraAuditNormalizer.userTargets(p) : List.of(target);
        if (property.equals("accountenabled")) {
            if ("false".equalsIgnoreCase(after) && !"false".equalsIgnoreCase(before)) {
                changes.add(ChangeOperation.ACCOUNT_DISABLED, targets, null, null,
                        details("activity", activity, "property", name, "old", before, "new", after));
            } else if ("true".equalsIgnoreCase(after) && "false".equalsIgnoreCase(before)) {
                changes.add(ChangeOperation.ACCOUNT_ENABLED, targets, null, null,
                        details("activity", activity, "property", name, "old", before, "new", after));
            }
            return true;
        }
        if (same(before, after)) {
            return true;
        }
        ChangeOperation op = property.equals("department") ? ChangeOperation.DEPARTMENT_CHANGED
                : ChangeOperation.MANAGER_CHANGED;
        changes.add(op, targets, null, null,
                details("activity", activity, "property", name, "old", before, "new", after));
        return true;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    private static JsonNode target(JsonNode p, String type) {
        for (JsonNode t : array(p, "targetResources")) {
            if (type.equalsIgnoreCase(text(t, "type"))) {
                return t;
            }
        }
        return null;
    }

    /** A Role.* property of the user target: the new value on an add, the old one on a remove (else the other). */
    private static String roleProperty(JsonNode target, String name, boolean add) {
        for (JsonNode mp : array(target, "modifiedProperties")) {
            if (name.equalsIgnoreCase(text(mp, "displayName"))) {
                String first = value(raw(mp, add ? "newValue" : "oldValue"));
                return first != null ? first : value(raw(mp, add ? "oldValue" : "newValue"));
            }
        }
        return null;
    }

    /** A value as written: JSON in a string as Entra writes it, or (some exports) the JSON itself. */
    private static String raw(JsonNode mp, String key) {
        JsonNode n = get(mp, key);
        return n == null ? null : n.isContainerNode() ? n.toString() : n.asText();
    }

    /**
     * A modified property's value as text: Entra writes JSON in strings ({@code "\"Sales\""},
     * {@code "[\"Sales\"]"}, {@code "[true]"}); the first element of a list, null for an empty one.
     * A value that is not JSON is kept as written.
     */
    static String value(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        JsonNode n;
        try {
            n = EntraAuditNormalizer.parseEmbedded(raw, "modifiedProperties.value");
        } catch (MappingException e) {
            return raw.trim();
        }
        if (n == null) {
            return raw.trim();
        }
        if (n.isArray()) {
            n = n.isEmpty() ? null : n.get(0);
        }
        if (n == null || n.isNull()) {
            return null;
        }
        String s = n.isValueNode() ? n.asText() : n.toString();
        return s.isBlank() ? null : s;
    }
}
