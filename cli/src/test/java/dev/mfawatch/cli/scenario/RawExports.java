package dev.mfawatch.cli.scenario;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** Provider exports in their real shapes (invented tenants, documentation IPs) for the replay tests. */
public final class RawExports {

    private RawExports() {
    }

    /** A CloudTrail S3 tree: one gzip log file of ConsoleLogin events, and a digest file replay must skip. */
    public static Path cloudTrailTree(Path root, String... consoleLogins) throws IOException {
        Path file = root.resolve("AWSLogs/444455556666/CloudTrail/us-east-1/2026/11/23/"
                + "444455556666_CloudTrail_us-east-1_20261123T0910Z_r1.json.gz");
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(("{\"Records\":[" + String.join(",", consoleLogins) + "]}").getBytes(StandardCharsets.UTF_8));
        }
        Path digest = root.resolve("AWSLogs/444455556666/CloudTrail-Digest/us-east-1/2026/11/23/digest.json.gz");
        Files.createDirectories(digest.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(digest))) {
            out.write("{\"digestStartTime\":\"2026-11-23T09:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
        }
        return root;
    }

    /** CloudTrail {@code ConsoleLogin} of IAM user {@code userName}; {@code mfaUsed} "Yes" or "No". */
    public static String consoleLogin(String eventId, String time, String userName, String mfaUsed) {
        return """
                {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDA0CONTOSO%s",
                  "arn":"arn:aws:iam::444455556666:user/%s","accountId":"444455556666","userName":"%s"},
                 "eventTime":"%s","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1",
                 "sourceIPAddress":"203.0.113.61","userAgent":"Mozilla/5.0 (Macintosh) Safari/605.1.15",
                 "requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},
                 "additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"%s"},
                 "eventID":"%s","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,
                 "recipientAccountId":"444455556666","eventCategory":"Management"}"""
                .formatted(userName.toUpperCase(Locale.ROOT), userName, userName, time, mfaUsed, eventId).replace("\n", " ");
    }

    /** An Okta System Log event (the /api/v1/logs shape). */
    public static String okta(String uuid, String time, String eventType, String login, String userId, String session,
                              String debugData, String targets) {
        return """
                {"uuid":"%s","published":"%s","eventType":"%s","version":"0","severity":"INFO",
                 "actor":{"id":"%s","type":"User","alternateId":"%s","displayName":"Someone"},
                 "client":{"userAgent":{"rawUserAgent":"Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0","browser":"FIREFOX"},
                  "device":"Computer","ipAddress":"198.51.100.7",
                  "geographicalContext":{"city":"Amsterdam","country":"Netherlands","geolocation":{"lat":52.3676,"lon":4.9041}}},
                 "outcome":{"result":"SUCCESS"},
                 "authenticationContext":{"authenticationStep":0,"rootSessionId":"%s","externalSessionId":"%s"},
                 "debugContext":{"debugData":%s},
                 "transaction":{"type":"WEB","id":"txn-%s","detail":{}},
                 "target":%s}"""
                .formatted(uuid, time, eventType, userId, login, session, session, debugData, session, targets).replace("\n", " ");
    }

    public static String oktaSessionStart(String uuid, String time, String login, String userId, String session) {
        return okta(uuid, time, "user.session.start", login, userId, session, "{\"requestId\":\"r-" + uuid + "\"}",
                "[{\"id\":\"0oa1app00000000000001\",\"type\":\"AppInstance\",\"alternateId\":\"Payroll\",\"displayName\":\"Payroll\"}]");
    }

    public static String oktaMfaPush(String uuid, String time, String login, String userId, String session) {
        return okta(uuid, time, "user.authentication.auth_via_mfa", login, userId, session, "{\"factor\":\"OKTA_VERIFY_PUSH\"}",
                "[{\"id\":\"pfd1\",\"type\":\"AuthenticatorEnrollment\",\"alternateId\":\"unknown\",\"displayName\":\"Okta Verify\"}]");
    }
}
