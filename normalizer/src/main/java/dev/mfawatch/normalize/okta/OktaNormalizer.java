package dev.mfawatch.normalize.okta;

import static dev.mfawatch.normalize.Changes.details;
import static dev.mfawatch.normalize.Fields.array;
import static dev.mfawatch.normalize.Fields.containsIgnoreCase;
import static dev.mfawatch.normalize.Fields.firstText;
import static dev.mfawatch.normalize.Fields.get;
import static dev.mfawatch.normalize.Fields.number;
import static dev.mfawatch.normalize.Fields.object;
import static dev.mfawatch.normalize.Fields.text;
import static dev.mfawatch.normalize.Fields.texts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.PolicyRef;
import dev.mfawatch.model.signin.AppRef;
import dev.mfawatch.model.signin.ClientInfo;
import dev.mfawatch.model.signin.ClientProtocol;
import dev.mfawatch.model.signin.DeviceInfo;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.NetworkInfo;
import dev.mfawatch.model.signin.PrincipalRef;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SatisfiedBy;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import dev.mfawatch.normalize.Changes;
import dev.mfawatch.normalize.JsonRecordNormalizer;
import dev.mfawatch.normalize.MapContext;
import dev.mfawatch.normalize.MappingException;
import dev.mfawatch.normalize.MethodClasses;
import dev.mfawatch.normalize.NormalizerConfig;
import dev.mfawatch.normalize.ReasonCodes;
import dev.mfawatch.normalize.SignInPart;
import dev.mfawatch.normalize.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Okta System Log events. A sign-in is several records sharing a session id: the session start,
 * the MFA steps and the sign-on policy evaluation each become a {@link SignInEvent} tagged with
 * its {@link SignInPart} and the session id, for the correlator to merge; a push sent and an end user's
 * report of suspicious activity are sign-in events of their own (published as is). Factor, password, policy and rule
 * changes become {@link dev.mfawatch.model.directory.DirectoryChange}s, and so do the lifecycle events
 * that call for an exception review (admin privileges, suspension / deactivation, department and
 * manager: see {@link OktaLifecycle}).
 */
public final class OktaNormalizer extends JsonRecordNormalizer {

    public static final String SOURCE = "okta";
    /** The eventType of an Event Hook request body. */
    private static final String HOOK_TYPE = "com.okta.event_hook";

    /** Classic Engine: the user tapped "No, it's not me" on an Okta Verify push. */
    static final String DENY_PUSH = "user.mfa.okta_verify.deny_push";
    /**
     * The same refusal from an Okta Verify too old to offer the follow-up (report) screen: still a denied push.
     * Listed with deny_push by the push-fatigue content that names it; its exact wording is not documented.
     */
    static final String DENY_PUSH_UPGRADE_NEEDED = "user.mfa.okta_verify.deny_push_upgrade_needed";
    /** A push sent to the user's device ("Push notification sent for verification"); its answer is logged apart. */
    static final String PUSH_SENT = "system.push.send_factor_verify_push";
    /** The user reported the sign-in attempt as suspicious (Okta Verify's or the e-mail's "report" link). */
    static final String SUSPICIOUS_ACTIVITY_REPORTED = "user.account.report_suspicious_activity_by_enduser";
    /** The actor of changes Okta Support makes in a customer org (panther-analysis okta_support_reset). */
    static final String OKTA_SUPPORT = "system@okta.com";

    /** Okta policy types that carry no MFA requirement. */
    private static final Set<String> NON_MFA_POLICY_TYPES = Set.of("password", "idp_discovery", "idpdiscovery",
            "profile_enrollment", "okta_profile_enrollment");

    public OktaNormalizer(NormalizerConfig config) {
        // The System Log API returns a plain array (split by Envelopes); a hook body is read in map().
        super(SOURCE, config);
    }

    @Override
    protected String recordId(JsonNode record) {
        return text(unwrap(record), "uuid");
    }

