package dev.mfawatch.detector.changes;

import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.Phrases;
import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.directory.PolicyRef;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Lifecycle;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code UNAPPROVED_EXCLUSION_CHANGE}: a change that weakens MFA for a principal ({@link ChangeEffect#WEAKENING})
 * is compared with the register at the moment it happens. It is approved when an entry naming the
 * principal (or, for a change naming nobody, the policy) was in force at the change's time
 * (APPROVED/ACTIVE, activated, not expired or revoked), names the change's policy when it restricts
 * policies, and has an approver other than the actor (segregation of duties). Otherwise:
 * <ul>
 *   <li>HIGH, naming the actor, policy, principal, old and new values and the closest entry with why
 *       it does not match ({@link Mismatch});</li>
 *   <li>CRITICAL for a blanket exclusion — a group or role excluded (Entra {@code excludeGroups} /
 *       {@code excludeRoles}) or a policy weakened for {@code all} users — that no entry names, and for a
 *       principal the register knows as a break-glass account (its privilege is otherwise unknown here);</li>
 *   <li>HIGH "outlives its approval" when an exclusion is extended past the covering entry's
 *       {@code expiresAt} (the new end read from {@code details.newEnd}, {@code newExpiresAt} or an
 *       ISO-8601 {@code newValue}).</li>
 * </ul>
 * Scope dimensions other than policies (apps, protocols, networks, countries) restrict sign-ins, not
 * configuration changes, and are not compared here.
 */
public final class UnapprovedExclusionChangeDetector implements ChangeDetector {

    public static final String ID = "UNAPPROVED_EXCLUSION_CHANGE";

    private static final Set<String> BLANKET_PROPERTIES = Set.of("conditions.users.excludegroups",
            "conditions.users.excluderoles");
    private static final String ALL_USERS = "all";

    private static final DetectorMetadata METADATA = new DetectorMetadata(
            ID,
            "MFA weakened without a matching approved register exception",
            "An MFA exclusion added or extended, a policy disabled or switched to report-only, an MFA grant or "
                    + "sign-on factor requirement removed, per-user or org-wide MFA disabled, or an MFA device "
                    + "deactivated, for a principal that no approved, in-force, in-scope register entry with an "
                    + "approver other than the actor covered at the time of the change.",
            Severity.HIGH,
            List.of("T1556.006", "T1098"),
            List.of("A change approved in governance whose register entry is not yet published",
                    "A user removing their own old device before enrolling a new one",
                    "Helpdesk factor resets during a documented recovery, recorded without a register entry"),
            List.of("https://attack.mitre.org/techniques/T1556/006/", "https://attack.mitre.org/techniques/T1098/",
                    "https://learn.microsoft.com/en-us/entra/identity/conditional-access/policy-all-users-mfa-strength"),
            new Response(
                    "Revert the change (remove the exclusion, re-enable the policy or MFA) unless the owner confirms it",
                    "Confirm with the actor and their manager why the change was made; review the actor's other changes",
                    "Record an approved register entry (approver other than the implementer) if the exception is needed"));

    /** Why an entry does not cover the change; the {@code mismatch} detail of the alert. */
    public enum Mismatch {
        /** No register entry names the principal (or the policy). */
        MISSING,
        /** The entry was approved and in force but by the actor themself. */
        SELF_APPROVED,
        /** The entry names policies, not this one. */
        OUT_OF_SCOPE,
        /** The entry records no approver, so segregation of duties cannot be shown. */
        NO_APPROVER,
        EXPIRED,
        REVOKED,
        NOT_YET_ACTIVE,
        /** REQUESTED, or closed without ever being in force. */
        NOT_APPROVED,
        /** The entry covers the change, but the extension runs past its expiry. */
        OUTLIVES_APPROVAL;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record Assessment(ExceptionEntry entry, Mismatch mismatch) {
    }

    @Override
    public DetectorMetadata metadata() {
        return METADATA;
    }

    @Override
    public Optional<Finding> detect(ChangeContext context) {
        DirectoryChange change = context.change();
        if (ChangeEffect.of(change.operation()) != ChangeEffect.WEAKENING) {
            return Optional.empty();
        }
        String actor = change.actor() == null ? null : change.actor().id();
        List<Assessment> assessed = context.candidates().stream().map(e -> assess(e, change, actor)).toList();
        Optional<Assessment> covering = assessed.stream().filter(a -> a.mismatch() == null).findFirst();
        if (covering.isPresent()) {
            ExceptionEntry entry = covering.get().entry();
            Optional<Instant> newEnd = newEnd(change);
            if (change.operation() == ChangeOperation.EXCLUSION_EXTENDED && newEnd.isPresent()
                    && entry.expiresAt() != null && newEnd.get().isAfter(entry.expiresAt())) {
                return Optional.of(finding(context, new Assessment(entry, Mismatch.OUTLIVES_APPROVAL), Severity.HIGH));
            }
            return Optional.empty();
        }
        Assessment closest = assessed.stream()
                .min(Comparator.comparing((Assessment a) -> a.mismatch().ordinal()).thenComparing(a -> a.entry().id()))
                .orElse(new Assessment(null, Mismatch.MISSING));
        boolean blanket = blanket(change, context.principal()) && context.candidates().isEmpty();
        boolean breakGlass = context.candidates().stream().anyMatch(e -> e.category() == ExceptionCategory.BREAK_GLASS);
        return Optional.of(finding(context, closest, blanket || breakGlass ? Severity.CRITICAL : Severity.HIGH));
    }

    /**
     * The entry that approves a weakening change for one target, as {@link #detect} judges it: the first
     * candidate (by id) in force at the change's time, naming its policy when it restricts policies, approved
     * by someone other than the actor. Empty for any other change. The usage ledger counts it as a use.
     */
    public static Optional<ExceptionEntry> approving(DirectoryChange change, List<ExceptionEntry> candidates) {
        if (ChangeEffect.of(change.operation()) != ChangeEffect.WEAKENING) {
            return Optional.empty();
        }
        String actor = change.actor() == null ? null : change.actor().id();
        return candidates.stream().map(e -> assess(e, change, actor)).filter(a -> a.mismatch() == null)
                .map(Assessment::entry).findFirst();
    }

    private static Assessment assess(ExceptionEntry e, DirectoryChange change, String actor) {
        Lifecycle lifecycle = e.lifecycleAt(change.time());
        Mismatch m = switch (lifecycle) {
            case NOT_APPROVED -> Mismatch.NOT_APPROVED;
            case NOT_YET_ACTIVE -> Mismatch.NOT_YET_ACTIVE;
            case EXPIRED -> Mismatch.EXPIRED;
            case REVOKED -> Mismatch.REVOKED;
            case IN_FORCE -> null;
        };
        if (m == null && !policyInScope(e, change.policy())) {
            m = Mismatch.OUT_OF_SCOPE;
        }
        if (m == null && e.approvers().isEmpty()) {
            m = Mismatch.NO_APPROVER;
        }
        if (m == null && actor != null && e.approvers().stream().anyMatch(a -> a.trim().equalsIgnoreCase(actor))) {
            m = Mismatch.SELF_APPROVED;
        }
        return new Assessment(e, m);
    }

    /** An entry naming no policies covers any policy; one naming policies covers those (by id or name). */
    static boolean policyInScope(ExceptionEntry e, PolicyRef policy) {
        List<String> policies = e.scope().policies();
        if (policies.isEmpty()) {
            return true;
        }
        return policy != null && policies.stream().anyMatch(p -> p.equalsIgnoreCase(nullToEmpty(policy.id()))
                || p.equalsIgnoreCase(nullToEmpty(policy.name())));
    }

    /** A group or role excluded wholesale, or a policy weakened for every user. */
    static boolean blanket(DirectoryChange change, String principal) {
        String property = change.details().get("property");
        return (property != null && BLANKET_PROPERTIES.contains(property.toLowerCase(Locale.ROOT)))
                || ALL_USERS.equals(principal);
    }

    static Optional<Instant> newEnd(DirectoryChange change) {
        for (String key : List.of("newEnd", "newExpiresAt", "newValue")) {
            String v = change.details().get(key);
            if (v == null) {
                continue;
            }
            try {
                return Optional.of(Instant.parse(v.trim()));
            } catch (DateTimeParseException e) {
                // not a time: try the next key
            }
        }
        return Optional.empty();
    }

    private static Finding finding(ChangeContext context, Assessment closest, Severity severity) {
        DirectoryChange c = context.change();
        String principal = ChangeContext.alertPrincipal(c, context.principal());
        String actor = Phrases.orUnknown(c.actor() == null ? null : c.actor().id(), "actor");
        ExceptionEntry entry = closest.entry();
        Map<String, String> d = new LinkedHashMap<>();
        d.put("operation", c.operation().name());
        d.put("actor", Phrases.orUnknown(c.actor() == null ? null : c.actor().id()));
        if (c.actor() != null && c.actor().type() != null) {
            d.put("actorType", c.actor().type());
        }
        d.put("principal", principal);
        if (c.policy() != null) {
            putIfPresent(d, "policyId", c.policy().id());
            putIfPresent(d, "policyName", c.policy().name());
        }
        for (String key : List.of("property", "oldValue", "newValue", "factor", "action", "activity", "eventType",
                "eventName", "fanOutOf")) {
            putIfPresent(d, key, c.details().get(key));
        }
        putIfPresent(d, "ticket", c.ticket());
        d.put("mismatch", closest.mismatch().code());
        d.put("blanket", Boolean.toString(blanket(c, context.principal())));
        d.put("privileged", context.candidates().stream().anyMatch(e -> e.category() == ExceptionCategory.BREAK_GLASS)
                ? "break_glass" : "unknown");
        if (entry != null) {
            d.put("closestEntry", entry.id());
            putIfPresent(d, "closestEntryStatus", entry.status() == null ? null : entry.status().name());
            putIfPresent(d, "closestEntryExpiresAt", entry.expiresAt() == null ? null : entry.expiresAt().toString());
            if (!entry.approvers().isEmpty()) {
                d.put("closestEntryApprovers", String.join(",", entry.approvers()));
            }
            if (!entry.scope().policies().isEmpty()) {
                d.put("closestEntryPolicies", String.join(",", entry.scope().policies()));
            }
        }
        newEnd(c).ifPresent(t -> d.put("newEnd", t.toString()));
        String summary = actor + " " + what(c, principal) + " " + why(closest, c) + ".";
        return new Finding(severity, entry, summary, d);
    }

    private static String what(DirectoryChange c, String principal) {
        String name = c.policy() == null ? null : firstNonBlank(c.policy().name(), c.policy().id());
        String policy = name == null ? "" : " \"" + name + "\"";
        return switch (c.operation()) {
            case EXCLUSION_ADDED -> "excluded " + principal + " from MFA policy" + policy;
            case EXCLUSION_EXTENDED -> "extended the MFA exclusion of " + principal + (policy.isEmpty() ? "" : " in policy" + policy);
            case MFA_DISABLED -> "disabled MFA for " + principal;
            case MFA_REQUIREMENT_REMOVED -> "removed the MFA requirement" + (policy.isEmpty() ? "" : " of policy" + policy)
                    + " for " + principal;
            case POLICY_DISABLED -> "disabled policy" + policy + " covering " + principal;
            case POLICY_REPORT_ONLY -> "switched policy" + policy + " to report-only for " + principal;
            case FACTOR_REMOVED -> "removed an MFA factor of " + principal;
            case FACTOR_RESET -> "reset every MFA factor of " + principal;
            case FACTOR_SUSPENDED -> "suspended an MFA factor of " + principal;
            default -> c.operation().name() + " for " + principal;
        };
    }

    private static String why(Assessment a, DirectoryChange c) {
        ExceptionEntry e = a.entry();
        String entry = e == null ? "" : "register entry " + e.id();
        return switch (a.mismatch()) {
            case MISSING -> "with no register entry covering it";
            case SELF_APPROVED -> "although " + entry + " was approved by the actor themself (segregation of duties)";
            case OUT_OF_SCOPE -> "but " + entry + " covers only policies " + e.scope().policies();
            case NO_APPROVER -> "but " + entry + " names no approver";
            case EXPIRED -> "but " + entry + " had expired" + (e.expiresAt() == null ? "" : " at " + e.expiresAt());
            case REVOKED -> "but " + entry + " had been revoked" + e.revokedAt().map(t -> " at " + t).orElse("");
            case NOT_YET_ACTIVE -> "but " + entry + " is not active until " + e.activatedAt();
            case NOT_APPROVED -> "but " + entry + " is not approved (status " + Phrases.orUnknown(e.status()) + ")";
            case OUTLIVES_APPROVAL -> "until " + newEnd(c).map(Instant::toString).orElse("?") + ", beyond the expiry of "
                    + entry + " (" + e.expiresAt() + "): the exclusion would outlive its approval";
        };
    }

    private static void putIfPresent(Map<String, String> d, String key, String value) {
        if (value != null && !value.isBlank()) {
            d.put(key, value);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }
}
