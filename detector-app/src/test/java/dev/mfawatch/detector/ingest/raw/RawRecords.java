package dev.mfawatch.detector.ingest.raw;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Provider records written for these tests in each provider's real export shape (Microsoft Graph
 * {@code signIn}, Azure Monitor envelope, Entra audit, Okta System Log, CloudTrail, Google Reports
 * API), cut down to the fields the normalizers read. Values are made up.
 */
public final class RawRecords {

    private RawRecords() {
    }

    public static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** A Graph {@code signIn}: success, interactive browser sign-in, with or without a completed MFA step. */
    public static String entraSignIn(String id, String time, String upn, String userId, boolean mfa) {
        String details = mfa
                ? """
                  [{"authenticationMethod":"Password","succeeded":true,"authenticationStepRequirement":"Primary authentication"},
                   {"authenticationMethod":"Mobile app notification","succeeded":true,"authenticationStepResultDetail":"MFA successfully completed","authenticationStepRequirement":"Secondary authentication"}]"""
                : """
                  [{"authenticationMethod":"Password","succeeded":true,"authenticationStepRequirement":"Primary authentication"}]""";
        return """
                {"id":"%s","createdDateTime":"%s","userPrincipalName":"%s","userId":"%s",
                 "appId":"00000002-0000-0ff1-ce00-000000000000","appDisplayName":"Office 365 Exchange Online",
                 "ipAddress":"203.0.113.7","clientAppUsed":"Browser","userAgent":"Mozilla/5.0 (Windows NT 10.0)",
                 "correlationId":"c-%s","isInteractive":true,"authenticationRequirement":"%s",
                 "status":{"errorCode":0},
                 "location":{"city":"Berlin","countryOrRegion":"DE","geoCoordinates":{"latitude":52.52,"longitude":13.405}},
                 "authenticationDetails":%s%s}"""
                .formatted(id, time, upn, userId, id, mfa ? "multiFactorAuthentication" : "singleFactorAuthentication",
                        details, mfa ? ",\"mfaDetail\":{\"authMethod\":\"PhoneAppNotification\"}" : "");
    }

    /** An Azure Monitor / Event Hub batch of sign-ins ({@code properties} is the Graph object). */
    public static String entraMonitorBatch(String time, String... graphSignIns) {
        StringBuilder b = new StringBuilder("{\"records\":[");
        for (int i = 0; i < graphSignIns.length; i++) {
            b.append(i == 0 ? "" : ",").append("""
                    {"time":"%s","operationName":"Sign-in activity","category":"SignInLogs","resultType":"0","properties":%s}"""
                    .formatted(time, graphSignIns[i]));
        }
        return b.append("]}").toString();
    }

    /**
     * An Entra audit record (Azure Monitor shape): "Update conditional access policy" whose
     * {@code excludeUsers} gains {@code excluded} (object ids); the policy stays enabled and keeps its MFA control.
     */
    public static String entraCaExcludeUsers(String id, String time, String actorUpn, String policyId, String policyName,
                                             String... excluded) {
        return entraCaUpdate(id, time, actorUpn, policyId, policyName, "excludeUsers", List.of(), List.of(excluded));
    }

    /**
     * "Update conditional access policy" changing one exclusion list ({@code excludeUsers},
     * {@code excludeGroups}, {@code excludeRoles}) from {@code before} to {@code after}.
     */
    public static String entraCaUpdate(String id, String time, String actorUpn, String policyId, String policyName,
                                       String list, List<String> before, List<String> after) {
        return """
                {"time":"%s","operationName":"Update conditional access policy","category":"AuditLogs",
                 "properties":{"id":"%s","category":"Policy","result":"success",
                  "activityDisplayName":"Update conditional access policy","activityDateTime":"%s",
                  "loggedByService":"Conditional Access","operationType":"Update",
                  "initiatedBy":{"user":{"id":"aaaa0000-0000-4000-8000-0000000000ad","userPrincipalName":"%s"}},
                  "targetResources":[{"id":"%s","displayName":"%s","type":"Policy","modifiedProperties":[
                    {"displayName":"ConditionalAccessPolicy","oldValue":"%s","newValue":"%s"}]}]}}"""
                .formatted(time, id, time, actorUpn, policyId, policyName, caPolicy(policyId, policyName, list, before),
                        caPolicy(policyId, policyName, list, after));
    }