    /**
     * One System Log event; an Event Hook request ({@code {"eventType":"com.okta.event_hook",
     * "data":{"events":[…]}}}) whose events each become their own item; or an EventBridge event from
     * Okta's log streaming ({@code {"detail-type":…, "detail":{event}}}).
     */
    @Override
    protected void map(JsonNode record, MapContext ctx) {
        if (HOOK_TYPE.equals(text(record, "eventType"))) {
            List<JsonNode> events = array(record, "data", "events");
            if (events.isEmpty()) {
                throw MappingException.missing("data.events");
            }
            for (int i = 0; i < events.size(); i++) {
                if (i > 0) {
                    ctx.nextItem();
                }
                JsonNode event = events.get(i);
                ctx.guard(text(event, "uuid"), () -> mapEvent(event, ctx));
            }
            return;
        }
        mapEvent(unwrap(record), ctx);
    }

    private static JsonNode unwrap(JsonNode record) {
        JsonNode detail = object(record, "detail");
        return detail != null && text(record, "eventType") == null && text(detail, "eventType") != null ? detail
                : record;
    }

    private void mapEvent(JsonNode e, MapContext ctx) {
        String uuid = text(e, "uuid");
        String type = text(e, "eventType");
        if (type == null) {
            throw MappingException.missing("eventType");
        }
        switch (type) {
            case "user.session.start" -> ctx.signIn(signIn(e, ctx, SignInPart.SESSION_START), SignInPart.SESSION_START);
            case "user.authentication.auth_via_mfa", "user.authentication.verify", DENY_PUSH, DENY_PUSH_UPGRADE_NEEDED,
                 "user.mfa.attempt_bypass" -> ctx.signIn(signIn(e, ctx, SignInPart.MFA_STEP), SignInPart.MFA_STEP);
            // Not parts of a session's MFA to merge: each is its own fact about a push, published as is.
            case PUSH_SENT, SUSPICIOUS_ACTIVITY_REPORTED ->
                    ctx.signIn(signIn(e, ctx, SignInPart.COMPLETE), SignInPart.COMPLETE);
            case "policy.evaluate_sign_on" ->
                    ctx.signIn(signIn(e, ctx, SignInPart.POLICY_EVALUATION), SignInPart.POLICY_EVALUATION);
            case "user.mfa.factor.activate", "user.mfa.factor.deactivate", "user.mfa.factor.reset_all",
                 "user.mfa.factor.suspend", "user.mfa.factor.unsuspend", "user.mfa.factor.update",
                 "system.mfa.factor.deactivate", "system.mfa.factor.activate", "policy.rule.update",
                 "policy.rule.deactivate", "policy.rule.delete", "user.account.reset_password" -> change(e, type, ctx);
            case "user.account.privilege.grant", "user.account.privilege.revoke", "user.lifecycle.suspend",
                 "user.lifecycle.unsuspend", "user.lifecycle.deactivate", "user.lifecycle.activate",
                 "user.lifecycle.reactivate", "user.account.update_profile" -> change(e, type, ctx);
            default -> {
                if (type.startsWith("policy.lifecycle.")) {
                    change(e, type, ctx);
                } else {
                    ctx.skip(ReasonCodes.UNKNOWN_EVENT_TYPE, uuid);
                }
            }
        }
    }

    // ---- sign-ins ---------------------------------------------------------------------------

