package dev.mfawatch.normalize.entra;

import static dev.mfawatch.normalize.Fields.array;
import static dev.mfawatch.normalize.Fields.bool;
import static dev.mfawatch.normalize.Fields.containsIgnoreCase;
import static dev.mfawatch.normalize.Fields.firstText;
import static dev.mfawatch.normalize.Fields.number;
import static dev.mfawatch.normalize.Fields.object;
import static dev.mfawatch.normalize.Fields.scalar;
import static dev.mfawatch.normalize.Fields.text;
import static dev.mfawatch.normalize.Fields.texts;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.mfawatch.normalize.JsonRecordNormalizer;
import dev.mfawatch.normalize.MapContext;
import dev.mfawatch.normalize.MappingException;
import dev.mfawatch.normalize.MethodClasses;
import dev.mfawatch.normalize.NormalizerConfig;
import dev.mfawatch.normalize.ReasonCodes;
import dev.mfawatch.normalize.SignInPart;
import dev.mfawatch.normalize.Times;
import dev.mfawatch.normalize.TrimmedTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Entra ID sign-ins in three shapes: a Microsoft Graph {@code signIn} (camelCase at the top, or a
 * list response {@code {"value":[…]}}), an Azure Monitor / Event Hub diagnostic record
 * ({@code {time, category, resultType, properties{…}}}, or a batch {@code {"records":[…]}}) and a
 * Log Analytics / Sentinel row ({@code SigninLogs} and its sibling tables, turned into the Graph
 * shape by {@link LogAnalyticsRows}), for interactive, non-interactive, service-principal and
 * managed-identity sign-ins.
 */
public final class EntraSignInNormalizer extends JsonRecordNormalizer {

    public static final String SOURCE = "entra-signin";

    /**
     * Error codes that are a step of a normal flow, not a failure of the user: the MFA prompt
     * itself (50074 "Strong Auth required", 50076 MFA required by CA/location, 50072/50079 MFA
     * registration), "keep me signed in" (50140), device-auth and security-check interrupts
     * (50097, 50199, 50125), session/token-lifetime and account-picker events (50058, 70043,
     * 70044, 16000, 16001, 81010, 81012). 500121 (the user failed the strong-auth request) and
     * 53003 (blocked by CA) stay failures.
     */
    static final Set<String> INTERRUPTS = Set.of("50058", "50072", "50074", "50076", "50079", "50097", "50125",
            "50140", "50199", "70043", "70044", "16000", "16001", "81010", "81012");

    /**
     * The "MFA required" interrupts: the prompt itself (50074 strong auth required, 50076 MFA required by
     * policy or location). Whatever a step or the status says, they are never an answer to the prompt, so
     * a push-fatigue count never reads them as a denial.
     */
    static final Set<String> MFA_PROMPTS = Set.of("50074", "50076");

    /** Method names (lower-case phrases) that are never a second factor. */
    private static final List<String> FIRST_FACTORS = List.of("password", "previously satisfied",
            "satisfied by token", "claim in", "kerberos", "seamless sso", "pass-through", "federat");

    /** Results that say the user answered the MFA prompt wrongly or not at all. */
    private static final Set<MfaResult> FAILED_ANSWERS = Set.of(MfaResult.DENIED, MfaResult.TIMEOUT,
            MfaResult.CODE_INCORRECT, MfaResult.CLOCK_DRIFT, MfaResult.DESYNC, MfaResult.FRAUD_REPORTED);

    /**
     * Of the applied conditional access policies (most of a sign-in's bytes) only what
     * {@link #required} reads is built into the tree: {@code LogAnalyticsRows.array} looks the array
     * up by its exact name, {@code Fields} each field by its name or its lower-cased spelling.
     */
    static final TrimmedTree.Rule TRIM = new TrimmedTree.Rule(Set.of("appliedConditionalAccessPolicies"),
            Set.of("result", "enforcedGrantControls", "enforcedgrantcontrols"));

    public EntraSignInNormalizer(NormalizerConfig config) {
        super(SOURCE, config, TRIM);
    }

    @Override
    protected String recordId(JsonNode event) {
        return LogAnalyticsRows.isRow(event) ? text(event, "Id") : text(body(event), "id");
    }

    /** The Graph object itself, or an Azure Monitor record's {@code properties}. */
    private static JsonNode body(JsonNode event) {
        JsonNode props = object(event, "properties");
        return props != null ? props : event;
    }

