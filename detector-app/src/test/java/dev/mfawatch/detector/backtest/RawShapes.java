package dev.mfawatch.detector.backtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Provider records for {@link PathsAroundMfaBacktestTest}, written for it in each provider's export shape (Graph
 * {@code signIn} and {@code directoryAudit}, the Azure Monitor / Event Hub envelope, a Log Analytics row, the Okta
 * System Log, CloudTrail, the Google Reports API), with the fields real records carry around the ones the
 * normalizers read. Names, ids and addresses are made up (northwind.example, documentation ranges).
 */
final class RawShapes {

    static final String TENANT = "7e57c0de-0000-4000-8000-00000000c0de";
    static final String ACCOUNT = "444455556666";

    private RawShapes() {
    }

    // ---- Entra sign-ins -------------------------------------------------------------------

    /** Where a sign-in came from: country, city, address, browser. */
    record Place(String country, String city, String ip, String userAgent) {
    }

    static final Place BERLIN = new Place("DE", "Berlin", "203.0.113.7",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
    static final Place SAO_PAULO = new Place("BR", "Sao Paulo", "198.51.100.200",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");

    static final String PASSWORD_STEP = step("Password", "Password Hash Sync", true, "Correct password",
            "Primary authentication");

    static String step(String method, String methodDetail, boolean succeeded, String resultDetail, String requirement) {
        return """
                {"authenticationStepDateTime":"2026-11-23T00:00:00Z","authenticationMethod":%s,"authenticationMethodDetail":%s,\
                "succeeded":%s,"authenticationStepResultDetail":%s,"authenticationStepRequirement":%s}"""
                .formatted(q(method), q(methodDetail), succeeded, q(resultDetail), q(requirement));
    }

    static final String TAP_STEP = step("Temporary Access Pass", null, true, "Temporary Access Pass validated", "Primary authentication");

    /** A failed Authenticator push step; {@code detail} may be null (Entra then says why only in the status). */
    static String pushStep(String detail) {
        return step("Mobile app notification", null, false, detail, "Multifactor authentication");
    }

    /**
     * A Graph {@code signIn}. {@code error} 0 is a success; {@code additionalDetails} and {@code mfaDetail}
     * may be null; {@code steps} are the authenticationDetails entries.
     */
    static String entraSignIn(String id, String time, String upn, int error, String failureReason, String additionalDetails,
                              String mfaDetailMethod, Place at, String... steps) {
        String status = "{\"errorCode\":" + error + (failureReason == null ? "" : ",\"failureReason\":" + q(failureReason))
                + (additionalDetails == null ? "" : ",\"additionalDetails\":" + q(additionalDetails)) + "}";
        return """
                {"id":"%s","createdDateTime":"%s","userDisplayName":"Someone","userPrincipalName":"%s",
                 "userId":"0b1ec700-0000-4000-8000-%012d","appId":"c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
                 "appDisplayName":"Azure Portal","ipAddress":"%s","clientAppUsed":"Browser","userAgent":"%s",
                 "correlationId":"c0220000-%s","conditionalAccessStatus":"%s","isInteractive":true,
                 "riskDetail":"none","riskLevelAggregated":"none","riskLevelDuringSignIn":"none","riskState":"none",
                 "riskEventTypes_v2":[],"resourceDisplayName":"Windows Azure Service Management API",
                 "resourceId":"797f4846-ba00-4fd7-ba43-dac1f8f63013","status":%s,
                 "deviceDetail":{"deviceId":"","displayName":"","operatingSystem":"Windows 10","browser":"Chrome 131.0.0",
                  "isCompliant":false,"isManaged":false,"trustType":""},
                 "location":{"city":"%s","state":"","countryOrRegion":"%s","geoCoordinates":{"altitude":null,"latitude":52.52,"longitude":13.405}},
                 "appliedConditionalAccessPolicies":[{"id":"ca000000-0000-4000-8000-0000000000a1","displayName":"Require MFA for all users",
                  "enforcedGrantControls":["Mfa"],"enforcedSessionControls":[],"result":"%s"}],
                 "authenticationRequirement":"multiFactorAuthentication","authenticationDetails":[%s]%s}"""
                .formatted(id, time, upn, Math.abs(upn.hashCode()) % 1_000_000_000_000L, at.ip(), at.userAgent(), id,
                        error == 0 ? "success" : "failure", status, at.city(), at.country(), error == 0 ? "success" : "failure",
                        String.join(",", steps),
                        mfaDetailMethod == null ? "" : ",\"mfaDetail\":{\"authMethod\":" + q(mfaDetailMethod) + ",\"authDetail\":null}");
    }

    static final String STRONG_AUTH_FAILED = "Authentication failed during strong authentication request.";

    /** 500121 with the failed push step and its result detail (and the same words in the status, as Entra writes them). */
    static String entraPushFailed(String id, String time, String upn, String detail) {
        return entraSignIn(id, time, upn, 500121, STRONG_AUTH_FAILED, detail, null, BERLIN, PASSWORD_STEP, pushStep(detail));
    }

    /** A successful sign-in with a push. */
    static String entraPushSuccess(String id, String time, String upn, Place at) {
        return entraSignIn(id, time, upn, 0, null, "MFA completed in Azure AD", "Mobile app notification", at, PASSWORD_STEP,
                step("Mobile app notification", null, true, "MFA successfully completed", "Multifactor authentication"));
    }

    /** An Azure Monitor / Event Hub batch: each Graph sign-in as {@code properties} of a diagnostic record. */
    static String entraMonitorBatch(String... graphSignIns) {
        List<String> records = new ArrayList<>();
        for (String s : graphSignIns) {
            String time = s.replaceAll("(?s).*\"createdDateTime\":\"([^\"]+)\".*", "$1");
            String code = s.replaceAll("(?s).*\"errorCode\":(\\d+).*", "$1");
            records.add("""
                    {"time":"%s","resourceId":"/tenants/%s/providers/Microsoft.aadiam","operationName":"Sign-in activity",
                     "operationVersion":"1.0","category":"SignInLogs","tenantId":"%s","resultType":"%s","resultSignature":"None",
                     "resultDescription":"%s","durationMs":0,"callerIpAddress":"203.0.113.7","Level":4,"location":"DE",
                     "properties":%s}""".formatted(time, TENANT, TENANT, code, code.equals("0") ? "" : STRONG_AUTH_FAILED, s));
        }
        return "{\"records\":[" + String.join(",\n", records) + "]}";
    }

    /**
     * A Log Analytics {@code SigninLogs} row as a KQL query returns it: PascalCase columns, {@code Status} and
     * {@code LocationDetails} dynamic (JSON objects), {@code AuthenticationDetails} a string column holding JSON.
     */
    static String entraSignInRow(String id, String time, String upn, int error, String additionalDetails, String... steps) {
        String status = "{\"errorCode\":" + error + (error == 0 ? "" : ",\"failureReason\":" + q(STRONG_AUTH_FAILED))
                + (additionalDetails == null ? "" : ",\"additionalDetails\":" + q(additionalDetails)) + "}";
        return """
                {"TenantId":"%s","SourceSystem":"Azure AD","TimeGenerated":"%s","OperationName":"Sign-in activity",
                 "Category":"SignInLogs","ResultType":"%d","ResultDescription":"%s","CorrelationId":"c0220000-%s","Id":"%s",
                 "CreatedDateTime":"%s","UserPrincipalName":"%s","UserId":"%s","AppId":"c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
                 "AppDisplayName":"Azure Portal","IPAddress":"203.0.113.7","ClientAppUsed":"Browser","IsInteractive":true,
                 "Status":%s,"LocationDetails":{"city":"Berlin","state":"Berlin","countryOrRegion":"DE",
                  "geoCoordinates":{"latitude":52.52,"longitude":13.405}},"AuthenticationRequirement":"multiFactorAuthentication",
                 "ConditionalAccessStatus":"failure","AuthenticationDetails":%s,"MfaDetail":{},"Type":"SigninLogs"}"""
                .formatted(TENANT, time, error, error == 0 ? "" : STRONG_AUTH_FAILED, id, id, time, upn, objectId(upn), status,
                        q("[" + String.join(",", steps) + "]"));
    }

    // ---- Entra audit ----------------------------------------------------------------------

    /**
     * A Graph {@code directoryAudit} on one user. {@code service} "Authentication Methods" for security info,
     * "Core Directory" or "Self-service Password Management" for password resets; {@code extra} is appended to
     * the object (e.g. additionalDetails).
     */
    static String entraAudit(String id, String time, String activity, String service, String reason, String actorUpn,
                             String targetUpn, String correlationId, String extra) {
        return """
                {"id":"%s","category":"UserManagement","correlationId":"%s","result":"success","resultReason":%s,
                 "activityDisplayName":"%s","activityDateTime":"%s","loggedByService":"%s","operationType":"%s",
                 "initiatedBy":{"user":{"id":"aaaa0000-0000-4000-8000-%012d","displayName":null,"userPrincipalName":"%s",
                  "ipAddress":"203.0.113.90","roles":[]}},
                 "targetResources":[{"id":"%s","displayName":null,"type":"User",
                  "userPrincipalName":"%s","groupType":null,"modifiedProperties":[]}],
                 "additionalDetails":[]%s}"""
                .formatted(id, correlationId, q(reason), activity, time, service,
                        activity.toLowerCase(java.util.Locale.ROOT).contains("deleted") ? "Delete" : "Update",
                        Math.abs(actorUpn.hashCode()) % 1_000_000_000_000L, actorUpn,
                        objectId(targetUpn), targetUpn, extra == null ? "" : "," + extra);
    }

    /** The made-up Entra object id of a user, as the audit records name it beside the UPN. */
    static String objectId(String upn) {
        return "0b1ec700-0000-4000-8000-%012d".formatted(Math.abs(upn.hashCode()) % 1_000_000_000_000L);
    }

    static final String TAP_REASON = "Admin registered temporary access pass method for user";

    /** "Admin registered security info" issuing a Temporary Access Pass, with a ticket in additionalDetails if given. */
    static String entraTapIssued(String id, String time, String actorUpn, String targetUpn, String ticket) {
        String details = ticket == null ? null
                : "\"additionalDetails\":[{\"key\":\"TicketNumber\",\"value\":\"" + ticket + "\"},"
                        + "{\"key\":\"TicketSystem\",\"value\":\"ServiceNow\"}]";
        String audit = entraAudit(id, time, "Admin registered security info", "Authentication Methods", TAP_REASON, actorUpn,
                targetUpn, "c0aa0000-" + id, null);
        return details == null ? audit : audit.replace("\"additionalDetails\":[]", details);
    }

    /** The Azure Monitor envelope of an audit record. */
    static String entraAuditMonitor(String graphAudit) {
        String time = graphAudit.replaceAll("(?s).*\"activityDateTime\":\"([^\"]+)\".*", "$1");
        String op = graphAudit.replaceAll("(?s).*\"activityDisplayName\":\"([^\"]+)\".*", "$1");
        return """
                {"time":"%s","resourceId":"/tenants/%s/providers/Microsoft.aadiam","operationName":"%s","operationVersion":"1.0",
                 "category":"AuditLogs","tenantId":"%s","resultSignature":"None","durationMs":0,"callerIpAddress":"203.0.113.90",
                 "Level":4,"properties":%s}""".formatted(time, TENANT, op, TENANT, graphAudit);
    }

    /**
     * A Log Analytics {@code AuditLogs} row as a Sentinel query returns it: the reason in {@code ResultDescription}
     * (what Sentinel's own TAP rules read) with {@code ResultReason} empty, dynamic columns as JSON text.
     */
    static String entraAuditRow(String id, String time, String activity, String description, String actorUpn, String targetUpn) {
        String initiatedBy = "{\"user\":{\"id\":\"aaaa0000-0000-4000-8000-0000000000ad\",\"userPrincipalName\":\"" + actorUpn
                + "\",\"ipAddress\":\"203.0.113.90\"}}";
        String targets = "[{\"id\":\"0b1ec700-0000-4000-8000-0000000000ff\",\"type\":\"User\",\"userPrincipalName\":\""
                + targetUpn + "\",\"modifiedProperties\":[]}]";
        return """
                {"TenantId":"%s","SourceSystem":"Azure AD","TimeGenerated":"%s","OperationName":"%s","OperationVersion":"1.0",
                 "Category":"UserManagement","ResultType":"","ResultSignature":"None","ResultDescription":"%s","DurationMs":0,
                 "CorrelationId":"c0aa0000-%s","Level":4,"AdditionalDetails":"[]","Id":"%s","InitiatedBy":%s,
                 "LoggedByService":"Authentication Methods","Result":"success","ResultReason":"","TargetResources":%s,
                 "AADTenantId":"%s","ActivityDisplayName":"%s","ActivityDateTime":"%s","AADOperationType":"Update",
                 "Identity":"Someone","Type":"AuditLogs"}"""
                .formatted(TENANT, time, activity, description, id, id, q(initiatedBy), q(targets), TENANT, activity, time);
    }

    // ---- Okta -----------------------------------------------------------------------------

    /** An Okta System Log event by the user {@code login} (actor), with the given outcome, debugData and targets. */
    static String okta(String uuid, String time, String eventType, String login, String session, String result, String reason,
                       String debugData, String targets, String country, String ip) {
        return """
                {"uuid":"%s","published":"%s","eventType":"%s","version":"0","severity":"%s","legacyEventType":null,
                 "displayMessage":"%s","actor":{"id":"00u%s","type":"User","alternateId":"%s","displayName":"Someone","detailEntry":null},
                 "client":{"userAgent":{"rawUserAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Safari/605.1.15",
                  "os":"Mac OS X","browser":"SAFARI"},"zone":"null","device":"Computer","id":null,"ipAddress":"%s",
                  "geographicalContext":{"city":"Somewhere","state":null,"country":"%s","postalCode":null,
                   "geolocation":{"lat":52.37,"lon":4.9}}},
                 "device":null,"authenticationContext":{"authenticationProvider":null,"credentialProvider":null,"credentialType":null,
                  "issuer":null,"interface":null,"authenticationStep":0,"rootSessionId":"%s","externalSessionId":"%s"},
                 "outcome":{"result":"%s","reason":%s},
                 "securityContext":{"asNumber":64500,"asOrg":"example isp","isp":"example isp","domain":"example.net","isProxy":false},
                 "debugContext":{"debugData":%s},
                 "transaction":{"type":"WEB","id":"txn%s","detail":{}},
                 "target":%s}"""
                .formatted(uuid, time, eventType, result.equals("SUCCESS") ? "INFO" : "WARN", eventType,
                        Integer.toHexString(login.hashCode()), login, ip, country, session, session, result, q(reason),
                        debugData, uuid, targets);
    }

    static final String OKTA_VERIFY_TARGET = """
            [{"id":"pfd1ovp000000000001","type":"AuthenticatorEnrollment","alternateId":"unknown","displayName":"Okta Verify",
              "detailEntry":{"methodTypeUsed":"Get a push notification","methodUsedVerifiedProperties":"[DEVICE_BOUND, HARDWARE_PROTECTED]"}},
             {"id":"aut1ov0000000000001","type":"AuthenticatorMethod","alternateId":"unknown","displayName":"Okta Verify"}]""";

    static String oktaUserTarget(String login) {
        return "[{\"id\":\"00u" + Integer.toHexString(login.hashCode()) + "\",\"type\":\"User\",\"alternateId\":\"" + login
                + "\",\"displayName\":\"Someone\",\"detailEntry\":null}]";
    }

    /** Okta sends a push ("Push notification sent for verification"). */
    static String oktaPushSent(String uuid, String time, String login) {
        return okta(uuid, time, "system.push.send_factor_verify_push", login, "102s" + login.hashCode(), "SUCCESS", null,
                "{\"requestId\":\"r" + uuid + "\",\"factor\":\"OKTA_VERIFY_PUSH\"}", oktaUserTarget(login), "Netherlands",
                "198.51.100.7");
    }

    /** Classic: the user tapped "No, it's not me". */
    static String oktaDenyPush(String uuid, String time, String login) {
        return okta(uuid, time, "user.mfa.okta_verify.deny_push", login, "102s" + login.hashCode(), "SUCCESS", null,
                "{\"requestId\":\"r" + uuid + "\"}", oktaUserTarget(login), "Netherlands", "198.51.100.7");
    }

    /** Identity Engine: auth_via_mfa FAILURE of an Okta Verify push, the factor in debugData (key {@code factor}). */
    static String oktaPushFailure(String uuid, String time, String login, String debugExtra) {
        return okta(uuid, time, "user.authentication.auth_via_mfa", login, "102s" + login.hashCode(), "FAILURE",
                "INVALID_CREDENTIALS", "{\"requestId\":\"r" + uuid + "\",\"factor\":\"OKTA_VERIFY_PUSH\""
                        + (debugExtra == null ? "" : "," + debugExtra) + "}", OKTA_VERIFY_TARGET, "Netherlands", "198.51.100.7");
    }

    /** A successful Okta sign-in: the push step and the session start of one session. */
    static List<String> oktaSignIn(String uuid, String time, String login, String country, String ip) {
        String session = "102" + uuid;
        String step = okta(uuid + "m", time, "user.authentication.auth_via_mfa", login, session, "SUCCESS", null,
                "{\"requestId\":\"r" + uuid + "\",\"factor\":\"OKTA_VERIFY_PUSH\"}", OKTA_VERIFY_TARGET, country, ip);
        String start = okta(uuid, time.replace(":00Z", ":02Z"), "user.session.start", login, session, "SUCCESS", null,
                "{\"requestId\":\"r" + uuid + "\"}",
                "[{\"id\":\"0oa1app00000000000001\",\"type\":\"AppInstance\",\"alternateId\":\"Payroll\",\"displayName\":\"Payroll\"}]",
                country, ip);
        return List.of(step, start);
    }

    /** An admin (or Okta Support) acting on {@code target}: reset_all, deactivate, reset_password. */
    static String oktaAdminOn(String uuid, String time, String eventType, String actor, String target, String debugData) {
        String targets = eventType.equals("user.mfa.factor.deactivate")
                ? oktaUserTarget(target).replace("]", ",{\"id\":\"mbl1" + uuid + "\",\"type\":\"AuthenticatorEnrollment\","
                + "\"alternateId\":\"unknown\",\"displayName\":\"Okta Verify\",\"detailEntry\":null}]")
                : oktaUserTarget(target);
        return okta(uuid, time, eventType, actor, "102a" + actor.hashCode(), "SUCCESS", null,
                debugData == null ? "{\"requestId\":\"r" + uuid + "\"}" : debugData, targets, "United States", "192.0.2.10");
    }

    static String array(List<String> events) {
        return "[" + String.join(",\n", events) + "]";
    }

    // ---- CloudTrail -----------------------------------------------------------------------

    static String cloudTrailIam(String eventId, String time, String actor, String eventName, String requestParameters) {
        return """
                {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDA%s","arn":"arn:aws:iam::%s:user/%s",
                  "accountId":"%s","accessKeyId":"ASIAEXAMPLE","userName":"%s","sessionContext":{"sessionIssuer":{},
                  "webIdFederationData":{},"attributes":{"creationDate":"%s","mfaAuthenticated":"true"}}},
                 "eventTime":"%s","eventSource":"iam.amazonaws.com","eventName":"%s","awsRegion":"us-east-1",
                 "sourceIPAddress":"203.0.113.70","userAgent":"aws-cli/2.22.0 md/awscrt#0.23.0","requestParameters":%s,
                 "responseElements":null,"requestID":"req-%s","eventID":"%s","readOnly":false,"eventType":"AwsApiCall",
                 "managementEvent":true,"recipientAccountId":"%s","eventCategory":"Management",
                 "tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"iam.amazonaws.com"}}"""
                .formatted(actor.toUpperCase(java.util.Locale.ROOT), ACCOUNT, actor, ACCOUNT, actor, time, time, eventName,
                        requestParameters, eventId, eventId, ACCOUNT);
    }

    static String cloudTrailDeactivateMfa(String eventId, String time, String actor, String user) {
        return cloudTrailIam(eventId, time, actor, "DeactivateMFADevice", "{\"userName\":\"" + user
                + "\",\"serialNumber\":\"arn:aws:iam::" + ACCOUNT + ":mfa/" + user + "-phone\"}");
    }

    static String cloudTrailDeleteVirtualMfa(String eventId, String time, String actor, String user) {
        return cloudTrailIam(eventId, time, actor, "DeleteVirtualMFADevice", "{\"serialNumber\":\"arn:aws:iam::" + ACCOUNT
                + ":mfa/" + user + "-phone\"}");
    }

    static String cloudTrailRootRecovery(String eventId, String time, String eventName) {
        return """
                {"eventVersion":"1.09","userIdentity":{"type":"Root","principalId":"%s","arn":"arn:aws:iam::%s:root",
                  "accountId":"%s","accessKeyId":""},
                 "eventTime":"%s","eventSource":"signin.amazonaws.com","eventName":"%s","awsRegion":"us-east-1",
                 "sourceIPAddress":"198.51.100.77","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
                 "requestParameters":null,"responseElements":{"%s":"Success"},"eventID":"%s","readOnly":false,
                 "eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"%s","eventCategory":"Management"}"""
                .formatted(ACCOUNT, ACCOUNT, ACCOUNT, time, eventName, eventName, eventId, ACCOUNT);
    }

    static String cloudTrailFile(String... events) {
        return "{\"Records\":[" + String.join(",\n", events) + "]}";
    }

    // ---- Google Workspace -----------------------------------------------------------------

    /** A Reports API activity with one event; {@code parameters} is the JSON of its parameters array's entries. */
    static String google(String qualifier, String time, String application, String actorEmail, String type, String name,
                         String... parameters) {
        return """
                {"kind":"admin#reports#activity","id":{"time":"%s","uniqueQualifier":"%s","applicationName":"%s",
                  "customerId":"C03az79cb"},"etag":"\\"e1/%s\\"","actor":{"callerType":"USER","email":"%s",
                  "profileId":"1092837465019283%05d"},"ipAddress":"192.0.2.55",
                 "events":[{"type":"%s","name":"%s","parameters":[%s]}]}"""
                .formatted(time, qualifier, application, qualifier, actorEmail, Math.abs(actorEmail.hashCode()) % 100_000, type,
                        name, String.join(",", parameters));
    }

    static String param(String name, String value) {
        return "{\"name\":\"" + name + "\",\"value\":\"" + value + "\"}";
    }

    static String multi(String name, String... values) {
        return "{\"name\":\"" + name + "\",\"multiValue\":[" + String.join(",", Arrays.stream(values).map(RawShapes::q).toList())
                + "]}";
    }

    static String bool(String name, boolean value) {
        return "{\"name\":\"" + name + "\",\"boolValue\":" + value + "}";
    }

    static String googlePage(String... activities) {
        return "{\"kind\":\"admin#reports#activities\",\"etag\":\"\\\"p1\\\"\",\"items\":[" + String.join(",\n", activities) + "]}";
    }

    // ---- helpers --------------------------------------------------------------------------

    /** A JSON string literal, or null. */
    static String q(String s) {
        if (s == null) {
            return "null";
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