    private SignInEvent signIn(JsonNode e, MapContext ctx, SignInPart part) {
        String uuid = text(e, "uuid");
        String outcome = upper(text(e, "outcome", "result"));
        String reason = text(e, "outcome", "reason");
        String type = text(e, "eventType");
        SignInResult result = result(outcome, part);
        if (PUSH_SENT.equals(type)) {
            // The prompt itself, like Entra's 50074 interrupt: the sign-in goes on, the answer comes later.
            return new SignInEvent(ctx.eventId(uuid), SOURCE, time(e), principal(e), app(e), client(e),
                    SignInResult.INTERRUPTED, null, null, new MfaInfo(true, false, OKTA_VERIFY_PUSH, MethodClass.PUSH,
                    MfaResult.PROMPT_SENT, null, null), network(e), device(e), sessionId(e),
                    text(e, "transaction", "id"), ctx.ref(uuid));
        }
        if (SUSPICIOUS_ACTIVITY_REPORTED.equals(type)) {
            return suspiciousActivity(e, ctx);
        }
        if (DENY_PUSH.equals(type) || DENY_PUSH_UPGRADE_NEEDED.equals(type)) {
            // A refusal, whatever outcome the record carries: never a successful step.
            result = SignInResult.FAILURE;
        }
        MfaInfo mfa = switch (part) {
            case MFA_STEP -> step(e, type, outcome, reason);
            case POLICY_EVALUATION -> new MfaInfo(policyRequired(outcome), false, null, MethodClass.NONE, null, null,
                    null);
            default -> MfaInfo.none();
        };
        return new SignInEvent(ctx.eventId(uuid), SOURCE, time(e), principal(e), app(e), client(e), result,
                result == SignInResult.SUCCESS ? null : outcome, result == SignInResult.SUCCESS ? null : reason, mfa,
                network(e), device(e), sessionId(e), text(e, "transaction", "id"), ctx.ref(uuid));
    }

    private static SignInResult result(String outcome, SignInPart part) {
        if (outcome == null) {
            throw MappingException.missing("outcome.result");
        }
        return switch (outcome) {
            case "SUCCESS", "ALLOW" -> SignInResult.SUCCESS;
            // CHALLENGE: the policy asked for a factor; the sign-in goes on.
            case "CHALLENGE" -> SignInResult.INTERRUPTED;
            default -> SignInResult.FAILURE;
        };
    }

    private static Boolean policyRequired(String outcome) {
        if ("CHALLENGE".equals(outcome)) {
            return true;
        }
        if ("ALLOW".equals(outcome) || "SUCCESS".equals(outcome)) {
            return false;
        }
        return null;
    }

    /** The factor of an MFA step: debugData.factor, the target's MethodTypeUsed, or the authenticator's name. */
    private static MfaInfo step(JsonNode e, String type, String outcome, String reason) {
        String factor = text(e, "debugContext", "debugData", "factor");
        String methodTypeUsed = null;
        boolean phishingResistant = false;
        String authenticator = null;
        for (JsonNode t : array(e, "target")) {
            JsonNode detail = object(t, "detailEntry");
            methodTypeUsed = firstText(methodTypeUsed, text(detail, "MethodTypeUsed"), text(detail, "methodTypeUsed"));
            List<String> props = new ArrayList<>(texts(detail, "MethodUsedVerifiedProperties"));
            props.addAll(texts(detail, "methodUsedVerifiedProperties"));
            props.addAll(texts(t, "detailEntryMethodUsedVerifiedProperties"));
            if (props.stream().anyMatch(p -> p.toUpperCase(Locale.ROOT).contains("PHISHING_RESISTANT"))) {
                phishingResistant = true;
            }
            if ("AuthenticatorEnrollment".equalsIgnoreCase(text(t, "type"))) {
                authenticator = firstText(authenticator, text(t, "displayName"));
            }
        }
        boolean denyPush = DENY_PUSH.equals(type) || DENY_PUSH_UPGRADE_NEEDED.equals(type);
        if (denyPush) {
            factor = firstText(factor, OKTA_VERIFY_PUSH);
        }
        String method = firstText(factor, methodTypeUsed, authenticator,
                text(e, "authenticationContext", "credentialType"));
        MethodClass c = phishingResistant ? MethodClass.PHISHING_RESISTANT : MethodClasses.of(method);
        boolean success = !denyPush && ("SUCCESS".equals(outcome) || "ALLOW".equals(outcome));
        // A password "verify" is not a second factor.
        boolean satisfied = success && c != null && c != MethodClass.NONE
                && !"user.mfa.attempt_bypass".equals(type);
        MfaResult r;
        if (success) {
            r = MfaResult.SUCCESS;
        } else if (denyPush || "DENY".equals(outcome)) {
            r = MfaResult.DENIED;
        } else if ("UNANSWERED".equals(outcome)) {
            r = MfaResult.TIMEOUT;
        } else if (c == MethodClass.PUSH) {
            r = pushFailure(e, reason);
        } else {
            r = stepFailure(reason);
        }
        return new MfaInfo(null, satisfied, method, c, r, satisfied ? SatisfiedBy.MFA_STEP : null,
                MethodClasses.tokenType(method, c));
    }

