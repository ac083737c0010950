package dev.mfawatch.normalize.cloudtrail;

import static dev.mfawatch.normalize.Changes.details;
import static dev.mfawatch.normalize.Fields.firstText;
import static dev.mfawatch.normalize.Fields.object;
import static dev.mfawatch.normalize.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.signin.AppRef;
import dev.mfawatch.model.signin.ClientInfo;
import dev.mfawatch.model.signin.ClientProtocol;
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
import dev.mfawatch.normalize.NormalizerConfig;
import dev.mfawatch.normalize.ReasonCodes;
import dev.mfawatch.normalize.SignInPart;
import dev.mfawatch.normalize.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * AWS CloudTrail: {@code ConsoleLogin} (root, IAM user, assumed role, SAML, IAM Identity Center)
 * and the MFA device calls. Accepts single events and CloudTrail files ({@code {"Records":[…]}}).
 */
public final class CloudTrailNormalizer extends JsonRecordNormalizer {

    public static final String SOURCE = "cloudtrail";

    /** Identity types whose console login was authenticated by an external identity provider. */
    private static final Set<String> FEDERATED_TYPES = Set.of("assumedrole", "federateduser", "samluser",
            "webidentityuser", "identitycenteruser");

    public CloudTrailNormalizer(NormalizerConfig config) {
        super(SOURCE, config, Set.of("Records"));
    }

    @Override
    protected String recordId(JsonNode event) {
        return text(event, "eventID");
    }

    @Override
    protected void map(JsonNode e, MapContext ctx) {
        String id = text(e, "eventID");
        String name = text(e, "eventName");
        if (name == null) {
            throw MappingException.missing("eventName");
        }
        switch (name) {
            case "ConsoleLogin" -> ctx.signIn(consoleLogin(e, ctx), SignInPart.COMPLETE);
            case "EnableMFADevice" -> device(e, ctx, ChangeOperation.FACTOR_REGISTERED, null);
            case "DeactivateMFADevice", "DeleteVirtualMFADevice" -> device(e, ctx, ChangeOperation.FACTOR_REMOVED, null);
            // Creating a virtual device registers nothing until EnableMFADevice binds it to a user.
            case "CreateVirtualMFADevice" -> device(e, ctx, ChangeOperation.OTHER, "VIRTUAL_MFA_DEVICE_CREATED");
            default -> ctx.skip(ReasonCodes.UNKNOWN_EVENT_TYPE, id);
        }
    }

    private SignInEvent consoleLogin(JsonNode e, MapContext ctx) {
        String id = text(e, "eventID");
        JsonNode identity = object(e, "userIdentity");
        if (identity == null) {
            throw MappingException.missing("userIdentity");
        }
        String identityType = text(identity, "type");
        String outcome = text(e, "responseElements", "ConsoleLogin");
        if (outcome == null) {
            throw MappingException.missing("responseElements.ConsoleLogin");
        }
        SignInResult result = outcome.equalsIgnoreCase("Success") ? SignInResult.SUCCESS : SignInResult.FAILURE;
        String account = firstText(text(identity, "accountId"), text(e, "recipientAccountId"));
        String mobile = text(e, "additionalEventData", "MobileVersion");
        return new SignInEvent(ctx.eventId(id), SOURCE, Times.parse(text(e, "eventTime"), "eventTime"),
                principal(identity, account),
                new AppRef(account, "AWS Management Console"),
                new ClientInfo("yes".equalsIgnoreCase(mobile) ? ClientProtocol.MOBILE_DESKTOP : ClientProtocol.BROWSER,
                        text(e, "userAgent"), true),
                result,
                result == SignInResult.SUCCESS ? null : outcome,
                result == SignInResult.SUCCESS ? null : text(e, "errorMessage"),
                mfa(e, identity, identityType),
                new NetworkInfo(text(e, "sourceIPAddress"), null, null, null, null, null),
                null, null, text(e, "requestID"), ctx.ref(id));
    }