    @Override
    protected void map(JsonNode record, MapContext ctx) {
        JsonNode event = LogAnalyticsRows.toGraph(record);
        JsonNode p = body(event);
        String category = scalar(event, "category");
        String operation = scalar(event, "operationName");
        if ((category != null && !category.endsWith("SignInLogs"))
                || (operation != null && !containsIgnoreCase(operation, "sign-in"))) {
            // An audit or other diagnostic category on the sign-in topic.
            ctx.skip(ReasonCodes.UNKNOWN_EVENT_TYPE, text(p, "id"));
            return;
        }
        String id = text(p, "id");
        SignInEvent e = new SignInEvent(
                ctx.eventId(id),
                SOURCE,
                Times.parse(firstText(text(p, "createdDateTime"), scalar(event, "time")), "createdDateTime"),
                principal(p, category),
                new AppRef(text(p, "appId"), text(p, "appDisplayName")),
                client(p, category),
                result(p, event),
                errorCode(p, event),
                firstText(text(p, "status", "failureReason"), scalar(event, "resultDescription")),
                mfa(p, errorCode(p, event)),
                network(p, event),
                device(p),
                text(p, "sessionId"),
                firstText(text(p, "correlationId"), scalar(event, "correlationId")),
                ctx.ref(id));
        ctx.signIn(e, SignInPart.COMPLETE);
    }

    private static PrincipalType type(JsonNode p, String category) {
        List<String> kinds = texts(p, "signInEventTypes");
        if ("ManagedIdentitySignInLogs".equals(category) || kinds.contains("managedIdentity")) {
            return PrincipalType.WORKLOAD;
        }
        if ("ServicePrincipalSignInLogs".equals(category) || "MicrosoftServicePrincipalSignInLogs".equals(category)
                || kinds.contains("servicePrincipal")) {
            return PrincipalType.SERVICE;
        }
        return PrincipalType.USER;
    }

    private static PrincipalRef principal(JsonNode p, String category) {
        PrincipalType type = type(p, category);
        String upn = text(p, "userPrincipalName");
        String userId = text(p, "userId");
        String spId = text(p, "servicePrincipalId");
        String appId = text(p, "appId");
        List<String> aliases = new ArrayList<>();
        String id;
        if (type == PrincipalType.USER) {
            // Lower-cased UPN as id; the object id is an alias the register may name instead.
            id = firstText(upn, userId);
            aliases.add(userId);
        } else {
            id = firstText(spId, appId, upn, userId);
            aliases.add(appId);
            aliases.add(text(p, "servicePrincipalName"));
            aliases.add(userId);
        }
        if (id == null) {
            throw MappingException.missing("userPrincipalName");
        }
        aliases.removeIf(a -> a == null || a.equalsIgnoreCase(id));
        return new PrincipalRef(id, aliases, type);
    }

    private static ClientInfo client(JsonNode p, String category) {
        String clientApp = text(p, "clientAppUsed");
        String protocol = text(p, "authenticationProtocol");
        String userAgent = text(p, "userAgent");
        Boolean interactive = bool(p, "isInteractive");
        if (interactive == null && category != null) {
            interactive = "SignInLogs".equals(category);
        }
        if (interactive == null) {
            // Graph beta names the kind instead; a workload never signs in interactively.
            List<String> kinds = texts(p, "signInEventTypes");
            interactive = kinds.contains("interactiveUser") ? Boolean.TRUE
                    : kinds.contains("nonInteractiveUser") || type(p, category) != PrincipalType.USER ? Boolean.FALSE : null;
        }
        ClientProtocol cp;
        if ("ropc".equalsIgnoreCase(protocol) || containsIgnoreCase(userAgent, "BAV2ROPC")) {
            cp = ClientProtocol.ROPC;
        } else if (type(p, category) != PrincipalType.USER) {
            cp = ClientProtocol.API;
        } else {
            cp = protocol(clientApp);
        }
        return new ClientInfo(cp, userAgent, interactive);
    }

    /** Entra's {@code clientAppUsed} values; everything legacy that is not named is OTHER_LEGACY. */
    static ClientProtocol protocol(String clientApp) {
        if (clientApp == null) {
            return null;
        }
        String c = clientApp.toLowerCase(Locale.ROOT);
        if (c.equals("browser")) {
            return ClientProtocol.BROWSER;
        }
        if (c.startsWith("mobile apps and desktop")) {
            return ClientProtocol.MOBILE_DESKTOP;
        }
        if (c.contains("activesync")) {
            return ClientProtocol.EAS;
        }
        if (c.startsWith("imap")) {
            return ClientProtocol.IMAP;
        }
        if (c.startsWith("pop")) {
            return ClientProtocol.POP;
        }
        if (c.contains("smtp")) {
            return ClientProtocol.SMTP;
        }
        // Exchange Web Services, MAPI over HTTP, Autodiscover, Outlook Anywhere, Other clients, ...
        return ClientProtocol.OTHER_LEGACY;
    }

