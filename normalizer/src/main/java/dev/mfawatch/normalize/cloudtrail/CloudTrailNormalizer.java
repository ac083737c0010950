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
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * AWS CloudTrail: {@code ConsoleLogin} (root, IAM user, assumed role, SAML, IAM Identity Center),
 * Identity Center's own factor checks ({@code CredentialVerification}), the IAM MFA device calls, root
 * password recovery ({@code PasswordRecoveryRequested} / {@code PasswordRecoveryCompleted}), and
 * the IAM user calls that call for an exception review (policies, groups, console password).
 * Accepts single events, CloudTrail files ({@code {"Records":[…]}}) and EventBridge events
 * ({@code {"detail-type":…, "detail":{…}}}, the CloudTrail event in {@code detail}). Who signed in is
 * resolved by {@link AwsIdentity}.
 */
public final class CloudTrailNormalizer extends JsonRecordNormalizer {

    public static final String SOURCE = "cloudtrail";

    /** Identity types whose console login was authenticated by an external identity provider. */
    private static final Set<String> FEDERATED_TYPES = Set.of("assumedrole", "federateduser", "samluser",
            "webidentityuser", "identitycenteruser");

    public CloudTrailNormalizer(NormalizerConfig config) {
        super(SOURCE, config);
    }

    @Override
    protected String recordId(JsonNode event) {
        return text(cloudTrailEvent(event), "eventID");
    }

    @Override
    protected void map(JsonNode record, MapContext ctx) {
        JsonNode e = cloudTrailEvent(record);
        String id = text(e, "eventID");
        String name = text(e, "eventName");
        if (name == null) {
            throw MappingException.missing("eventName");
        }
        switch (name) {
            case "ConsoleLogin" -> ctx.signIn(consoleLogin(e, ctx), SignInPart.COMPLETE);
            case "CredentialVerification" -> credentialVerification(e, ctx);
            // The sign-in asked for a factor, checked whether MFA is needed, or finished: no factor outcome.
            case "CredentialChallenge", "CheckMfa", "UserAuthentication" -> ctx.skip(ReasonCodes.NOT_MFA_RELEVANT, id);
            // Root password recovery through the account's e-mail: bypasses the password, and MFA with it.
            case "PasswordRecoveryRequested", "PasswordRecoveryCompleted" -> passwordRecovery(e, ctx, name);
            case "EnableMFADevice" -> device(e, ctx, ChangeOperation.FACTOR_REGISTERED, null);
            case "DeactivateMFADevice", "DeleteVirtualMFADevice" -> device(e, ctx, ChangeOperation.FACTOR_REMOVED, null);
            // Creating a virtual device registers nothing until EnableMFADevice binds it to a user.
            case "CreateVirtualMFADevice" -> device(e, ctx, ChangeOperation.OTHER, "VIRTUAL_MFA_DEVICE_CREATED");
            case "ResyncMFADevice" -> device(e, ctx, ChangeOperation.OTHER, "MFA_DEVICE_RESYNCED");
            case "AttachUserPolicy", "PutUserPolicy", "AddUserToGroup" ->
                    iamUser(e, ctx, ChangeOperation.ROLE_ASSIGNED);
            case "DetachUserPolicy", "DeleteUserPolicy", "RemoveUserFromGroup" ->
                    iamUser(e, ctx, ChangeOperation.ROLE_REMOVED);
            // Console password removed / created: the console sign-in that MFA exceptions are about stops / starts.
            case "DeleteLoginProfile" -> iamUser(e, ctx, ChangeOperation.ACCOUNT_DISABLED);
            case "CreateLoginProfile" -> iamUser(e, ctx, ChangeOperation.ACCOUNT_ENABLED);
            default -> ctx.skip(ReasonCodes.UNKNOWN_EVENT_TYPE, id);
        }
    }

    /** An EventBridge event carries the CloudTrail event in {@code detail}; anything else is one already. */
    private static JsonNode cloudTrailEvent(JsonNode record) {
        JsonNode detail = object(record, "detail");
        return detail != null && text(record, "detail-type") != null ? detail : record;
    }

