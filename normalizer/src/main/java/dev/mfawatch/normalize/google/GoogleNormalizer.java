package dev.mfawatch.normalize.google;

import static dev.mfawatch.normalize.Changes.details;
import static dev.mfawatch.normalize.Fields.array;
import static dev.mfawatch.normalize.Fields.firstText;
import static dev.mfawatch.normalize.Fields.get;
import static dev.mfawatch.normalize.Fields.object;
import static dev.mfawatch.normalize.Fields.text;
import static dev.mfawatch.normalize.Fields.texts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.signin.AppRef;
import dev.mfawatch.model.signin.ClientInfo;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Google Workspace Reports API activities (applications {@code login}, {@code user_accounts},
 * {@code admin}); each item of an activity's {@code events[]} becomes one outcome. A list response
 * ({@code {"items":[…]}}) is split. Events flattened to one object with a {@code parameters} map
 * (as some SIEM pipelines store them) are read too.
 */
public final class GoogleNormalizer extends JsonRecordNormalizer {

    public static final String SOURCE = "google";

    private static final Set<String> SIGN_IN_EVENTS = Set.of("login_success", "login_failure", "login_verification",
            "login_challenge");

    public GoogleNormalizer(NormalizerConfig config) {
        super(SOURCE, config, Set.of("items"));
    }

    @Override
    protected String recordId(JsonNode activity) {
        return text(activity, "id", "uniqueQualifier");
    }