    /**
     * A failed Okta Verify push ({@code auth_via_mfa} of Identity Engine, which logs a refusal as
     * {@code FAILURE} / {@code INVALID_CREDENTIALS}): no code was typed, so never a wrong code. The
     * user's answer is in {@code debugData}: {@code pushOnlyResponseType} {@code OV_RESPONSE_DENY}, or a
     * number challenge whose {@code pushWithNumberChallengeResponseType} is not {@code …_VALID} (the user
     * picked a wrong number or refused it: a failed number challenge); both DENIED, and so is a failure with no
     * reason and no response type. A report of fraud or suspicious activity in the reason is FRAUD_REPORTED, a
     * time-out TIMEOUT.
     */
    static MfaResult pushFailure(JsonNode e, String reason) {
        MfaResult byReason = stepFailure(reason);
        if (byReason == MfaResult.FRAUD_REPORTED || byReason == MfaResult.TIMEOUT) {
            return byReason;
        }
        if (containsIgnoreCase(reason, "suspicious")) {
            return MfaResult.FRAUD_REPORTED;
        }
        String numberChallenge = text(e, "debugContext", "debugData", "pushWithNumberChallengeResponseType");
        String pushOnly = text(e, "debugContext", "debugData", "pushOnlyResponseType");
        if (numberChallenge != null && !numberChallenge.toUpperCase(Locale.ROOT).endsWith("_VALID")) {
            return MfaResult.DENIED;
        }
        if (pushOnly != null && pushOnly.toUpperCase(Locale.ROOT).endsWith("_DENY")) {
            return MfaResult.DENIED;
        }
        if (pushOnly != null && pushOnly.toUpperCase(Locale.ROOT).endsWith("_ERROR")) {
            return MfaResult.OTHER; // the app could not deliver or read the answer: no refusal
        }
        // INVALID_CREDENTIALS or "User rejected Okta push verify": the push was refused. So is a failed push
        // that says nothing more (Classic logs a refusal with no reason and no response type): it was not accepted.
        boolean silent = reason == null && numberChallenge == null && pushOnly == null;
        return silent || byReason == MfaResult.CODE_INCORRECT || byReason == MfaResult.DENIED ? MfaResult.DENIED
                : MfaResult.OTHER;
    }

    /**
     * The user reported the attempt as not theirs. What was reported is in
     * {@code debugData.suspiciousActivityEventType} (e.g. a push, a new-device e-mail): kept as the failure
     * reason; the method is a push when the report names one.
     */
    private SignInEvent suspiciousActivity(JsonNode e, MapContext ctx) {
        String uuid = text(e, "uuid");
        String reported = firstText(text(e, "debugContext", "debugData", "suspiciousActivityEventType"),
                text(e, "outcome", "reason"));
        boolean push = containsIgnoreCase(reported, "push") || containsIgnoreCase(reported, "okta_verify");
        MfaInfo mfa = new MfaInfo(null, false, push ? OKTA_VERIFY_PUSH : null,
                push ? MethodClass.PUSH : MethodClass.OTHER, MfaResult.FRAUD_REPORTED, null, null);
        return new SignInEvent(ctx.eventId(uuid), SOURCE, time(e), principal(e), app(e), client(e),
                SignInResult.FAILURE, "REPORTED_SUSPICIOUS", reported, mfa, network(e), device(e), sessionId(e),
                text(e, "transaction", "id"), ctx.ref(uuid));
    }