    private SignInEvent consoleLogin(JsonNode e, MapContext ctx) {
        String id = text(e, "eventID");
        JsonNode identity = object(e, "userIdentity");
        if (identity == null) {
            throw MappingException.missing("userIdentity");
        }
        String outcome = text(e, "responseElements", "ConsoleLogin");
        if (outcome == null) {
            throw MappingException.missing("responseElements.ConsoleLogin");
        }
        SignInResult result = outcome.equalsIgnoreCase("Success") ? SignInResult.SUCCESS : SignInResult.FAILURE;
        String account = AwsIdentity.account(identity, e);
        String mobile = text(e, "additionalEventData", "MobileVersion");
        boolean saml = text(e, "additionalEventData", "SamlProviderArn") != null;
        return new SignInEvent(ctx.eventId(id), SOURCE, Times.parse(text(e, "eventTime"), "eventTime"),
                AwsIdentity.principal(identity, account, saml),
                new AppRef(account, "AWS Management Console"),
                new ClientInfo("yes".equalsIgnoreCase(mobile) ? ClientProtocol.MOBILE_DESKTOP : ClientProtocol.BROWSER,
                        text(e, "userAgent"), true),
                result,
                result == SignInResult.SUCCESS ? null : outcome,
                result == SignInResult.SUCCESS ? null : text(e, "errorMessage"),
                mfa(e, identity, result, saml),
                network(e), null, null, text(e, "requestID"), ctx.ref(id));
    }

    /** MFAUsed "Yes"/"YES"/"No"/"NO": compared case-insensitively. */
    private static MfaInfo mfa(JsonNode e, JsonNode identity, SignInResult result, boolean saml) {
        String used = text(e, "additionalEventData", "MFAUsed");
        String device = text(e, "additionalEventData", "MFAIdentifier");
        if ("yes".equalsIgnoreCase(used)) {
            // u2f ARNs are FIDO security keys / passkeys; mfa/ ARNs are virtual or hardware TOTP devices.
            boolean u2f = device != null && device.contains(":u2f/");
            String method = u2f ? "U2F security key" : "TOTP MFA device";
            MethodClass c = u2f ? MethodClass.PHISHING_RESISTANT : MethodClass.OTP;
            // A failed login says MFA was involved, not that it passed (the password or the code may be wrong).
            boolean passed = result == SignInResult.SUCCESS;
            // The ARN does not tell a virtual from a hardware TOTP device: no token type.
            return new MfaInfo(null, passed, method, c, passed ? MfaResult.SUCCESS : MfaResult.OTHER,
                    passed ? SatisfiedBy.MFA_STEP : null, null);
        }
        if (result == SignInResult.SUCCESS && federated(identity, saml)) {
            // SAML, assumed-role and Identity Center logins did MFA at the identity provider; MFAUsed says "No".
            return new MfaInfo(null, true, null, MethodClass.OTHER, null, SatisfiedBy.FEDERATED_IDP, null);
        }
        return new MfaInfo(null, false, null, MethodClass.NONE, used == null ? null : MfaResult.NOT_ATTEMPTED, null,
                null);
    }

    private static boolean federated(JsonNode identity, boolean saml) {
        String type = text(identity, "type");
        return saml || AwsIdentity.identityCenterRole(text(identity, "arn"))
                || type != null && FEDERATED_TYPES.contains(type.toLowerCase(Locale.ROOT));
    }

