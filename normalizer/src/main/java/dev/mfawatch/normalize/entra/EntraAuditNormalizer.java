package dev.mfawatch.normalize.entra;

import static dev.mfawatch.normalize.Changes.details;
import static dev.mfawatch.normalize.Fields.array;
import static dev.mfawatch.normalize.Fields.containsIgnoreCase;
import static dev.mfawatch.normalize.Fields.firstText;
import static dev.mfawatch.normalize.Fields.object;
import static dev.mfawatch.normalize.Fields.scalar;
import static dev.mfawatch.normalize.Fields.text;
import static dev.mfawatch.normalize.Fields.texts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.directory.PolicyRef;
import dev.mfawatch.normalize.Changes;
import dev.mfawatch.normalize.JsonRecordNormalizer;
import dev.mfawatch.normalize.MapContext;
import dev.mfawatch.normalize.MappingException;
import dev.mfawatch.normalize.NormalizerConfig;
import dev.mfawatch.normalize.ReasonCodes;
import dev.mfawatch.normalize.Times;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Entra ID audit logs (Graph {@code directoryAudit}, Azure Monitor {@code AuditLogs} records or
 * Log Analytics {@code AuditLogs} rows, see {@link LogAnalyticsRows}):
 * conditional access policy add/update/delete, per-user MFA disabled, security info registered, updated or
 * deleted, temporary access pass issued, admin password reset, self-service password reset; and the
 * lifecycle changes that call
 * for an exception review (directory roles, account disabled / enabled, department, manager: see
 * {@link EntraLifecycle}). Every other activity is skipped.
 */
public final class EntraAuditNormalizer extends JsonRecordNormalizer {

    public static final String SOURCE = "entra-audit";

    private static final List<String> EXCLUSION_KEYS = List.of("excludeUsers", "excludeGroups", "excludeRoles");
    private static final String REPORT_ONLY = "enabledForReportingButNotEnforced";

    public EntraAuditNormalizer(NormalizerConfig config) {
        super(SOURCE, config);
    }

    private static JsonNode body(JsonNode event) {
        JsonNode props = object(event, "properties");
        return props != null ? props : event;
    }

    @Override
    protected String recordId(JsonNode event) {
        return LogAnalyticsRows.isRow(event) ? text(event, "Id") : text(body(event), "id");
    }

