package dev.mfawatch.detector.travel;

import static dev.mfawatch.detector.ingest.raw.RawRecords.oktaMfaPush;
import static dev.mfawatch.detector.ingest.raw.RawRecords.oktaSessionStart;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.backtest.Backtest;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.normalize.NormalizerConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's own case, offline: paula signs in to Okta from Japan (126.0.0.1, SoftBank's /8) and,
 * an hour later, to the AWS console through IAM Identity Center from Germany (91.0.0.1, Deutsche
 * Telekom's block). Neither record carries coordinates; the build's City database locates both, the
 * Identity Center session name makes both paula@contoso.example, and about 9,000 km in an hour is
 * impossible travel. Without the database neither sign-in is located and nothing fires.
 */
class CrossProviderTravelTest {

    private static final String PAULA = "paula@contoso.example";

    @TempDir
    Path dir;

    /** An Okta event without geographicalContext, from {@code ip}. */
    private static String unlocated(String oktaEvent, String ip) {
        return oktaEvent.replaceAll(",\\s*\"geographicalContext\":\\{[^}]*\\{[^}]*\\}\\}", "").replace("198.51.100.7", ip);
    }

    /** A console sign-in through IAM Identity Center: an AWSReservedSSO_* role whose session name is the user. */
    private static String identityCenterLogin(String id, String time, String ip) {
        String role = "AWSReservedSSO_AdministratorAccess_0123456789abcdef";
        return """
                {"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEROLEID:%s",
                  "arn":"arn:aws:sts::111122223333:assumed-role/%s/%s","accountId":"111122223333",
                  "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEROLEID",
                   "arn":"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/%s","accountId":"111122223333",
                   "userName":"%s"},"attributes":{"creationDate":"%s","mfaAuthenticated":"false"}}},
                 "eventTime":"%s","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1",
                 "sourceIPAddress":"%s","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0",
                 "requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},
                 "additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No",
                  "MFAUsed":"No"},"eventID":"%s","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,
                 "recipientAccountId":"111122223333","eventCategory":"Management"}"""
                .formatted(PAULA, role, PAULA, role, role, time, time, ip, id);
    }

    private List<Alert> backtest(Map<String, String> env) throws Exception {
        Path okta = Files.writeString(dir.resolve("okta.json"), "[" + String.join(",",
                unlocated(oktaMfaPush("o-1", "2026-11-23T09:00:05Z", PAULA, "00u1paula", "102paula"), "126.0.0.1"),
                unlocated(oktaSessionStart("o-2", "2026-11-23T09:00:06Z", PAULA, "00u1paula", "102paula"), "126.0.0.1"))
                + "]");
        Path trail = Files.writeString(dir.resolve("trail.json"),
                "{\"Records\":[" + identityCenterLogin("ct-1", "2026-11-23T10:00:06Z", "91.0.0.1") + "]}");
        Path state = Files.createTempDirectory(dir, "state");
        List<Alert> alerts = new ArrayList<>();
        Backtest.Result r = Backtest.run(env, state, List.of(), List.of(),
                List.of(new Backtest.Input("okta", okta.toString()), new Backtest.Input("cloudtrail", trail.toString())),
                InputStream.nullInputStream(), alerts::add);
        assertThat(r.problems()).isEmpty();
        return alerts;
    }

    @Test
    void oktaInJapanThenAwsThroughIdentityCenterInGermanyAnHourLaterIsImpossibleTravel() throws Exception {
        String db = System.getProperty("mfawatch.test.geoipDb");
        assertThat(db).as("the build fetches the City database (detector-app/pom.xml)").isNotNull();
        List<Alert> alerts = backtest(Map.of(NormalizerConfig.GEOIP_DB, db));
        assertThat(alerts).filteredOn(a -> a.rule().equals("IMPOSSIBLE_TRAVEL")).singleElement().satisfies(a -> {
            assertThat(a.principal()).isEqualTo(PAULA);
            // Tokyo-area to Germany is about 9,000 km: far beyond 1000 km/h in one hour, radii or not.
            assertThat(Long.parseLong(a.details().get("speedKmh"))).isGreaterThan(5_000L);
        });
    }

    @Test
    void withoutADatabaseNeitherIsLocatedAndNoTravelIsInferred() throws Exception {
        assertThat(backtest(Map.of())).noneMatch(a -> a.rule().equals("IMPOSSIBLE_TRAVEL"));
    }
}
