package dev.mfawatch.normalize.google;

import static dev.mfawatch.normalize.Changes.details;

import dev.mfawatch.model.directory.ChangeOperation;
import java.util.Map;

/**
 * Google Workspace admin audit events that call for a review of the exceptions naming a user, all
 * naming that user in {@code USER_EMAIL}: {@code ASSIGN_ROLE} / {@code UNASSIGN_ROLE} (the admin role
 * in {@code ROLE_NAME}, e.g. {@code _SEED_ADMIN_ROLE} for super admin, and {@code ORG_UNIT_NAME} when
 * the role is limited to an OU), the older {@code GRANT_ADMIN_PRIVILEGE} / {@code REVOKE_ADMIN_PRIVILEGE}
 * (no role named), {@code SUSPEND_USER} / {@code UNSUSPEND_USER}. Google's {@code CHANGE_USER_ORGANIZATION}
 * and {@code CHANGE_USER_RELATION} cover every organization field (title, cost centre…) and every
 * relation (assistant, spouse…) without saying which changed, so they are not read as a department
 * or manager change.
 */
final class GoogleLifecycle {

    record Mapping(ChangeOperation operation, String target, Map<String, String> details) {
    }

    private GoogleLifecycle() {
    }

    /** The mapping of an event, or null when the event is none of these. */
    static Mapping of(String name, Activity.Event event) {
        ChangeOperation op = switch (name) {
            case "ASSIGN_ROLE", "GRANT_ADMIN_PRIVILEGE" -> ChangeOperation.ROLE_ASSIGNED;
            case "UNASSIGN_ROLE", "REVOKE_ADMIN_PRIVILEGE" -> ChangeOperation.ROLE_REMOVED;
            case "SUSPEND_USER" -> ChangeOperation.ACCOUNT_DISABLED;
            case "UNSUSPEND_USER" -> ChangeOperation.ACCOUNT_ENABLED;
            default -> null;
        };
        if (op == null) {
            return null;
        }
        String user = event.first("USER_EMAIL");
        boolean role = op == ChangeOperation.ROLE_ASSIGNED || op == ChangeOperation.ROLE_REMOVED;
        return new Mapping(op, user, details("eventName", name, "role", event.first("ROLE_NAME"),
                "roleId", event.first("ROLE_ID"), "roleKind", role ? "ADMIN_ROLE" : null,
                "orgUnit", event.first("ORG_UNIT_NAME")));
    }
}