    @Override
    protected void map(JsonNode record, MapContext ctx) {
        JsonNode event = LogAnalyticsRows.toGraph(record);
        JsonNode p = body(event);
        String id = text(p, "id");
        String activity = firstText(text(p, "activityDisplayName"), scalar(event, "operationName"));
        if (activity == null) {
            throw MappingException.missing("activityDisplayName");
        }
        String a = activity.toLowerCase(Locale.ROOT);
        Kind kind = kind(a, p);
        if (kind == Kind.NONE) {
            ctx.skip(ReasonCodes.UNKNOWN_EVENT_TYPE, id);
            return;
        }
        if (kind == Kind.MIRROR) {
            ctx.skip(ReasonCodes.MIRRORED_EVENT, id);
            return;
        }
        if (kind == Kind.ACTIVATION) {
            // A PIM activation or its expiry uses an eligibility already granted (and logged when granted):
            // no change of what the principal may do, so no review.
            ctx.skip(ReasonCodes.NOT_MFA_RELEVANT, id);
            return;
        }
        String result = text(p, "result");
        if (result != null && !result.equalsIgnoreCase("success")) {
            ctx.skip(ReasonCodes.OPERATION_FAILED, id);
            return;
        }
        Changes changes = new Changes(ctx.eventId(id), SOURCE,
                Times.parse(firstText(text(p, "activityDateTime"), scalar(event, "time")), "activityDateTime"),
                actor(p), ctx.ref(id));
        // Graph and Azure Monitor say why in resultReason; a Log Analytics AuditLogs row often leaves ResultReason
        // empty and says it in ResultDescription (what Sentinel's TAP rules match on).
        String reason = firstText(text(p, "resultReason"), text(p, "resultDescription"), scalar(event, "resultDescription"));
        String ticket = ticket(p);
        // Who did it and how to tie the records of one operation together (an admin password reset is
        // logged by Core Directory and by the password reset service, under one correlation id).
        String by = performedBy(a, p);
        String correlation = firstText(text(p, "correlationId"), scalar(event, "correlationId"));
        String service = text(p, "loggedByService");
        switch (kind) {
            case CA_POLICY -> caPolicy(p, a, activity, changes);
            case DISABLE_STRONG_AUTH -> changes.add(ChangeOperation.MFA_DISABLED, userTargets(p), null, null,
                    details("activity", activity));
            case ENABLE_STRONG_AUTH -> changes.add(ChangeOperation.MFA_ENABLED, userTargets(p), null, null,
                    details("activity", activity));
            case UPDATE_USER -> updateUser(p, activity, changes);
            case FACTOR_REGISTERED -> changes.add(containsIgnoreCase(reason, "temporary access pass")
                            ? ChangeOperation.TEMPORARY_ACCESS_PASS_ISSUED : ChangeOperation.FACTOR_REGISTERED,
                    userTargets(p), null, ticket, details("activity", activity, "resultReason", reason,
                            "methodAffected", methodAffected(reason), "performedBy", by, "correlationId", correlation,
                            DirectoryChange.TARGET_ID, targetId(p)));
            case FACTOR_REMOVED -> changes.add(ChangeOperation.FACTOR_REMOVED, userTargets(p), null, ticket,
                    details("activity", activity, "resultReason", reason, "methodAffected", methodAffected(reason),
                            "resetScope", "one", "performedBy", by, "correlationId", correlation,
                            DirectoryChange.TARGET_ID, targetId(p)));
            case FACTOR_UPDATED -> changes.add(ChangeOperation.FACTOR_UPDATED, userTargets(p), null, ticket,
                    details("activity", activity, "resultReason", reason, "methodAffected", methodAffected(reason),
                            "performedBy", by, "correlationId", correlation, DirectoryChange.TARGET_ID, targetId(p)));
            // No canonical "default factor changed": OTHER, with the precise action in details.
            case FACTOR_CHANGED -> changes.add(ChangeOperation.OTHER, userTargets(p), null, null,
                    details("action", "DEFAULT_FACTOR_CHANGED", "activity", activity, "resultReason", reason));
            case PASSWORD_RESET -> changes.add(ChangeOperation.PASSWORD_RESET, userTargets(p), null, ticket,
                    details("action", "PASSWORD_RESET_BY_ADMIN", "activity", activity, "performedBy", by,
                            "loggedByService", service, "correlationId", correlation, DirectoryChange.TARGET_ID, targetId(p)));
            case PASSWORD_RECOVERY -> changes.add(ChangeOperation.PASSWORD_RECOVERY, userTargets(p), null, null,
                    details("activity", activity, "channel", "SELF_SERVICE", "loggedByService", service,
                            "correlationId", correlation));
            case ROLE_MEMBER -> EntraLifecycle.directoryRole(p, a, activity, changes);
            case PIM_ROLE_MEMBER -> EntraLifecycle.pimRole(p, a, activity, changes);
            case ACCOUNT_DISABLED -> changes.add(ChangeOperation.ACCOUNT_DISABLED, userTargets(p), null, null,
                    details("activity", activity));
            case ACCOUNT_ENABLED -> changes.add(ChangeOperation.ACCOUNT_ENABLED, userTargets(p), null, null,
                    details("activity", activity));
            case SET_MANAGER -> EntraLifecycle.setManager(p, activity, changes);
            default -> throw new IllegalStateException("unhandled kind " + kind);
        }
        changes.emit(ctx, ReasonCodes.NOT_MFA_RELEVANT, id);
    }