    private static String caPolicy(String policyId, String name, String list, List<String> ids) {
        String quoted = String.join(",", ids.stream().map(u -> "\\\"" + u + "\\\"").toList());
        String users = java.util.stream.Stream.of("excludeUsers", "excludeGroups", "excludeRoles")
                .map(k -> "\\\"" + k + "\\\":[" + (k.equals(list) ? quoted : "") + "]")
                .collect(java.util.stream.Collectors.joining(","));
        return ("{\\\"id\\\":\\\"%s\\\",\\\"displayName\\\":\\\"%s\\\",\\\"state\\\":\\\"enabled\\\","
                + "\\\"conditions\\\":{\\\"applications\\\":{\\\"includeApplications\\\":[\\\"All\\\"]},"
                + "\\\"users\\\":{\\\"includeUsers\\\":[\\\"All\\\"],%s}},"
                + "\\\"grantControls\\\":{\\\"operator\\\":\\\"OR\\\",\\\"builtInControls\\\":[\\\"mfa\\\"]}}")
                .formatted(policyId, name, users);
    }

    private static String oktaEvent(String uuid, String time, String eventType, String login, String userId,
                                    String session, String outcome, String debugData, String targets) {
        return """
                {"uuid":"%s","published":"%s","eventType":"%s","version":"0","severity":"INFO",
                 "actor":{"id":"%s","type":"User","alternateId":"%s","displayName":"Someone"},
                 "client":{"userAgent":{"rawUserAgent":"Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0","browser":"FIREFOX"},
                  "device":"Computer","ipAddress":"198.51.100.7",
                  "geographicalContext":{"city":"Amsterdam","country":"Netherlands","geolocation":{"lat":52.3676,"lon":4.9041}}},
                 "outcome":{"result":"%s"},
                 "authenticationContext":{"authenticationStep":0,"rootSessionId":"%s","externalSessionId":"%s"},
                 "debugContext":{"debugData":%s},
                 "transaction":{"type":"WEB","id":"txn-%s","detail":{}},
                 "target":%s}"""
                .formatted(uuid, time, eventType, userId, login, outcome, session, session, debugData, session, targets);
    }

    /** Okta {@code user.session.start} to the Payroll app. */
    public static String oktaSessionStart(String uuid, String time, String login, String userId, String session) {
        return oktaEvent(uuid, time, "user.session.start", login, userId, session, "SUCCESS", "{\"requestId\":\"r-" + uuid + "\"}",
                "[{\"id\":\"0oa1app00000000000001\",\"type\":\"AppInstance\",\"alternateId\":\"Payroll\",\"displayName\":\"Payroll\"}]");
    }

    /** Okta {@code user.authentication.auth_via_mfa} with an Okta Verify push. */
    public static String oktaMfaPush(String uuid, String time, String login, String userId, String session) {
        return oktaEvent(uuid, time, "user.authentication.auth_via_mfa", login, userId, session, "SUCCESS",
                "{\"factor\":\"OKTA_VERIFY_PUSH\"}",
                "[{\"id\":\"pfd1\",\"type\":\"AuthenticatorEnrollment\",\"alternateId\":\"unknown\",\"displayName\":\"Okta Verify\"}]");
    }

    /** Okta {@code user.mfa.factor.deactivate} by an admin on {@code targetLogin}. */
    public static String oktaFactorDeactivate(String uuid, String time, String adminLogin, String targetLogin) {
        return oktaEvent(uuid, time, "user.mfa.factor.deactivate", adminLogin, "00u1adm000000000001", "102admin",
                "SUCCESS", "{\"factor\":\"SMS_FACTOR\"}",
                "[{\"id\":\"00u1tgt000000000001\",\"type\":\"User\",\"alternateId\":\"" + targetLogin
                        + "\",\"displayName\":\"User\"}]");
    }

    /** Okta {@code policy.rule.update} of a sign-on rule moving from requiring a factor to not. */
    public static String oktaRuleDropsMfa(String uuid, String time, String adminLogin, String policyId, String policyName) {
        String targets = """
                [{"id":"%s","type":"PolicyEntity","alternateId":"unknown","displayName":"%s","detailEntry":{"policyType":"OktaSignOn"}},
                 {"id":"0pr1rul00000000000001","type":"PolicyRule","alternateId":"unknown","displayName":"Require MFA off-network",
                  "changeDetails":{"from":{"policyRuleActionJson":"{\\"signon\\":{\\"access\\":\\"ALLOW\\",\\"requireFactor\\":true}}"},
                                   "to":{"policyRuleActionJson":"{\\"signon\\":{\\"access\\":\\"ALLOW\\",\\"requireFactor\\":false}}"}}}]"""
                .formatted(policyId, policyName);
        return oktaEvent(uuid, time, "policy.rule.update", adminLogin, "00u1adm000000000001", "102admin", "SUCCESS",
                "{\"requestId\":\"r-" + uuid + "\"}", targets);
    }

