package dev.mfawatch.normalize.okta;

import static dev.mfawatch.normalize.Changes.details;
import static dev.mfawatch.normalize.Fields.array;
import static dev.mfawatch.normalize.Fields.firstText;
import static dev.mfawatch.normalize.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.normalize.Changes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Okta System Log events that call for a review of the exceptions naming a user. The user is always
 * the event's {@code User} target (never the actor: these are done to a user, mostly by an admin); an
 * event without one changes nobody's exceptions.
 */
final class OktaLifecycle {

    private OktaLifecycle() {
    }

    /**
     * {@code user.account.privilege.grant|revoke}: an admin role given or taken. Current events name the
     * role in a target of type {@code ROLE} (display name, and an id such as {@code HelpDeskAdmin});
     * older ones only in {@code debugContext.debugData.privilegeGranted} ("Organization administrator,
     * Application administrator (all)"). One change per role.
     */
    static void privilege(JsonNode e, String type, Changes changes) {
        List<String> users = users(e);
        if (users.isEmpty()) {
            return;
        }
        boolean grant = type.endsWith("grant");
        ChangeOperation op = grant ? ChangeOperation.ROLE_ASSIGNED : ChangeOperation.ROLE_REMOVED;
        boolean allRevoked = false;
        List<String[]> roles = new ArrayList<>();
        for (JsonNode t : array(e, "target")) {
            String targetType = text(t, "type");
            if ("ROLE".equalsIgnoreCase(targetType)) {
                roles.add(new String[] {text(t, "displayName"), text(t, "id")});
            } else if ("ROLE_UNASSIGNED_ALL_PRIVILEGES_REVOKED".equalsIgnoreCase(targetType)) {
                allRevoked = true;
            }
        }
        if (roles.isEmpty()) {
            String listed = text(e, "debugContext", "debugData", grant ? "privilegeGranted" : "privilegeRevoked");
            if (listed != null) {
                for (String r : listed.split(",")) {
                    if (!r.isBlank()) {
                        roles.add(new String[] {r.trim(), null});
                    }
                }
            }
        }
        if (roles.isEmpty()) {
            // Still an admin privilege change, whichever role it was.
            roles.add(new String[] {null, null});
        }
        for (String[] role : roles) {
            changes.add(op, users, null, null, details("eventType", type, "role", role[0], "roleId", role[1],
                    "roleKind", "ADMIN_ROLE", "allPrivilegesRevoked", allRevoked ? "true" : null));
        }
    }

    /** Suspended / deactivated (disabled) or unsuspended / activated / reactivated (enabled). */
    static void account(JsonNode e, String type, ChangeOperation op, Changes changes) {
        List<String> users = users(e);
        if (!users.isEmpty()) {
            changes.add(op, users, null, null, details("eventType", type));
        }
    }

    /**
     * {@code user.account.update_profile}: Okta lists the changed profile attributes, comma-separated, in
     * {@code debugContext.debugData.changedAttributes} but not their values, so details have no old/new.
     * {@code department} → DEPARTMENT_CHANGED; {@code manager} or {@code managerId} → MANAGER_CHANGED.
     */
    static void profile(JsonNode e, String type, Changes changes) {
        String changed = text(e, "debugContext", "debugData", "changedAttributes");
        if (changed == null) {
            return;
        }
        boolean department = false;
        List<String> managerAttributes = new ArrayList<>();
        for (String a : changed.split(",")) {
            String name = a.trim().toLowerCase(Locale.ROOT);
            if (name.equals("department")) {
                department = true;
            } else if (name.equals("manager") || name.equals("managerid")) {
                managerAttributes.add(a.trim());
            }
        }
        if (!department && managerAttributes.isEmpty()) {
            return;
        }
        List<String> users = users(e);
        if (users.isEmpty()) {
            return;
        }
        if (department) {
            changes.add(ChangeOperation.DEPARTMENT_CHANGED, users, null, null,
                    details("eventType", type, "property", "department"));
        }
        if (!managerAttributes.isEmpty()) {
            changes.add(ChangeOperation.MANAGER_CHANGED, users, null, null,
                    details("eventType", type, "property", String.join(",", managerAttributes)));
        }
    }

    private static List<String> users(JsonNode e) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : array(e, "target")) {
            if ("User".equalsIgnoreCase(text(t, "type"))) {
                String alternate = text(t, "alternateId");
                String name = firstText("unknown".equalsIgnoreCase(alternate) ? null : alternate, text(t, "id"));
                if (name != null) {
                    out.add(name);
                }
            }
        }
        return out;
    }
}
