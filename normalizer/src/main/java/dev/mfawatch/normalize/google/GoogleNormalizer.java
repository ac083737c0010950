package dev.mfawatch.normalize.google;

import static dev.mfawatch.normalize.Changes.details;
import static dev.mfawatch.normalize.Fields.firstText;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Google Workspace activities (applications {@code login}, {@code user_accounts}, {@code admin}) in
 * the shapes {@link Activity} reads; each event of an activity becomes one outcome. A list response
 * ({@code {"items":[…]}}) is split. Admin role and suspension events that call for an exception review
 * are read by {@link GoogleLifecycle}.
 */
public final class GoogleNormalizer extends JsonRecordNormalizer {

    public static final String SOURCE = "google";

    private static final Set<String> SIGN_IN_EVENTS = Set.of("login_success", "login_failure", "login_verification",
            "login_challenge");
    /**
     * Login challenge methods that are not a second factor: the password, nothing, and Google's
     * risk-based "verify it's you" questions (typing one's recovery e-mail, phone number or employee
     * id, or signing in from a usual place) which prove knowledge or location, not possession.
     */
    private static final Set<String> NOT_SECOND_FACTORS = Set.of("password", "none", "knowledge_employee_id",
            "knowledge_preregistered_email", "knowledge_preregistered_phone", "login_location");

    /**
     * Admin console actions on one user (admin application, type {@code USER_SETTINGS}): 2SV turned off,
     * the password changed, backup codes generated for the user.
     */
    private static final java.util.Map<String, ChangeOperation> ADMIN_USER_SETTINGS = java.util.Map.of(
            "TURN_OFF_2_STEP_VERIFICATION", ChangeOperation.MFA_DISABLED,
            "CHANGE_PASSWORD", ChangeOperation.PASSWORD_RESET,
            "GENERATE_BACKUP_CODES", ChangeOperation.RECOVERY_CODES_GENERATED);

    public GoogleNormalizer(NormalizerConfig config) {
        super(SOURCE, config);
    }

    @Override
    protected String recordId(JsonNode record) {
        return Activity.qualifier(record);
    }

