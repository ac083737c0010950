package dev.mfawatch.normalize.geo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.Json;
import dev.mfawatch.model.signin.NetworkInfo;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.normalize.NormalizeResult;
import dev.mfawatch.normalize.Normalizer;
import dev.mfawatch.normalize.NormalizerConfig;
import dev.mfawatch.normalize.Normalizers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-ins of sources that carry an IP but no coordinates (CloudTrail, Google, Okta without
 * {@code geographicalContext}) are located through the normalizer with the real database, and are
 * byte-for-byte what they were without it.
 */
class GeoLocationTest {

    private static NormalizerConfig withDb;

    @BeforeAll
    static void open() {
        withDb = NormalizerConfig.from(Map.of(NormalizerConfig.GEOIP_DB, TestGeoDb.city().toString()));
    }

    @AfterAll
    static void close() {
        withDb.close();
    }

    static String cloudTrailLogin(String ip) {
        return """
                {"Records":[{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEPAULA",
                "arn":"arn:aws:iam::111122223333:user/paula","accountId":"111122223333","userName":"paula"},
                "eventTime":"2026-11-07T08:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
                "awsRegion":"ap-northeast-1","sourceIPAddress":"%s","userAgent":"Mozilla/5.0 (Macintosh) Safari/605.1.15",
                "requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},
                "additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No",
                "MFAUsed":"Yes","MFAIdentifier":"arn:aws:iam::111122223333:mfa/paula"},"eventID":"geo-ct-1",
                "readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,
                "recipientAccountId":"111122223333","eventCategory":"Management"}]}
                """.formatted(ip);
    }

    static String googleLogin(String ip) {
        return """
                {"kind":"admin#reports#activity","items":[{"kind":"admin#reports#activity",
                "id":{"time":"2026-11-08T07:00:00.000Z","uniqueQualifier":"-2001","applicationName":"login",
                "customerId":"C0contoso"},"actor":{"email":"paula@contoso.example","profileId":"100000000000000000042"},
                "ipAddress":"%s","events":[{"type":"login","name":"login_success","parameters":[
                {"name":"login_type","value":"google_password"},
                {"name":"login_challenge_method","multiValue":["password","google_authenticator"]},
                {"name":"is_suspicious","boolValue":false}]}]}]}
                """.formatted(ip);
    }

    /** An Okta sign-in whose client has an IP but no geographicalContext (as a proxy or API client logs). */
    static String oktaSessionStart(String ip, String geo) {
        return """
                [{"uuid":"geo-okta-1","published":"2026-11-06T09:00:06.123Z","eventType":"user.session.start",
                "version":"0","severity":"INFO","displayMessage":"User login to Okta",
                "actor":{"id":"00u1paula0000000001","type":"User","alternateId":"paula@contoso.example",
                "displayName":"Paula"},
                "client":{"userAgent":{"rawUserAgent":"Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0","os":"Linux",
                "browser":"FIREFOX"},"zone":"null","device":"Computer","ipAddress":"%s"%s},
                "outcome":{"result":"SUCCESS"},
                "authenticationContext":{"authenticationStep":0,"externalSessionId":"102sessionGEO"},
                "transaction":{"type":"WEB","id":"txn-geo"}}]
                """.formatted(ip, geo);
    }

    private static SignInEvent one(String source, NormalizerConfig config, String record) {
        Normalizer n = Normalizers.forSource(source, config);
        NormalizeResult r = n.normalize(record.getBytes(StandardCharsets.UTF_8));
        assertThat(r.failures()).isEmpty();
        assertThat(r.signInEvents()).hasSize(1);
        return r.signInEvents().get(0);
    }

    private static void assertInJapan(NetworkInfo n) {
        assertThat(n.ip()).isEqualTo(TestGeoDb.JAPAN_IP);
        assertThat(n.country()).isEqualTo("JP");
        assertThat(n.lat()).isBetween(24.0, 46.0);
        assertThat(n.lon()).isBetween(122.0, 154.0);
        assertThat(n.accuracyKm()).isNotNull().isPositive();
    }

    @Test
    void cloudTrailConsoleLoginIsLocated() {
        SignInEvent without = one("cloudtrail", NormalizerConfig.DEFAULTS, cloudTrailLogin(TestGeoDb.JAPAN_IP));
        assertThat(without.network()).isEqualTo(new NetworkInfo(TestGeoDb.JAPAN_IP, null, null, null, null, null));
        SignInEvent with = one("cloudtrail", withDb, cloudTrailLogin(TestGeoDb.JAPAN_IP));
        assertInJapan(with.network());
        // Nothing but the network changes.
        assertThat(with).usingRecursiveComparison().ignoringFields("network").isEqualTo(without);
    }

    @Test
    void googleLoginIsLocated() {
        SignInEvent with = one("google", withDb, googleLogin(TestGeoDb.GERMANY_IP));
        assertThat(with.network().country()).isEqualTo("DE");
        assertThat(with.network().lat()).isBetween(47.0, 55.1);
        assertThat(with.network().lon()).isBetween(5.8, 15.1);
        assertThat(with.network().accuracyKm()).isNotNull().isPositive();
        assertThat(one("google", NormalizerConfig.DEFAULTS, googleLogin(TestGeoDb.GERMANY_IP)).network().lat())
                .isNull();
    }