    @Override
    protected void map(JsonNode activity, MapContext ctx) {
        List<JsonNode> events = array(activity, "events");
        if (events.isEmpty() && text(activity, "name") != null) {
            events = List.of(activity);
        }
        if (events.isEmpty()) {
            throw MappingException.missing("events");
        }
        String qualifier = text(activity, "id", "uniqueQualifier");
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                ctx.nextItem();
            }
            JsonNode event = events.get(i);
            String eventId = qualifier == null ? ctx.eventId(null) : events.size() == 1 ? qualifier : qualifier + "#" + i;
            ctx.guard(qualifier, () -> mapEvent(activity, event, eventId, ctx));
        }
    }

    private void mapEvent(JsonNode activity, JsonNode event, String eventId, MapContext ctx) {
        String qualifier = text(activity, "id", "uniqueQualifier");
        String name = text(event, "name");
        if (name == null) {
            throw MappingException.missing("events[].name");
        }
        Map<String, List<String>> params = parameters(event);
        String app = firstText(text(activity, "id", "applicationName"), "");
        if (SIGN_IN_EVENTS.contains(name)) {
            SignInPart part = name.equals("login_success") || name.equals("login_failure") ? SignInPart.COMPLETE
                    : SignInPart.MFA_STEP;
            ctx.signIn(signIn(activity, name, params, eventId, ctx), part);
            return;
        }
        ChangeOperation op = null;
        String action = null;
        List<String> targets = List.of();
        if (name.equals("2sv_enroll")) {
            op = ChangeOperation.MFA_ENABLED;
            targets = selfTarget(activity, params);
        } else if (name.equals("2sv_disable")) {
            op = ChangeOperation.MFA_DISABLED;
            targets = selfTarget(activity, params);
        } else if (name.equals("ENFORCE_STRONG_AUTHENTICATION") || name.equals("ALLOW_STRONG_AUTHENTICATION")) {
            Boolean newValue = bool(params, "NEW_VALUE");
            if (newValue == null) {
                ctx.skip(ReasonCodes.NOT_MFA_RELEVANT, qualifier);
                return;
            }
            boolean enforce = name.startsWith("ENFORCE");
            if (newValue) {
                op = ChangeOperation.MFA_ENABLED;
            } else {
                // Enforcement off: 2SV becomes optional. Allow off: users cannot use 2SV at all.
                op = enforce ? ChangeOperation.MFA_REQUIREMENT_REMOVED : ChangeOperation.MFA_DISABLED;
            }
            action = name + "=" + newValue;
        }
        if (op == null) {
            ctx.skip(ReasonCodes.UNKNOWN_EVENT_TYPE, qualifier);
            return;
        }
        Changes changes = new Changes(eventId, SOURCE, time(activity),
                new Actor(text(activity, "actor", "email"), text(activity, "actor", "callerType")), ctx.ref(qualifier));
        changes.add(op, targets, null, null, details("action", action, "application", app, "eventName", name,
                "orgUnit", first(params, "ORG_UNIT_NAME"), "oldValue", first(params, "OLD_VALUE"),
                "newValue", first(params, "NEW_VALUE")));
        changes.emit(ctx, ReasonCodes.NOT_MFA_RELEVANT, qualifier);
    }

    private SignInEvent signIn(JsonNode activity, String name, Map<String, List<String>> params, String eventId,
                               MapContext ctx) {
        String qualifier = text(activity, "id", "uniqueQualifier");
        List<String> methods = params.getOrDefault("login_challenge_method", List.of());
        String loginType = first(params, "login_type");
        String challengeStatus = first(params, "login_challenge_status");
        Boolean secondFactor = bool(params, "is_second_factor");
        SignInResult result;
        String failureType = first(params, "login_failure_type");
        if (name.equals("login_success")) {
            result = SignInResult.SUCCESS;
        } else if (name.equals("login_failure")) {
            result = SignInResult.FAILURE;
        } else {
            result = challengeStatus == null || challengeStatus.toLowerCase(Locale.ROOT).contains("pass")
                    ? SignInResult.SUCCESS : SignInResult.FAILURE;
        }
        // The strongest second factor among the challenge methods (password is not one).
        String method = null;
        MethodClass best = null;
        for (String m : methods) {
            MethodClass c = MethodClasses.of(m);
            if (c == MethodClass.NONE || (m.equalsIgnoreCase("password") || m.equalsIgnoreCase("none"))) {
                continue;
            }
            if (best == null || MethodClasses.rank(c) < MethodClasses.rank(best)) {
                best = c;
                method = m;
            }
        }
        MfaInfo mfa;
        if (result == SignInResult.SUCCESS && method != null && !Boolean.FALSE.equals(secondFactor)) {
            mfa = new MfaInfo(null, true, method, best, MfaResult.SUCCESS, SatisfiedBy.MFA_STEP,
                    MethodClasses.tokenType(method, best));
        } else if (result == SignInResult.SUCCESS && "saml".equalsIgnoreCase(loginType)) {
            // SSO through a third-party SAML IdP: Google's 2SV is not asked; MFA is the IdP's.
            mfa = new MfaInfo(null, true, null, MethodClass.OTHER, null, SatisfiedBy.FEDERATED_IDP, null);
        } else if (method != null) {
            // A failed second factor: a wrong code for code-based methods, a refusal for the others.
            boolean secondFactorFailed = (failureType != null && failureType.contains("second_factor"))
                    || (!name.equals("login_failure") && result == SignInResult.FAILURE);
            MfaResult r = secondFactorFailed
                    ? (best == MethodClass.OTP ? MfaResult.CODE_INCORRECT : MfaResult.DENIED) : MfaResult.OTHER;
            mfa = new MfaInfo(null, false, method, best, r, null, MethodClasses.tokenType(method, best));
        } else {
            mfa = MfaInfo.none();
        }
        return new SignInEvent(eventId, SOURCE, time(activity), principal(activity, params),
                new AppRef("google-workspace", "Google Workspace"),
                new ClientInfo(null, null, null),
                result,
                result == SignInResult.SUCCESS ? null : firstText(failureType, challengeStatus),
                result == SignInResult.SUCCESS ? null : firstText(failureType, challengeStatus),
                mfa,
                new NetworkInfo(text(activity, "ipAddress"), null, null, null, null, null),
                null, null, qualifier, ctx.ref(qualifier));
    }

    private static Instant time(JsonNode activity) {
        return Times.parse(text(activity, "id", "time"), "id.time");
    }

    private static PrincipalRef principal(JsonNode activity, Map<String, List<String>> params) {
        String email = firstText(text(activity, "actor", "email"), first(params, "affected_email_address"));
        String profileId = text(activity, "actor", "profileId");
        if (email == null && profileId == null) {
            throw MappingException.missing("actor.email");
        }
        List<String> aliases = new ArrayList<>();
        if (email != null && profileId != null) {
            aliases.add(profileId);
        }
        return new PrincipalRef(firstText(email, profileId), aliases, PrincipalType.USER);
    }

    /** 2SV enrolment is done by the user for themselves: the target is the actor (or the affected address). */
    private static List<String> selfTarget(JsonNode activity, Map<String, List<String>> params) {
        String email = firstText(first(params, "affected_email_address"), text(activity, "actor", "email"));
        return email == null ? List.of() : List.of(email);
    }

    /** Reports API {@code parameters[]{name, value|boolValue|intValue|multiValue}}, or a flattened map. */
    static Map<String, List<String>> parameters(JsonNode event) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        JsonNode params = get(event, "parameters");
        if (params == null) {
            return out;
        }
        if (params.isArray()) {
            for (JsonNode p : params) {
                String name = text(p, "name");
                if (name == null) {
                    continue;
                }
                List<String> values = new ArrayList<>();
                values.addAll(texts(p, "value"));
                values.addAll(texts(p, "boolValue"));
                values.addAll(texts(p, "intValue"));
                values.addAll(texts(p, "multiValue"));
                out.put(name, values);
            }
        } else if (params.isObject()) {
            params.properties().forEach(f -> out.put(f.getKey(), texts(f.getValue())));
        }
        return out;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static Boolean bool(Map<String, List<String>> params, String name) {
        String v = first(params, name);
        if (v == null) {
            return null;
        }
        return v.equalsIgnoreCase("true") ? Boolean.TRUE : v.equalsIgnoreCase("false") ? Boolean.FALSE : null;
    }
}