    /** MFAUsed "Yes"/"YES"/"No"/"NO": compared case-insensitively. */
    private static MfaInfo mfa(JsonNode e, JsonNode identity, String identityType) {
        String used = text(e, "additionalEventData", "MFAUsed");
        String device = text(e, "additionalEventData", "MFAIdentifier");
        if ("yes".equalsIgnoreCase(used)) {
            // u2f ARNs are FIDO security keys / passkeys; mfa/ ARNs are virtual or hardware TOTP devices.
            boolean u2f = device != null && device.contains(":u2f/");
            String method = u2f ? "U2F security key" : "TOTP MFA device";
            MethodClass c = u2f ? MethodClass.PHISHING_RESISTANT : MethodClass.OTP;
            // The ARN does not tell a virtual from a hardware TOTP device: no token type.
            return new MfaInfo(null, true, method, c, MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null);
        }
        if (federated(e, identity, identityType)) {
            // SAML, assumed-role and Identity Center logins did MFA at the identity provider; MFAUsed says "No".
            return new MfaInfo(null, true, null, MethodClass.OTHER, null, SatisfiedBy.FEDERATED_IDP, null);
        }
        return new MfaInfo(null, false, null, MethodClass.NONE, used == null ? null : MfaResult.NOT_ATTEMPTED, null,
                null);
    }

    private static boolean federated(JsonNode e, JsonNode identity, String identityType) {
        if (text(e, "additionalEventData", "SamlProviderArn") != null) {
            return true;
        }
        String arn = text(identity, "arn");
        if (arn != null && arn.contains("AWSReservedSSO_")) {
            return true;
        }
        return identityType != null && FEDERATED_TYPES.contains(identityType.toLowerCase(Locale.ROOT));
    }

    /** The ARN (built from account and user name when the failure record leaves it out). */
    private static PrincipalRef principal(JsonNode identity, String account) {
        String type = text(identity, "type");
        String arn = text(identity, "arn");
        String userName = text(identity, "userName");
        if (arn == null && "Root".equalsIgnoreCase(type) && account != null) {
            arn = "arn:aws:iam::" + account + ":root";
        }
        if (arn == null && "IAMUser".equalsIgnoreCase(type) && account != null && userName != null) {
            arn = "arn:aws:iam::" + account + ":user/" + userName;
        }
        List<String> aliases = new ArrayList<>();
        String principalId = text(identity, "principalId");
        if (principalId != null) {
            aliases.add(principalId);
        }
        String id = firstText(arn, principalId, userName);
        if (id == null) {
            throw MappingException.missing("userIdentity.arn");
        }
        aliases.removeIf(a -> a.equalsIgnoreCase(id));
        return new PrincipalRef(id, aliases, PrincipalType.USER);
    }

    private void device(JsonNode e, MapContext ctx, ChangeOperation op, String action) {
        String id = text(e, "eventID");
        if (text(e, "errorCode") != null) {
            ctx.skip(ReasonCodes.OPERATION_FAILED, id);
            return;
        }
        JsonNode identity = object(e, "userIdentity");
        String account = firstText(text(identity, "accountId"), text(e, "recipientAccountId"));
        String actorArn = text(identity, "arn");
        String userName = text(e, "requestParameters", "userName");
        String serial = firstText(text(e, "requestParameters", "serialNumber"),
                text(e, "responseElements", "virtualMFADevice", "serialNumber"));
        String target;
        if (userName != null && !userName.equalsIgnoreCase("AWS ROOT USER") && account != null) {
            target = "arn:aws:iam::" + account + ":user/" + userName;
        } else if (userName != null && account != null) {
            target = "arn:aws:iam::" + account + ":root";
        } else if (op != ChangeOperation.OTHER) {
            // No user named: the caller acted on its own device.
            target = actorArn;
        } else {
            target = null;
        }
        Changes changes = new Changes(ctx.eventId(id), SOURCE, Times.parse(text(e, "eventTime"), "eventTime"),
                new Actor(firstText(actorArn, text(identity, "principalId")), text(identity, "type")), ctx.ref(id));
        changes.add(op, target == null ? List.of() : List.of(target), null, null, details("action", action,
                "eventName", text(e, "eventName"), "serialNumber", serial,
                "mfaAuthenticated", text(identity, "sessionContext", "attributes", "mfaAuthenticated")));
        changes.emit(ctx, ReasonCodes.NOT_MFA_RELEVANT, id);
    }
}
