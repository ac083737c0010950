package dev.mfawatch.detector.review;

import dev.mfawatch.model.config.EnvConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the {@code REVIEW_TRIGGERED} notice.
 *
 * @param privilegedRoles  role names (case-insensitive, {@code *} = any characters) whose assignment or removal
 *                         calls for a review ({@code none}: no name does); a role the principal's inventory lists as
 *                         privileged always does
 * @param sameChangeWindow a change announced from {@code directory.changes} is not announced again when the
 *                         inventory shows it within this time (and the other way round)
 */
public record ReviewSettings(List<String> privilegedRoles, Duration sameChangeWindow) {

    public static final String PRIVILEGED_ROLES = "MFAWATCH_REVIEW_PRIVILEGED_ROLES";
    public static final String SAME_CHANGE_WINDOW = "MFAWATCH_REVIEW_SAME_CHANGE_WINDOW";

    /**
     * Every provider's administrator roles (Entra "Global Administrator", "Privileged Role Administrator",
     * "Security Administrator", Okta "Super Administrator", Google "Super Admin", AWS "AdministratorAccess"),
     * Azure's "Owner", AWS's "*FullAccess" policies and "PowerUserAccess".
     */
    public static final List<String> DEFAULT_PRIVILEGED_ROLES = List.of("*admin*", "owner", "*fullaccess*", "poweruseraccess");
    public static final ReviewSettings DEFAULTS = new ReviewSettings(DEFAULT_PRIVILEGED_ROLES, Duration.ofDays(7));

    public ReviewSettings {
        privilegedRoles = List.copyOf(privilegedRoles);
        Objects.requireNonNull(sameChangeWindow, "sameChangeWindow == null");
        if (sameChangeWindow.isNegative()) {
            throw new IllegalArgumentException(SAME_CHANGE_WINDOW + ": must not be negative, got " + sameChangeWindow);
        }
    }

    public static ReviewSettings from(EnvConfig c) {
        String roles = c.get(PRIVILEGED_ROLES, null);
        return new ReviewSettings(roles == null ? DEFAULT_PRIVILEGED_ROLES
                : roles.equalsIgnoreCase("none") ? List.of()
                : Arrays.stream(roles.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                c.getDuration(SAME_CHANGE_WINDOW, DEFAULTS.sameChangeWindow));
    }

    /** The patterns as one case-insensitive expression matching a whole role name. */
    Pattern pattern() {
        if (privilegedRoles.isEmpty()) {
            return Pattern.compile("(?!)"); // matches nothing: only the inventory's privileged roles count
        }
        StringBuilder regex = new StringBuilder();
        for (String glob : privilegedRoles) {
            regex.append(regex.isEmpty() ? "" : "|").append("(?:");
            String[] parts = glob.toLowerCase(Locale.ROOT).split("\\*", -1);
            for (int i = 0; i < parts.length; i++) {
                regex.append(i > 0 ? ".*" : "").append(Pattern.quote(parts[i]));
            }
            regex.append(")");
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }
}