    private enum Kind {
        CA_POLICY, DISABLE_STRONG_AUTH, ENABLE_STRONG_AUTH, UPDATE_USER, FACTOR_REGISTERED, FACTOR_REMOVED,
        FACTOR_UPDATED, FACTOR_CHANGED, PASSWORD_RESET, PASSWORD_RECOVERY, ROLE_MEMBER, PIM_ROLE_MEMBER,
        ACCOUNT_DISABLED, ACCOUNT_ENABLED, SET_MANAGER,
        MIRROR, ACTIVATION, NONE
    }

    private static Kind kind(String a, JsonNode p) {
        if (a.endsWith("conditional access policy")) {
            return Kind.CA_POLICY;
        }
        if (a.equals("disable strong authentication")) {
            return Kind.DISABLE_STRONG_AUTH;
        }
        if (a.equals("enable strong authentication")) {
            return Kind.ENABLE_STRONG_AUTH;
        }
        if (a.equals("update user")) {
            return Kind.UPDATE_USER;
        }
        if (a.contains("security info")) {
            if (a.contains("registered")) {
                return Kind.FACTOR_REGISTERED;
            }
            if (a.contains("deleted")) {
                return Kind.FACTOR_REMOVED;
            }
            if (a.contains("changed default")) {
                return Kind.FACTOR_CHANGED;
            }
            if (a.contains("updated")) {
                return Kind.FACTOR_UPDATED;
            }
            return Kind.NONE;
        }
        if ((a.startsWith("reset password") && a.contains("by admin")) || a.equals("reset user password")) {
            return Kind.PASSWORD_RESET;
        }
        if (a.startsWith("reset password") && a.contains("self-service")) {
            return Kind.PASSWORD_RECOVERY;
        }
        if (a.equals("disable account")) {
            return Kind.ACCOUNT_DISABLED;
        }
        if (a.equals("enable account")) {
            return Kind.ACCOUNT_ENABLED;
        }
        if (a.equals("set user manager")) {
            return Kind.SET_MANAGER;
        }
        EntraLifecycle.RoleActivity role = EntraLifecycle.roleActivity(a);
        if (role != null) {
            return switch (role) {
                // Core Directory writes its own copy of every assignment PIM makes (initiated by the MS-PIM
                // app): PIM's record says more (eligible or active), so that one is read and this one skipped.
                case DIRECTORY -> EntraLifecycle.initiatedByPim(p) ? Kind.MIRROR : Kind.ROLE_MEMBER;
                case PIM -> Kind.PIM_ROLE_MEMBER;
                case PIM_ACTIVATION -> Kind.ACTIVATION;
                case PIM_MIRROR -> Kind.MIRROR;
            };
        }
        if (a.equals("update policy") || a.equals("add policy") || a.equals("delete policy")) {
            // Core Directory writes a "PolicyDetail" copy of every CA policy change next to Conditional
            // Access's own record; mapping both would report each change twice.
            for (JsonNode t : array(p, "targetResources")) {
                for (JsonNode mp : array(t, "modifiedProperties")) {
                    if ("PolicyDetail".equals(text(mp, "displayName"))) {
                        return Kind.MIRROR;
                    }
                }
            }
        }
        return Kind.NONE;
    }

    private static Actor actor(JsonNode p) {
        JsonNode user = object(p, "initiatedBy", "user");
        if (user != null) {
            return new Actor(firstText(text(user, "userPrincipalName"), text(user, "id")), "USER");
        }
        JsonNode app = object(p, "initiatedBy", "app");
        if (app != null) {
            return new Actor(firstText(text(app, "servicePrincipalName"), text(app, "appId"),
                    text(app, "servicePrincipalId"), text(app, "displayName")), "APP");
        }
        return new Actor(null, "SYSTEM");
    }