    private static String errorCode(JsonNode p, JsonNode event) {
        String code = firstText(text(p, "status", "errorCode"), scalar(event, "resultType"));
        return code == null ? null : code.trim();
    }

    private static SignInResult result(JsonNode p, JsonNode event) {
        String code = errorCode(p, event);
        if (code == null) {
            throw MappingException.missing("status.errorCode");
        }
        if (code.equals("0")) {
            return SignInResult.SUCCESS;
        }
        return INTERRUPTS.contains(code) ? SignInResult.INTERRUPTED : SignInResult.FAILURE;
    }

    private MfaInfo mfa(JsonNode p, String errorCode) {
        boolean success = "0".equals(errorCode);
        Boolean required = required(p);
        String additional = text(p, "status", "additionalDetails");
        // Some exports carry the MFA result in failureReason instead (with no additionalDetails).
        String failureReason = text(p, "status", "failureReason");
        String mfaMethod = text(p, "mfaDetail", "authMethod");
        String mfaMethodDetail = text(p, "mfaDetail", "authDetail");
        List<JsonNode> steps = array(p, "authenticationDetails");

        boolean claim = containsIgnoreCase(additional, "satisfied by claim in the token");
        boolean federated = containsIgnoreCase(additional, "satisfied by claim provided by external provider");
        boolean firstFactorStep = false;
        for (JsonNode d : steps) {
            String resultDetail = text(d, "authenticationStepResultDetail");
            claim |= containsIgnoreCase(resultDetail, "satisfied by claim in the token");
            federated |= containsIgnoreCase(resultDetail, "satisfied by claim provided by external provider");
            firstFactorStep |= firstFactorOnly(text(d, "authenticationMethod"));
        }

        // Strongest MFA step in authenticationDetails; the last failed one (the attempt that ended it) when none succeeded.
        String stepMethod = null;
        String stepDetail = null;
        MethodClass stepClass = null;
        boolean stepSucceeded = false;
        String failedDetail = null;
        for (JsonNode d : steps) {
            String method = text(d, "authenticationMethod");
            MethodClass c = MethodClasses.of(method);
            if (!mfaStep(method, c, text(d, "authenticationStepRequirement"), firstFactorStep)) {
                continue;
            }
            if (Boolean.TRUE.equals(bool(d, "succeeded"))) {
                if (!stepSucceeded || MethodClasses.rank(c) < MethodClasses.rank(stepClass)) {
                    stepMethod = method;
                    stepDetail = text(d, "authenticationMethodDetail");
                    stepClass = c;
                }
                stepSucceeded = true;
            } else if (!stepSucceeded) {
                stepMethod = method;
                stepDetail = text(d, "authenticationMethodDetail");
                stepClass = c;
                failedDetail = text(d, "authenticationStepResultDetail");
            }
        }
        String method = firstText(stepMethod, mfaMethod);
        MethodClass methodClass = stepMethod != null ? stepClass : MethodClasses.of(mfaMethod);
        String tokenType = MethodClasses.tokenType(firstText(stepDetail, mfaMethodDetail, method), methodClass);
        if (claim || federated) {
            // A claim in the token (MFA done earlier in the session, or by a federated IdP) counts as MFA.
            return new MfaInfo(required, true, method, methodClass, MfaResult.SUCCESS,
                    federated ? SatisfiedBy.FEDERATED_IDP : SatisfiedBy.CLAIM_IN_TOKEN, tokenType);
        }
        if (stepSucceeded || (success && mfaMethod != null)) {
            return new MfaInfo(required, true, method, methodClass, MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, tokenType);
        }
        if (method != null) {
            return new MfaInfo(required, false, method, methodClass,
                    failedResult(failedDetail, additional, failureReason, methodClass, errorCode), null, tokenType);
        }
        if (success && Boolean.TRUE.equals(required)) {
            // Entra only lets a multi-factor sign-in succeed once MFA is met; the record does not say how.
            return new MfaInfo(true, true, null, MethodClass.OTHER, MfaResult.SUCCESS, SatisfiedBy.OTHER, null);
        }
        String statusReason = firstText(additional, failureReason);
        MfaResult denial = success || MFA_PROMPTS.contains(errorCode) ? null : StepResults.of(statusReason);
        if (denial != null && FAILED_ANSWERS.contains(denial)) {
            // "MFA denied; ..." in the status with no step naming the method: the words name it when they can
            // ("did not respond to mobile app notification" is a push), so a push-fatigue count still sees it.
            return new MfaInfo(required, false, null, StepResults.impliedMethod(statusReason), denial, null, null);
        }
        return new MfaInfo(required, false, null, MethodClass.NONE,
                Boolean.TRUE.equals(required) ? MfaResult.NOT_ATTEMPTED : null, null, null);
    }