    /**
     * IAM Identity Center's check of one factor of a sign-in to its portal (native users, AD). A failed
     * TOTP or e-mail code is evidence for the OATH detector, a passed factor a located MFA success;
     * password and external-IdP checks say nothing about MFA. The steps of one sign-in share
     * {@code AuthWorkflowID}, kept as the correlation id.
     */
    private void credentialVerification(JsonNode e, MapContext ctx) {
        String id = text(e, "eventID");
        String credential = text(e, "additionalEventData", "CredentialType");
        if (credential == null) {
            throw MappingException.missing("additionalEventData.CredentialType");
        }
        String upper = credential.toUpperCase(Locale.ROOT);
        if (upper.equals("PASSWORD") || upper.equals("EXTERNAL_IDP")) {
            ctx.skip(ReasonCodes.NOT_MFA_RELEVANT, id);
            return;
        }
        String outcome = firstText(text(e, "serviceEventDetails", "CredentialVerification"),
                text(e, "responseElements", "CredentialVerification"));
        if (outcome == null) {
            throw MappingException.missing("serviceEventDetails.CredentialVerification");
        }
        JsonNode identity = object(e, "userIdentity");
        if (identity == null) {
            throw MappingException.missing("userIdentity");
        }
        boolean passed = outcome.equalsIgnoreCase("Success");
        MethodClass c = MethodClasses.of(credential);
        MfaResult r = passed ? MfaResult.SUCCESS
                : upper.contains("RESYNC") ? MfaResult.DESYNC
                : c == MethodClass.OTP ? MfaResult.CODE_INCORRECT : MfaResult.OTHER;
        MfaInfo mfa = new MfaInfo(null, passed, credential, c, r, passed ? SatisfiedBy.MFA_STEP : null,
                MethodClasses.tokenType(credential, c));
        SignInResult result = passed ? SignInResult.SUCCESS : SignInResult.FAILURE;
        SignInEvent event = new SignInEvent(ctx.eventId(id), SOURCE, Times.parse(text(e, "eventTime"), "eventTime"),
                AwsIdentity.principal(identity, AwsIdentity.account(identity, e), false),
                new AppRef(text(e, "additionalEventData", "LoginTo"), "AWS IAM Identity Center"),
                new ClientInfo(ClientProtocol.BROWSER, text(e, "userAgent"), true),
                result, passed ? null : outcome, passed ? null : firstText(text(e, "errorMessage"), outcome), mfa,
                network(e), null, null, text(e, "additionalEventData", "AuthWorkflowID"), ctx.ref(id));
        ctx.signIn(event, SignInPart.MFA_STEP);
    }

    /**
     * CloudTrail also writes "AWS Internal" or a service's host name in {@code sourceIPAddress}: passed
     * on as written, so the shared sanitizer drops it and counts it ({@code ip_not_an_address}).
     */
    private static NetworkInfo network(JsonNode e) {
        String source = text(e, "sourceIPAddress");
        return new NetworkInfo(source == null ? null : source.trim(), null, null, null, null, null);
    }

    private void device(JsonNode e, MapContext ctx, ChangeOperation op, String action) {
        String id = text(e, "eventID");
        if (text(e, "errorCode") != null) {
            ctx.skip(ReasonCodes.OPERATION_FAILED, id);
            return;
        }
        JsonNode identity = object(e, "userIdentity");
        String account = AwsIdentity.account(identity, e);
        String actorId = actorId(identity, account);
        String userName = text(e, "requestParameters", "userName");
        String serial = firstText(text(e, "requestParameters", "serialNumber"),
                text(e, "responseElements", "virtualMFADevice", "serialNumber"));
        String target;
        String performedBy;
        if (userName != null && !userName.equalsIgnoreCase("AWS ROOT USER") && account != null) {
            target = "arn:aws:iam::" + account + ":user/" + userName;
            performedBy = target.equalsIgnoreCase(actorId) ? "SELF" : "ADMIN";
        } else if (userName != null && account != null) {
            target = "arn:aws:iam::" + account + ":root";
            performedBy = target.equalsIgnoreCase(actorId) ? "SELF" : "ADMIN";
        } else if (op != ChangeOperation.OTHER || action.equals("MFA_DEVICE_RESYNCED")) {
            // No user named: the caller acted on its own device. DeleteVirtualMFADevice names only the
            // device, whoever it belonged to: the DeactivateMFADevice that must come first names the user.
            target = actorId;
            performedBy = "DeleteVirtualMFADevice".equals(text(e, "eventName")) ? "UNKNOWN" : "SELF";
        } else {
            target = null;
            performedBy = null;
        }
        Changes changes = new Changes(ctx.eventId(id), SOURCE, Times.parse(text(e, "eventTime"), "eventTime"),
                new Actor(actorId, text(identity, "type")), ctx.ref(id));
        changes.add(op, target == null ? List.of() : List.of(target), null, null, details("action", action,
                "eventName", text(e, "eventName"), "serialNumber", serial,
                "mfaAuthenticated", text(identity, "sessionContext", "attributes", "mfaAuthenticated"),
                "performedBy", performedBy, "resetScope", op == ChangeOperation.FACTOR_REMOVED ? "one" : null));
        changes.emit(ctx, ReasonCodes.NOT_MFA_RELEVANT, id);
    }