    /**
     * ADMIN for the "Admin …" security info activities and password resets by a user, SELF for the "User …"
     * ones (or a user acting on themselves), APP when an application (identity governance, provisioning,
     * a script's service principal) did it, SYSTEM when Entra names no initiator.
     */
    static String performedBy(String activity, JsonNode p) {
        if (object(p, "initiatedBy", "app") != null && object(p, "initiatedBy", "user") == null) {
            return "APP";
        }
        JsonNode user = object(p, "initiatedBy", "user");
        if (user == null) {
            return "SYSTEM";
        }
        if (activity.startsWith("user ")) {
            return "SELF";
        }
        if (activity.startsWith("admin ")) {
            return "ADMIN";
        }
        String upn = text(user, "userPrincipalName");
        String id = text(user, "id");
        for (JsonNode t : array(p, "targetResources")) {
            String tUpn = text(t, "userPrincipalName");
            String tId = text(t, "id");
            if ((upn != null && upn.equalsIgnoreCase(tUpn)) || (id != null && id.equalsIgnoreCase(tId))) {
                return "SELF";
            }
        }
        return "ADMIN";
    }

    /**
     * The method a security info activity names in its result reason: "Admin registered temporary access
     * pass method for user" → "temporary access pass"; "User deleted Authenticator App with Notification and
     * Code" → "Authenticator App with Notification and Code". Null when the reason does not have that form.
     */
    static String methodAffected(String reason) {
        if (reason == null) {
            return null;
        }
        String r = reason.trim();
        String lower = r.toLowerCase(Locale.ROOT);
        int start = -1;
        for (String verb : List.of(" registered ", " deleted ", " updated ", " changed ")) {
            int i = lower.indexOf(verb);
            if (i >= 0 && (lower.startsWith("admin") || lower.startsWith("user"))) {
                start = i + verb.length();
                break;
            }
        }
        if (start < 0) {
            return null;
        }
        String m = r.substring(start);
        for (String suffix : List.of(" method for user", " for user", " method")) {
            if (m.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                m = m.substring(0, m.length() - suffix.length());
                break;
            }
        }
        m = m.trim();
        return m.isEmpty() ? null : m;
    }

    /** {@code additionalDetails} keys (lower-cased, letters only) that carry a change or service ticket. */
    private static final Set<String> TICKET_KEYS = Set.of("ticket", "ticketnumber", "ticketid", "ticketreference",
            "changeticket", "changenumber", "changerequest");

