package dev.mfawatch.detector.review;

import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What calls for a review of the exceptions naming a principal, from a directory change or from two
 * inventory versions. Pure. A trigger's {@code token} names the change without its values (one token
 * per role, {@code disabled}, {@code department}, {@code manager}, {@code breakglass+/-}) so that the
 * same change arriving on both inputs is recognised; its {@code phrase} is what the notice says.
 */
final class ReviewTriggers {

    record Trigger(String token, String phrase) {
    }

    private ReviewTriggers() {
    }

    /**
     * The trigger of one change, if any. A role counts when its name matches {@code privileged}, when the
     * principal's last inventory version ({@code print}, may be null) lists it as privileged, or when the
     * change names no role at all (it may well be privileged). A department or manager change whose old
     * and new values are both given and equal is no change.
     */
    static Optional<Trigger> of(DirectoryChange c, ReviewPrint print, Pattern privileged) {
        ChangeOperation op = c.operation();
        return switch (op) {
            case ROLE_ASSIGNED, ROLE_REMOVED -> role(c, print, privileged, op == ChangeOperation.ROLE_ASSIGNED);
            case ACCOUNT_DISABLED -> Optional.of(new Trigger("disabled", "was disabled"));
            case DEPARTMENT_CHANGED -> field(c, "department");
            case MANAGER_CHANGED -> field(c, "manager");
            default -> Optional.empty();
        };
    }

    private static Optional<Trigger> role(DirectoryChange c, ReviewPrint print, Pattern privileged, boolean assigned) {
        String role = text(c.details().get("role"));
        String roleId = text(c.details().get("roleId"));
        String name = role != null ? role : roleId;
        boolean counts = name == null
                || (role != null && privileged.matcher(role).matches())
                || (roleId != null && privileged.matcher(roleId).matches())
                || (print != null && (print.holds(role) || print.holds(roleId)));
        if (!counts) {
            return Optional.empty();
        }
        String token = (assigned ? "role+:" : "role-:") + (name == null ? "?" : name.toLowerCase(Locale.ROOT));
        if (name == null) {
            return Optional.of(new Trigger(token, assigned ? "was assigned a role the change does not name"
                    : "lost a role the change does not name"));
        }
        return Optional.of(new Trigger(token, (assigned ? "was assigned the privileged role \"" : "lost the privileged role \"")
                + name + "\""));
    }

    private static Optional<Trigger> field(DirectoryChange c, String field) {
        String old = text(c.details().get("old"));
        String now = text(c.details().get("new"));
        if (old != null && now != null && old.equalsIgnoreCase(now)) {
            return Optional.empty();
        }
        return Optional.of(new Trigger(field, "changed " + field));
    }

    /** What changed between two inventory versions; a department or manager appearing or disappearing is not a change. */
    static List<Trigger> between(ReviewPrint old, ReviewPrint now) {
        List<Trigger> out = new ArrayList<>();
        for (String r : now.privilegedRoles()) {
            if (!old.holds(r)) {
                out.add(new Trigger("role+:" + r.toLowerCase(Locale.ROOT), "gained the privileged role \"" + r + "\""));
            }
        }
        for (String r : old.privilegedRoles()) {
            if (!now.holds(r)) {
                out.add(new Trigger("role-:" + r.toLowerCase(Locale.ROOT), "lost the privileged role \"" + r + "\""));
            }
        }
        if (old.breakGlass() != now.breakGlass()) {
            out.add(now.breakGlass() ? new Trigger("breakglass+", "became a break-glass account")
                    : new Trigger("breakglass-", "is no longer a break-glass account"));
        }
        if (!old.disabled() && now.disabled()) {
            out.add(new Trigger("disabled", "was disabled"));
        }
        if (old.department() != null && now.department() != null && !old.department().equals(now.department())) {
            out.add(new Trigger("department", "changed department"));
        }
        if (old.manager() != null && now.manager() != null && !old.manager().equals(now.manager())) {
            out.add(new Trigger("manager", "changed manager"));
        }
        return out;
    }

    /** "a", "a and b", "a, b and c". */
    static String phrases(List<Trigger> triggers) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < triggers.size(); i++) {
            sb.append(i == 0 ? "" : i == triggers.size() - 1 ? " and " : ", ").append(triggers.get(i).phrase());
        }
        return sb.toString();
    }

    private static String text(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