    /**
     * AWS sign-in's root password recovery ({@code eventSource} {@code signin.amazonaws.com}, like
     * {@code PasswordUpdated}): the recovery e-mail requested, then the new password set through its link.
     * Whoever reads the root e-mail gets the account, MFA or not. The outcome is
     * {@code responseElements.<eventName>} ("Success" / "Failure") or an {@code errorCode}; the principal
     * is resolved like a root sign-in (its ARN built from the account when the record has none).
     */
    private void passwordRecovery(JsonNode e, MapContext ctx, String name) {
        String id = text(e, "eventID");
        String outcome = text(e, "responseElements", name);
        if (text(e, "errorCode") != null || (outcome != null && !outcome.equalsIgnoreCase("Success"))) {
            ctx.skip(ReasonCodes.OPERATION_FAILED, id);
            return;
        }
        JsonNode identity = object(e, "userIdentity");
        if (identity == null) {
            throw MappingException.missing("userIdentity");
        }
        String principal = AwsIdentity.principal(identity, AwsIdentity.account(identity, e), false).id();
        Changes changes = new Changes(ctx.eventId(id), SOURCE, Times.parse(text(e, "eventTime"), "eventTime"),
                new Actor(principal, text(identity, "type")), ctx.ref(id));
        changes.add(ChangeOperation.PASSWORD_RECOVERY, List.of(principal), null, null, details("eventName", name,
                "step", name.endsWith("Requested") ? "REQUESTED" : "COMPLETED", "channel", "EMAIL"));
        changes.emit(ctx, ReasonCodes.NOT_MFA_RELEVANT, id);
    }

    /**
     * An IAM user's permissions or console access changed. The user is {@code requestParameters.userName}
     * as a user ARN of the event's account, the name a sign-in of that user resolves to; the "role" is
     * the managed policy's ARN, the inline policy's name or the group's name.
     */
    private void iamUser(JsonNode e, MapContext ctx, ChangeOperation op) {
        String id = text(e, "eventID");
        if (text(e, "errorCode") != null) {
            ctx.skip(ReasonCodes.OPERATION_FAILED, id);
            return;
        }
        JsonNode identity = object(e, "userIdentity");
        String account = AwsIdentity.account(identity, e);
        String userName = text(e, "requestParameters", "userName");
        if (userName == null) {
            throw MappingException.missing("requestParameters.userName");
        }
        if (account == null) {
            throw MappingException.missing("recipientAccountId");
        }
        String name = text(e, "eventName");
        String role = null;
        String roleKind = null;
        String action = null;
        switch (name) {
            case "AttachUserPolicy", "DetachUserPolicy" -> {
                role = text(e, "requestParameters", "policyArn");
                roleKind = "MANAGED_POLICY";
            }
            case "PutUserPolicy", "DeleteUserPolicy" -> {
                role = text(e, "requestParameters", "policyName");
                roleKind = "INLINE_POLICY";
            }
            case "AddUserToGroup", "RemoveUserFromGroup" -> {
                role = text(e, "requestParameters", "groupName");
                roleKind = "GROUP";
            }
            default -> action = name.startsWith("Delete") ? "CONSOLE_PASSWORD_DELETED" : "CONSOLE_PASSWORD_CREATED";
        }
        Changes changes = new Changes(ctx.eventId(id), SOURCE, Times.parse(text(e, "eventTime"), "eventTime"),
                new Actor(actorId(identity, account), text(identity, "type")), ctx.ref(id));
        changes.add(op, List.of("arn:aws:iam::" + account + ":user/" + userName), null, null, details("action", action,
                "eventName", name, "role", role, "roleKind", roleKind,
                "mfaAuthenticated", text(identity, "sessionContext", "attributes", "mfaAuthenticated")));
        changes.emit(ctx, ReasonCodes.NOT_MFA_RELEVANT, id);
    }

    /** The caller resolved like a sign-in's principal (an Identity Center admin is their e-mail); null when unnamed. */
    private static String actorId(JsonNode identity, String account) {
        if (identity == null || text(identity, "arn") == null && text(identity, "principalId") == null
                && text(identity, "userName") == null) {
            return null;
        }
        return AwsIdentity.principal(identity, account, false).id();
    }
}