    /**
     * The ticket an operation was done under, from {@code additionalDetails[]{key, value}}: PIM writes its
     * request's {@code TicketNumber} there, and tooling that issues passes or resets through Graph can add one.
     * Null when none is given (Entra's own portal records none).
     */
    static String ticket(JsonNode p) {
        for (JsonNode d : array(p, "additionalDetails")) {
            String key = text(d, "key");
            if (key != null && TICKET_KEYS.contains(key.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", ""))) {
                String value = text(d, "value");
                if (value != null) {
                    return value.trim();
                }
            }
        }
        return null;
    }

    /** The object id of the one user target named by its UPN, else null (the id is then the target itself). */
    static String targetId(JsonNode p) {
        String id = null;
        int users = 0;
        for (JsonNode t : array(p, "targetResources")) {
            String type = text(t, "type");
            if (type == null || type.equalsIgnoreCase("User")) {
                users++;
                id = text(t, "userPrincipalName") == null ? null : text(t, "id");
            }
        }
        return users == 1 ? id : null;
    }

    /** User targets as lower-cased UPNs (the object id when there is no UPN). */
    static List<String> userTargets(JsonNode p) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : array(p, "targetResources")) {
            String type = text(t, "type");
            if (type == null || type.equalsIgnoreCase("User")) {
                String name = firstText(text(t, "userPrincipalName"), text(t, "id"));
                if (name != null) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    private static void updateUser(JsonNode p, String activity, Changes changes) {
        for (JsonNode t : array(p, "targetResources")) {
            for (JsonNode mp : array(t, "modifiedProperties")) {
                if (EntraLifecycle.updateUserProperty(p, t, mp, activity, changes)) {
                    continue;
                }
                if (!"StrongAuthenticationRequirement".equalsIgnoreCase(text(mp, "displayName"))) {
                    continue;
                }
                String oldValue = text(mp, "oldValue");
                String newValue = text(mp, "newValue");
                Set<Integer> oldStates = states(oldValue);
                Set<Integer> newStates = states(newValue);
                String target = firstText(text(t, "userPrincipalName"), text(t, "id"));
                List<String> targets = target == null ? userTargets(p) : List.of(target);
                // Per-user MFA: State 0 disabled, 1 enabled, 2 enforced; an emptied list also turns it off.
                if (newStates.contains(0) || (newStates.isEmpty() && (oldStates.contains(1) || oldStates.contains(2)))) {
                    changes.add(ChangeOperation.MFA_DISABLED, targets, null, null, details("activity", activity,
                            "property", "StrongAuthenticationRequirement", "oldValue", oldValue, "newValue", newValue));
                } else if ((newStates.contains(1) || newStates.contains(2)) && !oldStates.containsAll(newStates)) {
                    changes.add(ChangeOperation.MFA_ENABLED, targets, null, null, details("activity", activity,
                            "property", "StrongAuthenticationRequirement", "oldValue", oldValue, "newValue", newValue));
                }
            }
        }
    }

    private static Set<Integer> states(String json) {
        Set<Integer> out = new LinkedHashSet<>();
        JsonNode n = parseEmbedded(json, "StrongAuthenticationRequirement");
        if (n == null) {
            return out;
        }
        if (n.isObject()) {
            addState(n, out);
        }
        for (JsonNode e : n) {
            addState(e, out);
        }
        return out;
    }

    private static void addState(JsonNode e, Set<Integer> out) {
        String s = text(e, "State");
        if (s != null) {
            try {
                out.add(Integer.parseInt(s.trim()));
            } catch (NumberFormatException ignored) {
                throw MappingException.invalid("StrongAuthenticationRequirement.State", "a number");
            }
        }
    }

    private static void caPolicy(JsonNode p, String a, String activity, Changes changes) {
        JsonNode target = array(p, "targetResources").stream().findFirst().orElse(null);
        String policyId = text(target, "id");
        String policyName = text(target, "displayName");
        boolean added = a.startsWith("add");
        boolean deleted = a.startsWith("delete");
        List<JsonNode> props = array(target, "modifiedProperties");
        for (JsonNode mp : props) {
            JsonNode oldPolicy = parseEmbedded(text(mp, "oldValue"), "modifiedProperties.oldValue");
            JsonNode newPolicy = parseEmbedded(text(mp, "newValue"), "modifiedProperties.newValue");
            if (!isPolicy(oldPolicy) && !isPolicy(newPolicy)) {
                continue;
            }
            if (policyName == null) {
                policyName = firstText(text(newPolicy, "displayName"), text(oldPolicy, "displayName"));
            }
            PolicyRef policy = new PolicyRef(policyId, policyName);
            diff(activity, policy, added ? null : oldPolicy, deleted ? null : newPolicy, deleted, changes);
        }
    }

    private static boolean isPolicy(JsonNode n) {
        return n != null && n.isObject() && (n.has("conditions") || n.has("state") || n.has("grantControls"));
    }

    /** Diffs one old/new pair of a CA policy: every exclusion list, the state and the MFA grant control. */
    private static void diff(String activity, PolicyRef policy, JsonNode oldP, JsonNode newP, boolean deleted,
                             Changes changes) {
        for (String key : EXCLUSION_KEYS) {
            List<String> before = texts(oldP, "conditions", "users", key);
            List<String> after = texts(newP, "conditions", "users", key);
            List<String> addedIds = after.stream().filter(x -> !in(before, x)).toList();
            List<String> removedIds = before.stream().filter(x -> !in(after, x)).toList();
            if (!addedIds.isEmpty()) {
                changes.add(ChangeOperation.EXCLUSION_ADDED, addedIds, policy, null, details("activity", activity,
                        "property", "conditions.users." + key, "oldValue", json(before), "newValue", json(after)));
            }
            if (!removedIds.isEmpty() && !deleted) {
                changes.add(ChangeOperation.EXCLUSION_REMOVED, removedIds, policy, null, details("activity", activity,
                        "property", "conditions.users." + key, "oldValue", json(before), "newValue", json(after)));
            }
        }
        List<String> scope = scope(oldP != null ? oldP : newP);
        if (deleted) {
            // No canonical "policy deleted": a deleted policy protects nobody, like a disabled one.
            changes.add(ChangeOperation.POLICY_DISABLED, scope, policy, null, details("action", "POLICY_DELETED",
                    "activity", activity, "oldState", text(oldP, "state"), "mfaGrant",
                    String.valueOf(requiresMfa(oldP))));
            return;
        }
        if (oldP != null) {
            String before = text(oldP, "state");
            String after = text(newP, "state");
            if (after != null && !after.equalsIgnoreCase(before == null ? "" : before)) {
                ChangeOperation op = REPORT_ONLY.equalsIgnoreCase(after) ? ChangeOperation.POLICY_REPORT_ONLY
                        : "disabled".equalsIgnoreCase(after) ? ChangeOperation.POLICY_DISABLED : ChangeOperation.OTHER;
                changes.add(op, scope, policy, null, details("action", op == ChangeOperation.OTHER
                                ? "POLICY_STATE_CHANGED" : null, "activity", activity, "property", "state",
                        "oldValue", before, "newValue", after));
            }
            boolean mfaBefore = requiresMfa(oldP);
            boolean mfaAfter = requiresMfa(newP);
            if (mfaBefore && !mfaAfter) {
                changes.add(ChangeOperation.MFA_REQUIREMENT_REMOVED, scope, policy, null, details("activity", activity,
                        "property", "grantControls", "oldValue", compact(grant(oldP)),
                        "newValue", compact(grant(newP))));
            } else if (!mfaBefore && mfaAfter) {
                changes.add(ChangeOperation.MFA_ENABLED, scope, policy, null, details("action",
                        "MFA_GRANT_CONTROL_ADDED", "activity", activity, "property", "grantControls",
                        "oldValue", compact(grant(oldP)), "newValue", compact(grant(newP))));
            }
        }
    }

    /** Who the policy applies to: its included users, groups and roles (e.g. "all"). */
    private static List<String> scope(JsonNode policy) {
        List<String> out = new ArrayList<>();
        out.addAll(texts(policy, "conditions", "users", "includeUsers"));
        out.addAll(texts(policy, "conditions", "users", "includeGroups"));
        out.addAll(texts(policy, "conditions", "users", "includeRoles"));
        return out;
    }

    /** The built-in "mfa" grant control, or an authentication strength (which always demands MFA). */
    static boolean requiresMfa(JsonNode policy) {
        JsonNode grant = grant(policy);
        if (grant == null) {
            return false;
        }
        if (texts(grant, "builtInControls").stream().anyMatch(c -> c.equalsIgnoreCase("mfa"))) {
            return true;
        }
        JsonNode strength = object(grant, "authenticationStrength");
        return strength != null && !strength.isEmpty();
    }

    private static JsonNode grant(JsonNode policy) {
        return object(policy, "grantControls");
    }

    private static boolean in(List<String> values, String value) {
        return values.stream().anyMatch(v -> v.equalsIgnoreCase(value));
    }

    static JsonNode parseEmbedded(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (!(v.startsWith("{") || v.startsWith("[") || v.startsWith("\""))) {
            return null;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(v);
            // Some exports double-encode: a JSON string holding the JSON.
            if (n != null && n.isTextual()) {
                String inner = n.textValue().trim();
                if (inner.startsWith("{") || inner.startsWith("[")) {
                    n = Json.MAPPER.readTree(inner);
                }
            }
            return n;
        } catch (JsonProcessingException e) {
            throw MappingException.invalid(field, "embedded JSON");
        }
    }

    private static String json(List<String> values) {
        try {
            return Json.MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String compact(JsonNode n) {
        return n == null ? null : n.toString();
    }
}
