package dev.mfawatch.detector.resets;

import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Which canonical changes are resets of a principal's factors or password by someone else (docs/PROVIDERS.md). */
final class ResetSignals {

    /**
     * Resets by one actor of one target this close together are one reset: Okta Identity Engine logs a
     * helpdesk "reset all factors" as one {@code user.mfa.factor.deactivate} per factor, an Entra agent
     * deletes the methods one by one, and a helpdesk often resets the password in the same call.
     */
    static final long RUN_GAP_SECONDS = 5 * 60;

    /** Version numbers in a user agent; compiled once, as it runs on every successful sign-in. */
    private static final Pattern VERSION = Pattern.compile("[0-9]+([._][0-9]+)*");

    /**
     * Entra security-info deletions, registrations and updates (a Temporary Access Pass issued is an "Admin registered
     * security info" too, and the helpdesk's usual way of handing a caller a working credential), Okta resets and
     * deactivations, password resets by an admin, Google's {@code 2sv_disable} / turn-off by an admin, AWS MFA
     * device deactivation.
     */
    private static final Set<ChangeOperation> RESETS = Set.of(ChangeOperation.FACTOR_RESET, ChangeOperation.FACTOR_REMOVED,
            ChangeOperation.FACTOR_UPDATED, ChangeOperation.FACTOR_REGISTERED, ChangeOperation.PASSWORD_RESET,
            ChangeOperation.MFA_DISABLED, ChangeOperation.TEMPORARY_ACCESS_PASS_ISSUED);

    /** A new credential for the principal: after a reset by someone else, a step of a takeover. */
    static boolean newCredential(ChangeOperation op) {
        return op == ChangeOperation.FACTOR_REGISTERED || op == ChangeOperation.TEMPORARY_ACCESS_PASS_ISSUED;
    }

    private ResetSignals() {
    }

    /** The change's {@code performedBy} as the normalizers write it; UNKNOWN when absent. */
    static String performedBy(DirectoryChange c) {
        String by = c.details().get("performedBy");
        return by == null || by.isBlank() ? "UNKNOWN" : by.trim().toUpperCase(Locale.ROOT);
    }

    static String actorId(DirectoryChange c) {
        return c.actor() == null ? null : c.actor().id();
    }

    /**
     * Whether {@code c} is a reset of {@code target}'s factors or password by someone other than the target
     * (an admin, the helpdesk, vendor support, an application) and by no exempt actor. {@code SELF} and the
     * provider's own {@code SYSTEM} actions are not; an {@code UNKNOWN} one counts only when its actor is
     * known and is not the target (AWS {@code DeleteVirtualMFADevice} names the caller as the target).
     */
    static boolean isReset(String target, DirectoryChange c, List<String> exemptActors) {
        if (!RESETS.contains(c.operation()) || target == null) {
            return false;
        }
        String actor = actorId(c);
        if (actor != null && exempt(actor, exemptActors)) {
            return false;
        }
        return switch (performedBy(c)) {
            case "SELF", "SYSTEM" -> false;
            case "ADMIN", "SUPPORT", "APP" -> true;
            default -> actor != null && !actor.equalsIgnoreCase(target);
        };
    }

    /** Whether {@code actor} is named by one of the patterns (exact, or with {@code *} for any run of characters). */
    static boolean exempt(String actor, List<String> patterns) {
        if (patterns.isEmpty()) {
            return false;
        }
        String a = actor.toLowerCase(Locale.ROOT);
        for (String p : patterns) {
            if (p.indexOf('*') < 0 ? p.equals(a) : glob(p, a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean glob(String pattern, String s) {
        String[] parts = pattern.split("\\*", -1);
        if (!s.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = s.indexOf(parts[i], at);
            if (found < 0) {
                return false;
            }
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return s.length() - at >= last.length() && s.endsWith(last);
    }

    /** The IPv4 /24 or IPv6 /48 an address belongs to, as text; null when it is not an address. */
    static String prefix(String ip) {
        if (ip == null || ip.isBlank()) {
            return null;
        }
        String s = ip.trim();
        if (s.indexOf(':') < 0) {
            int last = s.lastIndexOf('.');
            int dots = 0;
            for (int i = 0; i < s.length(); i++) {
                dots += s.charAt(i) == '.' ? 1 : 0;
            }
            return last > 0 && dots == 3 ? s.substring(0, last) + ".0/24" : null;
        }
        String[] groups = s.toLowerCase(Locale.ROOT).split(":", -1);
        if (groups.length < 3 || groups[0].isEmpty()) {
            return null;
        }
        // "::" inside the first three groups would shift them: compare such addresses whole.
        for (int i = 0; i < 3; i++) {
            if (groups[i].isEmpty()) {
                return s + "/128";
            }
        }
        return groups[0] + ":" + groups[1] + ":" + groups[2] + "::/48";
    }

    /**
     * A user agent without its version numbers: browsers update every few weeks, and a new version of the
     * user's own browser is not a new user agent.
     */
    static String agentFamily(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return null;
        }
        return VERSION.matcher(userAgent).replaceAll("#").trim().toLowerCase(Locale.ROOT);
    }
}