    @Test
    void oktaWithoutGeographicalContextIsLocated() {
        assertInJapan(one("okta", withDb, oktaSessionStart(TestGeoDb.JAPAN_IP, "")).network());
        assertThat(one("okta", NormalizerConfig.DEFAULTS, oktaSessionStart(TestGeoDb.JAPAN_IP, "")).network()
                .hasCoordinates()).isFalse();
    }

    @Test
    void providerCoordinatesAreNeverOverriddenNorLookedUp() {
        String amsterdam = ",\"geographicalContext\":{\"city\":\"Amsterdam\",\"country\":\"Netherlands\","
                + "\"geolocation\":{\"lat\":52.3676,\"lon\":4.9041}}";
        long before = withDb.geoIp().lookups();
        NetworkInfo n = one("okta", withDb, oktaSessionStart(TestGeoDb.JAPAN_IP, amsterdam)).network();
        assertThat(n).isEqualTo(new NetworkInfo(TestGeoDb.JAPAN_IP, "NL", "Amsterdam", 52.3676, 4.9041, null));
        // The cost check: a sign-in with coordinates never reaches the database.
        assertThat(withDb.geoIp().lookups()).isEqualTo(before);
    }

    @Test
    void aProviderPlaceNameIsKeptWhenOnlyCoordinatesAreFilledIn() {
        String countryOnly = ",\"geographicalContext\":{\"country\":\"Japan\"}";
        NetworkInfo n = one("okta", withDb, oktaSessionStart(TestGeoDb.JAPAN_IP, countryOnly)).network();
        // Okta names the country in English; the register and Entra use ISO codes.
        assertThat(n.country()).isEqualTo("JP");
        assertThat(n.city()).isNull();
        assertThat(n.hasCoordinates()).isTrue();
    }

    @Test
    void aDatabaseCountryContradictingTheProvidersIsoCountryLeavesTheSignInUnlocated() {
        String france = ",\"geographicalContext\":{\"country\":\"FR\"}";
        NetworkInfo n = one("okta", withDb, oktaSessionStart(TestGeoDb.JAPAN_IP, france)).network();
        assertThat(n).isEqualTo(new NetworkInfo(TestGeoDb.JAPAN_IP, "FR", null, null, null, null));
        String japan = ",\"geographicalContext\":{\"country\":\"jp\"}";
        assertThat(one("okta", withDb, oktaSessionStart(TestGeoDb.JAPAN_IP, japan)).network().hasCoordinates()).isTrue();
    }

    @Test
    void coordinatesOffTheGlobeAreReplacedFromTheIpWithADatabase() {
        String broken = ",\"geographicalContext\":{\"geolocation\":{\"lat\":35.0,\"lon\":1e308}}";
        Normalizer n = Normalizers.forSource("okta", withDb);
        NormalizeResult r = n.normalize(oktaSessionStart(TestGeoDb.JAPAN_IP, broken).getBytes(StandardCharsets.UTF_8));
        assertInJapan(r.signInEvents().get(0).network());
        assertThat(r.dropped()).containsExactly(Map.entry("coordinates_incomplete", 1),
                Map.entry("longitude_out_of_range", 1));
    }

    @Test
    void privateDocumentationAndUnknownAddressesStayUnlocated() {
        long before = withDb.geoIp().lookups();
        for (String ip : new String[] {"10.20.30.40", "192.0.2.55", "198.51.100.7", "fd00::1"}) {
            assertThat(one("cloudtrail", withDb, cloudTrailLogin(ip)).network())
                    .isEqualTo(new NetworkInfo(ip, null, null, null, null, null));
        }
        // Reserved ranges are refused before the database is asked.
        assertThat(withDb.geoIp().lookups()).isEqualTo(before);
    }

    @Test
    void withoutADatabaseTheOutputIsByteIdentical() throws Exception {
        for (String[] c : new String[][] {{"cloudtrail", cloudTrailLogin(TestGeoDb.JAPAN_IP)},
                {"google", googleLogin(TestGeoDb.GERMANY_IP)}, {"okta", oktaSessionStart(TestGeoDb.JAPAN_IP, "")}}) {
            byte[] record = c[1].getBytes(StandardCharsets.UTF_8);
            NormalizeResult plain = Normalizers.forSource(c[0]).normalize(record);
            NormalizeResult viaEnv = Normalizers.forSource(c[0], NormalizerConfig.from(Map.of())).normalize(record);
            assertThat(Json.MAPPER.writeValueAsBytes(viaEnv.signInEvents()))
                    .isEqualTo(Json.MAPPER.writeValueAsBytes(plain.signInEvents()));
            assertThat(plain.signInEvents().get(0).network().hasCoordinates()).isFalse();
            assertThat(plain.dropped()).isEmpty();
        }
    }
}