    private static final String OKTA_VERIFY_PUSH = "OKTA_VERIFY_PUSH";

    /** Okta's outcome.reason strings for failed factor checks. */
    static MfaResult stepFailure(String reason) {
        if (reason == null) {
            return MfaResult.OTHER;
        }
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("clock") || r.contains("drift")) {
            return MfaResult.CLOCK_DRIFT;
        }
        if (r.contains("resync") || r.contains("out of sync") || r.contains("sync")) {
            return MfaResult.DESYNC;
        }
        if (r.contains("invalid_otp") || r.contains("invalid otp") || r.contains("invalid passcode")
                || r.contains("incorrect") || r.contains("invalid_credentials") || r.contains("invalid code")) {
            return MfaResult.CODE_INCORRECT;
        }
        if (r.contains("fraud")) {
            return MfaResult.FRAUD_REPORTED;
        }
        if (r.contains("reject") || r.contains("denied") || r.contains("deny")) {
            return MfaResult.DENIED;
        }
        if (r.contains("timeout") || r.contains("timed out") || r.contains("expired")) {
            return MfaResult.TIMEOUT;
        }
        return MfaResult.OTHER;
    }

    private static Instant time(JsonNode e) {
        return Times.parse(text(e, "published"), "published");
    }

    /**
     * The login (e-mail) in {@code actor.alternateId}, lower-cased, with Okta's user id ({@code 00u…}) as
     * alias. {@code actor.login} is the older Events API's spelling; "unknown" (a failed sign-in by a
     * name Okta does not know) counts as absent.
     */
    private static PrincipalRef principal(JsonNode e) {
        JsonNode actor = object(e, "actor");
        if (actor == null) {
            throw MappingException.missing("actor");
        }
        String login = firstText(usable(text(actor, "alternateId")), usable(text(actor, "login")));
        String id = usable(text(actor, "id"));
        String type = text(actor, "type");
        PrincipalType pt = type == null || type.equalsIgnoreCase("User") ? PrincipalType.USER : PrincipalType.SERVICE;
        String principal = firstText(login, id);
        if (principal == null) {
            throw MappingException.missing("actor.alternateId");
        }
        List<String> aliases = new ArrayList<>();
        if (id != null && !id.equalsIgnoreCase(principal)) {
            aliases.add(id);
        }
        return new PrincipalRef(principal, aliases, pt);
    }

    private static AppRef app(JsonNode e) {
        for (JsonNode t : array(e, "target")) {
            if ("AppInstance".equalsIgnoreCase(text(t, "type"))) {
                return new AppRef(text(t, "id"), firstText(text(t, "displayName"), text(t, "alternateId")));
            }
        }
        return null;
    }

    private static ClientInfo client(JsonNode e) {
        String ua = text(e, "client", "userAgent", "rawUserAgent");
        String browser = text(e, "client", "userAgent", "browser");
        ClientProtocol protocol = browser != null && !browser.equalsIgnoreCase("UNKNOWN") ? ClientProtocol.BROWSER
                : null;
        return new ClientInfo(protocol, ua, null);
    }

    private static NetworkInfo network(JsonNode e) {
        JsonNode geo = object(e, "client", "geographicalContext");
        return new NetworkInfo(text(e, "client", "ipAddress"), text(geo, "country"), text(geo, "city"),
                number(geo, "geolocation", "lat"), number(geo, "geolocation", "lon"), null);
    }

    private static DeviceInfo device(JsonNode e) {
        JsonNode d = object(e, "device");
        if (d == null) {
            return null;
        }
        JsonNode managed = get(d, "managed");
        return new DeviceInfo(text(d, "id"), null, managed != null && managed.isBoolean() ? managed.booleanValue()
                : null);
    }

    /** rootSessionId links an Identity Engine sign-in's records; externalSessionId in Classic. */
    static String sessionId(JsonNode e) {
        String root = text(e, "authenticationContext", "rootSessionId");
        String external = text(e, "authenticationContext", "externalSessionId");
        return firstText(usable(root), usable(external));
    }

    private static String usable(String id) {
        return id == null || id.equalsIgnoreCase("unknown") ? null : id;
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }

    // ---- changes ----------------------------------------------------------------------------

    private void change(JsonNode e, String type, MapContext ctx) {
        String uuid = text(e, "uuid");
        String outcome = upper(text(e, "outcome", "result"));
        if (outcome != null && !outcome.equals("SUCCESS") && !outcome.equals("ALLOW")) {
            ctx.skip(ReasonCodes.OPERATION_FAILED, uuid);
            return;
        }
        JsonNode actor = object(e, "actor");
        Changes changes = new Changes(ctx.eventId(uuid), SOURCE, time(e),
                new Actor(firstText(text(actor, "alternateId"), text(actor, "id")), upper(text(actor, "type"))),
                ctx.ref(uuid));
        String factor = firstText(text(e, "debugContext", "debugData", "factor"), authenticatorName(e));
        String reason = text(e, "outcome", "reason");
        List<String> users = userTargets(e);
        Who who = who(e, users);
        switch (type) {
            case "user.mfa.factor.activate" -> changes.add(ChangeOperation.FACTOR_REGISTERED, users, null, null,
                    who.details("eventType", type, "factor", factor, "reason", reason));
            // Identity Engine logs a reset as one deactivation per factor: one change each, the rule merges a run.
            case "user.mfa.factor.deactivate" -> changes.add(ChangeOperation.FACTOR_REMOVED, users, null,
                    null, who.details("eventType", type, "factor", factor, "reason", reason, "resetScope", "one"));
            case "user.mfa.factor.reset_all" -> changes.add(ChangeOperation.FACTOR_RESET, users, null, null,
                    who.details("eventType", type, "reason", reason, "resetScope", "all"));
            case "user.mfa.factor.suspend" -> changes.add(ChangeOperation.FACTOR_SUSPENDED, users, null,
                    null, who.details("eventType", type, "factor", factor, "reason", reason));
            case "user.mfa.factor.update" -> changes.add(ChangeOperation.FACTOR_UPDATED, users, null, null,
                    who.details("action", type, "eventType", type, "factor", factor));
            // No canonical "factor resumed": OTHER with the precise action.
            case "user.mfa.factor.unsuspend" -> changes.add(ChangeOperation.OTHER, users, null, null,
                    who.details("action", type, "eventType", type, "factor", factor));
            case "user.account.reset_password" -> changes.add(ChangeOperation.PASSWORD_RESET, users, null, null,
                    who.details("eventType", type, "reason", reason));
            case "system.mfa.factor.deactivate" -> changes.add(ChangeOperation.MFA_DISABLED, List.of(), null, null,
                    details("action", "ORG_FACTOR_DEACTIVATED", "eventType", type, "factor",
                            firstText(factor, targetName(e))));
            case "system.mfa.factor.activate" -> changes.add(ChangeOperation.MFA_ENABLED, List.of(), null, null,
                    details("action", "ORG_FACTOR_ACTIVATED", "eventType", type, "factor",
                            firstText(factor, targetName(e))));
            case "policy.rule.update" -> ruleUpdate(e, type, changes);
            case "user.account.privilege.grant", "user.account.privilege.revoke" ->
                    OktaLifecycle.privilege(e, type, changes);
            case "user.lifecycle.suspend", "user.lifecycle.deactivate" -> OktaLifecycle.account(e, type,
                    ChangeOperation.ACCOUNT_DISABLED, changes);
            case "user.lifecycle.unsuspend", "user.lifecycle.activate", "user.lifecycle.reactivate" ->
                    OktaLifecycle.account(e, type, ChangeOperation.ACCOUNT_ENABLED, changes);
            case "user.account.update_profile" -> OktaLifecycle.profile(e, type, changes);
            case "policy.rule.deactivate", "policy.rule.delete" -> changes.add(ChangeOperation.OTHER, List.of(),
                    policy(e), null, details("action", type.endsWith("delete") ? "RULE_DELETED" : "RULE_DEACTIVATED",
                            "eventType", type, "rule", ruleName(e)));
            default -> lifecycle(e, type, changes);
        }
        changes.emit(ctx, ReasonCodes.NOT_MFA_RELEVANT, uuid);
    }

    private static void lifecycle(JsonNode e, String type, Changes changes) {
        String policyType = null;
        for (JsonNode t : array(e, "target")) {
            policyType = firstText(policyType, text(t, "detailEntry", "policyType"));
        }
        if (policyType != null && NON_MFA_POLICY_TYPES.contains(policyType.toLowerCase(Locale.ROOT))) {
            return;
        }
        String verb = type.substring("policy.lifecycle.".length());
        ChangeOperation op = switch (verb) {
            case "deactivate", "delete" -> ChangeOperation.POLICY_DISABLED;
            default -> ChangeOperation.OTHER;
        };
        changes.add(op, List.of(), policy(e), null, details("action", "POLICY_" + verb.toUpperCase(Locale.ROOT),
                "eventType", type, "policyType", policyType));
    }

    /** A sign-on rule moving from two factors to one (or back). */
    private static void ruleUpdate(JsonNode e, String type, Changes changes) {
        for (JsonNode t : array(e, "target")) {
            JsonNode from = object(t, "changeDetails", "from");
            JsonNode to = object(t, "changeDetails", "to");
            if (from == null && to == null) {
                continue;
            }
            JsonNode before = embedded(get(from, "policyRuleActionJson"));
            JsonNode after = embedded(get(to, "policyRuleActionJson"));
            Boolean mfaBefore = requiresFactor(before);
            Boolean mfaAfter = requiresFactor(after);
            RuleDiff d = new RuleDiff(type, t, before, after);
            if (Boolean.TRUE.equals(mfaBefore) && Boolean.FALSE.equals(mfaAfter)) {
                changes.add(ChangeOperation.MFA_REQUIREMENT_REMOVED, List.of(), policy(e), null, d.details());
            } else if (Boolean.FALSE.equals(mfaBefore) && Boolean.TRUE.equals(mfaAfter)) {
                changes.add(ChangeOperation.MFA_ENABLED, List.of(), policy(e), null, d.details());
            }
        }
    }

    private record RuleDiff(String type, JsonNode target, JsonNode before, JsonNode after) {
        java.util.Map<String, String> details() {
            return Changes.details("eventType", type, "rule", text(target, "displayName"),
                    "oldValue", before == null ? null : before.toString(),
                    "newValue", after == null ? null : after.toString());
        }
    }

    /**
     * Classic sign-on rules say {@code signon.requireFactor}; Identity Engine app sign-on rules say
     * {@code appSignOn.verificationMethod.factorMode} "2FA"/"1FA". Null when the rule says neither.
     */
    static Boolean requiresFactor(JsonNode action) {
        if (action == null) {
            return null;
        }
        JsonNode requireFactor = get(get(action, "signon"), "requireFactor");
        if (requireFactor != null && requireFactor.isBoolean()) {
            return requireFactor.booleanValue();
        }
        String mode = firstText(text(action, "appSignOn", "verificationMethod", "factorMode"),
                text(action, "verificationMethod", "factorMode"), text(action, "factorMode"));
        if (mode != null) {
            return !mode.equalsIgnoreCase("1FA");
        }
        return null;
    }

    private static JsonNode embedded(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isObject()) {
            return n;
        }
        if (n.isTextual() && n.textValue().trim().startsWith("{")) {
            try {
                return Json.MAPPER.readTree(n.textValue());
            } catch (JsonProcessingException ex) {
                throw MappingException.invalid("target.changeDetails.policyRuleActionJson", "embedded JSON");
            }
        }
        return null;
    }

    private static PolicyRef policy(JsonNode e) {
        for (JsonNode t : array(e, "target")) {
            String type = text(t, "type");
            if (type != null && (type.equalsIgnoreCase("PolicyEntity") || type.equalsIgnoreCase("Policy"))) {
                return new PolicyRef(text(t, "id"), text(t, "displayName"));
            }
        }
        return null;
    }

    private static String ruleName(JsonNode e) {
        for (JsonNode t : array(e, "target")) {
            if (containsIgnoreCase(text(t, "type"), "rule")) {
                return text(t, "displayName");
            }
        }
        return null;
    }

    private static String targetName(JsonNode e) {
        return array(e, "target").stream().map(t -> text(t, "displayName")).filter(s -> s != null).findFirst()
                .orElse(null);
    }

    private static String authenticatorName(JsonNode e) {
        for (JsonNode t : array(e, "target")) {
            if ("AuthenticatorEnrollment".equalsIgnoreCase(text(t, "type"))) {
                return text(t, "displayName");
            }
        }
        return null;
    }

    /**
     * Who made a factor or password change, for a rule that tells a helpdesk or vendor-support reset from
     * the user's own: {@code performedBy} SUPPORT (the actor is Okta Support's {@value #OKTA_SUPPORT}, or
     * the change was made while impersonating with an Okta Support original principal), SELF (the actor
     * is the target user), ADMIN (another user), SYSTEM ({@code SystemPrincipal}) or APP (an API client);
     * {@code supportActor} {@code true} for SUPPORT, and {@code originalPrincipal} as Okta logged it
     * when the actor was impersonated.
     */
    record Who(String performedBy, String originalPrincipal) {
        java.util.Map<String, String> details(String... keyValues) {
            java.util.Map<String, String> d = Changes.details(keyValues);
            d.put("performedBy", performedBy);
            if ("SUPPORT".equals(performedBy)) {
                d.put("supportActor", "true");
            }
            if (originalPrincipal != null) {
                d.put("originalPrincipal", originalPrincipal);
            }
            return d;
        }
    }

    static Who who(JsonNode e, List<String> targets) {
        String login = text(e, "actor", "alternateId");
        String id = text(e, "actor", "id");
        String type = text(e, "actor", "type");
        JsonNode original = get(get(get(e, "debugContext"), "debugData"), "originalPrincipal");
        String originalName = original == null ? null
                : original.isTextual() ? original.textValue()
                : firstText(text(original, "alternateId"), text(original, "id"));
        boolean support = OKTA_SUPPORT.equalsIgnoreCase(login)
                || (originalName != null && originalName.toLowerCase(Locale.ROOT).endsWith("@okta.com"));
        String by;
        if (support) {
            by = "SUPPORT";
        } else if (targets.stream().anyMatch(t -> t.equalsIgnoreCase(login) || t.equalsIgnoreCase(id))) {
            by = "SELF";
        } else if (type == null || type.equalsIgnoreCase("User")) {
            by = "ADMIN";
        } else if (type.equalsIgnoreCase("SystemPrincipal")) {
            by = "SYSTEM";
        } else {
            by = "APP";
        }
        return new Who(by, originalName);
    }

    /** The user whose factors changed: the User target, else the actor (self-service). */
    private static List<String> userTargets(JsonNode e) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : array(e, "target")) {
            if ("User".equalsIgnoreCase(text(t, "type"))) {
                String name = firstText(text(t, "alternateId"), text(t, "id"));
                if (name != null) {
                    out.add(name);
                }
            }
        }
        if (out.isEmpty()) {
            String self = firstText(text(e, "actor", "alternateId"), text(e, "actor", "id"));
            if (self != null) {
                out.add(self);
            }
        }
        return out;
    }
}
