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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Entra ID sign-ins in both shapes: a Microsoft Graph {@code signIn} (camelCase at the top, or a
 * list response {@code {"value":[…]}}) and an Azure Monitor / Event Hub diagnostic record
 * ({@code {time, category, resultType, properties{…}}}, or a batch {@code {"records":[…]}}),
 * for interactive, non-interactive, service-principal and managed-identity categories.
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

    private static final Set<String> PRIMARY_ONLY = Set.of("password", "previously satisfied");

    public EntraSignInNormalizer(NormalizerConfig config) {
        super(SOURCE, config, Set.of("records", "value"));
    }

    @Override
    protected String recordId(JsonNode event) {
        return text(body(event), "id");
    }

    /** The Graph object itself, or an Azure Monitor record's {@code properties}. */
    private static JsonNode body(JsonNode event) {
        JsonNode props = object(event, "properties");
        return props != null ? props : event;
    }

    @Override
    protected void map(JsonNode event, MapContext ctx) {
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
        String mfaMethod = text(p, "mfaDetail", "authMethod");
        String mfaMethodDetail = text(p, "mfaDetail", "authDetail");

        // Strongest MFA-relevant step in authenticationDetails.
        String stepMethod = null;
        String stepDetail = null;
        MethodClass stepClass = null;
        boolean stepSucceeded = false;
        boolean claim = containsIgnoreCase(additional, "satisfied by claim in the token");
        boolean federated = containsIgnoreCase(additional, "satisfied by claim provided by external provider");
        MfaResult failedResult = null;
        for (JsonNode d : array(p, "authenticationDetails")) {
            String method = text(d, "authenticationMethod");
            String resultDetail = text(d, "authenticationStepResultDetail");
            String requirement = text(d, "authenticationStepRequirement");
            Boolean succeeded = bool(d, "succeeded");
            if (containsIgnoreCase(resultDetail, "satisfied by claim in the token")) {
                claim = true;
            }
            if (containsIgnoreCase(resultDetail, "satisfied by claim provided by external provider")) {
                federated = true;
            }
            MethodClass c = MethodClasses.of(method);
            boolean secondary = containsIgnoreCase(requirement, "secondary") || containsIgnoreCase(requirement, "mfa");
            boolean mfaStep = method != null && !PRIMARY_ONLY.contains(method.toLowerCase(Locale.ROOT))
                    && (secondary || c == MethodClass.PHISHING_RESISTANT);
            if (!mfaStep) {
                continue;
            }
            if (Boolean.TRUE.equals(succeeded)) {
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
                failedResult = stepResult(resultDetail);
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
            MfaResult r = failedResult != null ? failedResult : stepResult(additional);
            return new MfaInfo(required, false, method, methodClass, r, null, tokenType);
        }
        if (success && Boolean.TRUE.equals(required)) {
            // Entra only lets a multi-factor sign-in succeed once MFA is met; the record does not say how.
            return new MfaInfo(true, true, null, MethodClass.OTHER, MfaResult.SUCCESS, SatisfiedBy.OTHER, null);
        }
        return new MfaInfo(required, false, null, MethodClass.NONE,
                Boolean.TRUE.equals(required) ? MfaResult.NOT_ATTEMPTED : null, null, null);
    }

    private static Boolean required(JsonNode p) {
        String req = text(p, "authenticationRequirement");
        if ("multiFactorAuthentication".equalsIgnoreCase(req)) {
            return true;
        }
        if ("singleFactorAuthentication".equalsIgnoreCase(req)) {
            return false;
        }
        for (JsonNode policy : array(p, "appliedConditionalAccessPolicies")) {
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

    /** Entra's step result strings (authenticationStepResultDetail / additionalDetails). */
    static MfaResult stepResult(String detail) {
        if (detail == null) {
            return MfaResult.OTHER;
        }
        String d = detail.toLowerCase(Locale.ROOT);
        if (d.contains("fraud")) {
            return MfaResult.FRAUD_REPORTED;
        }
        if (d.contains("drift") || d.contains("clock")) {
            return MfaResult.CLOCK_DRIFT;
        }
        if (d.contains("resync") || d.contains("out of sync") || d.contains("desync") || d.contains("not in sync")) {
            return MfaResult.DESYNC;
        }
        if (d.contains("incorrect") || d.contains("invalid verification code") || d.contains("invalid oath")
                || d.contains("wrong code") || d.contains("invalid code")) {
            return MfaResult.CODE_INCORRECT;
        }
        if (d.contains("did not respond") || d.contains("didn't respond") || d.contains("timed out")
                || d.contains("timeout")) {
            return MfaResult.TIMEOUT;
        }
        if (d.contains("declined") || d.contains("denied")) {
            return MfaResult.DENIED;
        }
        if (d.contains("required") || d.contains("in progress")) {
            return MfaResult.NOT_ATTEMPTED;
        }
        if (d.contains("successfully completed") || d.contains("mfa completed")) {
            return MfaResult.SUCCESS;
        }
        return MfaResult.OTHER;
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