    /**
     * Whether a step of authenticationDetails is an MFA step, decided by its method: Entra spells
     * {@code authenticationStepRequirement} many ways ("MFA", "Multi-factor authentication",
     * "Multifactor authentication", "Secondary authentication", empty) and has been seen labelling the
     * push step itself "Primary authentication" (passwordless phone sign-in is MFA on its own). The
     * label is only a hint: a text message, call or e-mail code labelled primary with no password
     * step is an SMS/e-mail sign-in, a single factor.
     */
    static boolean mfaStep(String method, MethodClass c, String requirement, boolean firstFactorStep) {
        if (method == null || c == null || c == MethodClass.NONE || firstFactorOnly(method)) {
            return false;
        }
        boolean labelledPrimary = containsIgnoreCase(requirement, "primary");
        boolean singleFactorAlone = c == MethodClass.SMS_VOICE || containsIgnoreCase(method, "email")
                || containsIgnoreCase(method, "e-mail");
        return !(labelledPrimary && singleFactorAlone && !firstFactorStep);
    }

    /** A first factor, or the reuse of an earlier sign-in: "Password", "Previously satisfied", "Claim in access token". */
    static boolean firstFactorOnly(String method) {
        if (method == null) {
            return false;
        }
        String m = method.toLowerCase(Locale.ROOT);
        if (m.contains("passwordless")) {
            return false;
        }
        for (String f : FIRST_FACTORS) {
            if (m.contains(f)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failed step's result: its own detail, else the status' additionalDetails, else its failureReason (whatever the
     * top-level code); an OATH code step failing with 500121 and no detail at all is a wrong code. Under a
     * 50074 / 50076 interrupt the step was only prompted: NOT_ATTEMPTED.
     */
    static MfaResult failedResult(String stepDetail, String additional, MethodClass c, String errorCode) {
        return failedResult(stepDetail, additional, null, c, errorCode);
    }

    /** As above, with the status' failureReason as the last place to look. */
    static MfaResult failedResult(String stepDetail, String additional, String failureReason, MethodClass c,
                                  String errorCode) {
        if (MFA_PROMPTS.contains(errorCode)) {
            return MfaResult.NOT_ATTEMPTED;
        }
        MfaResult r = StepResults.of(stepDetail);
        if (r == MfaResult.OTHER && additional != null) {
            r = StepResults.of(additional);
        }
        if (r == MfaResult.OTHER && additional == null && failureReason != null) {
            // A generic "Authentication failed during strong authentication request." stays OTHER.
            r = StepResults.of(failureReason);
        }
        if (r == MfaResult.OTHER && stepDetail == null && additional == null && c == MethodClass.OTP
                && "500121".equals(errorCode)) {
            return MfaResult.CODE_INCORRECT;
        }
        return r;
    }

    private static Boolean required(JsonNode p) {
        String req = text(p, "authenticationRequirement");
        if ("multiFactorAuthentication".equalsIgnoreCase(req)) {
            return true;
        }
        if ("singleFactorAuthentication".equalsIgnoreCase(req)) {
            return false;
        }
        for (JsonNode policy : LogAnalyticsRows.array(p, "appliedConditionalAccessPolicies")) {
            if ("success".equalsIgnoreCase(text(policy, "result"))
                    && texts(policy, "enforcedGrantControls").stream().anyMatch(g -> g.equalsIgnoreCase("mfa"))) {
                return true;
            }
        }
        if ("MFA required".equalsIgnoreCase(text(p, "status", "additionalDetails"))) {
            return true;
        }
        return null;
    }

    private static NetworkInfo network(JsonNode p, JsonNode event) {
        JsonNode loc = object(p, "location");
        return new NetworkInfo(
                firstText(text(p, "ipAddress"), scalar(event, "callerIpAddress")),
                firstText(text(loc, "countryOrRegion"), scalar(event, "location")),
                text(loc, "city"),
                number(loc, "geoCoordinates", "latitude"),
                number(loc, "geoCoordinates", "longitude"),
                null);
    }

    private static DeviceInfo device(JsonNode p) {
        JsonNode d = object(p, "deviceDetail");
        if (d == null) {
            return null;
        }
        String id = text(d, "deviceId");
        Boolean compliant = bool(d, "isCompliant");
        Boolean managed = bool(d, "isManaged");
        return id == null && compliant == null && managed == null ? null : new DeviceInfo(id, compliant, managed);
    }
}