    /** Okta {@code user.account.lock}: well formed, nothing about MFA. */
    public static String oktaAccountLock(String uuid, String time, String login) {
        return oktaEvent(uuid, time, "user.account.lock", login, "00u1lck000000000001", "102lock", "SUCCESS", "{}", "[]");
    }

    /** CloudTrail {@code ConsoleLogin} of an IAM user. */
    public static String cloudTrailConsoleLogin(String eventId, String time, String userName, String mfaUsed) {
        return """
                {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE%s",
                  "arn":"arn:aws:iam::444455556666:user/%s","accountId":"444455556666","userName":"%s"},
                 "eventTime":"%s","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1",
                 "sourceIPAddress":"203.0.113.61","userAgent":"Mozilla/5.0 (Macintosh) Safari/605.1.15",
                 "requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},
                 "additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"%s"},
                 "eventID":"%s","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,
                 "recipientAccountId":"444455556666","eventCategory":"Management"}"""
                .formatted(userName.toUpperCase(java.util.Locale.ROOT), userName, userName, time, mfaUsed, eventId);
    }

    /** CloudTrail {@code DeactivateMFADevice} by IAM user {@code actor} on IAM user {@code target}. */
    public static String cloudTrailDeactivateMfa(String eventId, String time, String actor, String target) {
        return """
                {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEADMIN",
                  "arn":"arn:aws:iam::444455556666:user/%s","accountId":"444455556666","userName":"%s"},
                 "eventTime":"%s","eventSource":"iam.amazonaws.com","eventName":"DeactivateMFADevice","awsRegion":"us-east-1",
                 "sourceIPAddress":"203.0.113.70","userAgent":"aws-cli/2.17.0",
                 "requestParameters":{"userName":"%s","serialNumber":"arn:aws:iam::444455556666:mfa/%s-phone"},
                 "responseElements":null,"requestID":"req-%s","eventID":"%s","readOnly":false,"eventType":"AwsApiCall",
                 "managementEvent":true,"recipientAccountId":"444455556666"}"""
                .formatted(actor, actor, time, target, target, eventId, eventId);
    }

    /** A CloudTrail log file: {@code {"Records":[…]}}. */
    public static String cloudTrailFile(String... events) {
        return "{\"Records\":[" + String.join(",", events) + "]}";
    }

    /** A Google Reports API login activity with one event. */
    public static String googleLogin(String qualifier, String time, String email, String eventName, String... challenge) {
        String methods = String.join(",", java.util.Arrays.stream(challenge).map(m -> "\"" + m + "\"").toList());
        return """
                {"kind":"admin#reports#activity","id":{"time":"%s","uniqueQualifier":"%s","applicationName":"login",
                  "customerId":"C0examp1e"},"actor":{"email":"%s","profileId":"100000000000000000009"},
                 "ipAddress":"192.0.2.55","events":[{"type":"login","name":"%s","parameters":[
                   {"name":"login_type","value":"google_password"},
                   {"name":"login_challenge_method","multiValue":[%s]}%s]}]}"""
                .formatted(time, qualifier, email, eventName, methods,
                        eventName.equals("login_verification") ? ",{\"name\":\"is_second_factor\",\"boolValue\":true}" : "");
    }

    /** A Google user_accounts {@code 2sv_disable} by the user. */
    public static String google2svDisable(String qualifier, String time, String email) {
        return """
                {"kind":"admin#reports#activity","id":{"time":"%s","uniqueQualifier":"%s","applicationName":"user_accounts",
                  "customerId":"C0examp1e"},"actor":{"email":"%s","profileId":"100000000000000000009"},
                 "ipAddress":"192.0.2.55","events":[{"type":"2sv_change","name":"2sv_disable"}]}"""
                .formatted(time, qualifier, email);
    }

    /** A Google user_accounts {@code 2sv_enroll} by the user. */
    public static String google2svEnroll(String qualifier, String time, String email) {
        return google2svDisable(qualifier, time, email).replace("\"2sv_disable\"", "\"2sv_enroll\"");
    }

    /** A Google login {@code logout}: well formed, nothing about MFA. */
    public static String googleLogout(String qualifier, String time, String email) {
        return """
                {"kind":"admin#reports#activity","id":{"time":"%s","uniqueQualifier":"%s","applicationName":"login",
                  "customerId":"C0examp1e"},"actor":{"email":"%s","profileId":"100000000000000000009"},
                 "ipAddress":"192.0.2.55","events":[{"type":"logout","name":"logout"}]}"""
                .formatted(time, qualifier, email);
    }
}