    @Override
    protected void map(JsonNode record, MapContext ctx) {
        Activity activity = Activity.of(record);
        List<Activity.Event> events = activity.events();
        if (events.isEmpty()) {
            throw MappingException.missing("events");
        }
        String qualifier = activity.qualifier();
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                ctx.nextItem();
            }
            Activity.Event event = events.get(i);
            String eventId = qualifier == null ? ctx.eventId(null) : events.size() == 1 ? qualifier : qualifier + "#" + i;
            ctx.guard(qualifier, () -> mapEvent(activity, event, eventId, ctx));
        }
    }

    private void mapEvent(Activity activity, Activity.Event event, String eventId, MapContext ctx) {
        String qualifier = activity.qualifier();
        String name = event.name();
        if (name == null) {
            throw MappingException.missing("events[].name");
        }
        if (SIGN_IN_EVENTS.contains(name)) {
            SignInPart part = name.equals("login_success") || name.equals("login_failure") ? SignInPart.COMPLETE
                    : SignInPart.MFA_STEP;
            ctx.signIn(signIn(activity, event, eventId, ctx), part);
            return;
        }
        ChangeOperation op = null;
        String action = null;
        List<String> targets = List.of();
        if (name.equals("2sv_enroll")) {
            op = ChangeOperation.MFA_ENABLED;
            targets = selfTarget(activity, event);
        } else if (name.equals("2sv_disable")) {
            op = ChangeOperation.MFA_DISABLED;
            targets = selfTarget(activity, event);
        } else if (ADMIN_USER_SETTINGS.containsKey(name)) {
            // An admin acting on one user (admin application, USER_SETTINGS): the user is USER_EMAIL.
            op = ADMIN_USER_SETTINGS.get(name);
            String user = event.first("USER_EMAIL");
            targets = user == null ? List.of() : List.of(user);
        } else if (name.equals("ENFORCE_STRONG_AUTHENTICATION") || name.equals("ALLOW_STRONG_AUTHENTICATION")) {
            Boolean newValue = event.bool("NEW_VALUE");
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
            GoogleLifecycle.Mapping lifecycle = GoogleLifecycle.of(name, event);
            if (lifecycle == null) {
                ctx.skip(ReasonCodes.UNKNOWN_EVENT_TYPE, qualifier);
                return;
            }
            Changes changes = new Changes(eventId, SOURCE, activity.time(),
                    new Actor(activity.email(), activity.callerType()), ctx.ref(qualifier));
            if (lifecycle.target() != null) {
                changes.add(lifecycle.operation(), List.of(lifecycle.target()), null, null, lifecycle.details());
            }
            changes.emit(ctx, ReasonCodes.NOT_MFA_RELEVANT, qualifier);
            return;
        }
        Changes changes = new Changes(eventId, SOURCE, activity.time(),
                new Actor(activity.email(), activity.callerType()), ctx.ref(qualifier));
        changes.add(op, targets, null, null, details("action", action,
                "application", firstText(activity.application(), ""), "eventName", name,
                "orgUnit", event.first("ORG_UNIT_NAME"), "oldValue", event.first("OLD_VALUE"),
                "newValue", event.first("NEW_VALUE"), "performedBy", performedBy(activity, targets)));
        changes.emit(ctx, ReasonCodes.NOT_MFA_RELEVANT, qualifier);
    }

    private SignInEvent signIn(Activity activity, Activity.Event event, String eventId, MapContext ctx) {
        String name = event.name();
        String loginType = event.first("login_type");
        String challengeStatus = event.first("login_challenge_status");
        Boolean secondFactor = event.bool("is_second_factor");
        String failureType = event.first("login_failure_type");
        SignInResult result;
        if (name.equals("login_success")) {
            result = SignInResult.SUCCESS;
        } else if (name.equals("login_failure")) {
            result = SignInResult.FAILURE;
        } else {
            // "Challenge Passed." / "passed" / "Challenge Failed."
            result = challengeStatus == null || challengeStatus.toLowerCase(Locale.ROOT).contains("pass")
                    ? SignInResult.SUCCESS : SignInResult.FAILURE;
        }
        // The strongest second factor among the challenge methods.
        String method = null;
        MethodClass best = null;
        for (String m : event.all("login_challenge_method")) {
            MethodClass c = MethodClasses.of(m);
            if (c == MethodClass.NONE || NOT_SECOND_FACTORS.contains(m.toLowerCase(Locale.ROOT))) {
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
                    ? (best == MethodClass.OTP || best == MethodClass.RECOVERY_CODE ? MfaResult.CODE_INCORRECT
                    : MfaResult.DENIED) : MfaResult.OTHER;
            mfa = new MfaInfo(null, false, method, best, r, null, MethodClasses.tokenType(method, best));
        } else {
            mfa = MfaInfo.none();
        }
        String qualifier = activity.qualifier();
        return new SignInEvent(eventId, SOURCE, activity.time(), principal(activity, event),
                new AppRef("google-workspace", "Google Workspace"),
                new ClientInfo(null, null, null),
                result,
                result == SignInResult.SUCCESS ? null : firstText(failureType, challengeStatus),
                result == SignInResult.SUCCESS ? null : firstText(failureType, challengeStatus),
                mfa,
                new NetworkInfo(activity.ip(), null, null, null, null, null),
                null, null, qualifier, ctx.ref(qualifier));
    }

    /**
     * The actor's e-mail (lower-cased), with Google's numeric profile id as alias; account-warning
     * events name the user in {@code affected_email_address}; the profile id alone when no address is given.
     */
    private static PrincipalRef principal(Activity activity, Activity.Event event) {
        String email = firstText(activity.email(), event.first("affected_email_address"));
        String profileId = activity.profileId();
        if (email == null && profileId == null) {
            throw MappingException.missing("actor.email");
        }
        List<String> aliases = new ArrayList<>();
        if (email != null && profileId != null) {
            aliases.add(profileId);
        }
        return new PrincipalRef(firstText(email, profileId), aliases, PrincipalType.USER);
    }

    /**
     * SELF when the actor is the (one) target, ADMIN when someone else is; null for org-wide settings.
     * Google logs 2SV turned off by the user as {@code 2sv_disable} and by an admin for a user as
     * {@code TURN_OFF_2_STEP_VERIFICATION}; a {@code 2sv_disable} naming another {@code affected_email_address}
     * than its actor is read as an admin's too.
     */
    private static String performedBy(Activity activity, List<String> targets) {
        if (targets.size() != 1) {
            return null;
        }
        String actor = activity.email();
        return actor != null && actor.equalsIgnoreCase(targets.get(0)) ? "SELF" : "ADMIN";
    }

    /** 2SV enrolment is done by the user for themselves: the target is the actor (or the affected address). */
    private static List<String> selfTarget(Activity activity, Activity.Event event) {
        String email = firstText(event.first("affected_email_address"), activity.email());
        return email == null ? List.of() : List.of(email);
    }
}
