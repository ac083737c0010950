package dev.mfawatch.normalize.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfawatch.normalize.NormalizerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real database, read through MaxMind's reader. */
class GeoIpDatabaseTest {

    private static GeoIpDatabase db;

    @BeforeAll
    static void open() throws Exception {
        db = GeoIpDatabase.open(TestGeoDb.city());
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    private static GeoFix locate(String ip) {
        Optional<GeoFix> fix = db.locate(IpAddresses.parse(ip));
        assertThat(fix).as(ip).isPresent();
        return fix.get();
    }

    @Test
    void aJapaneseAllocationIsInJapan() {
        GeoFix f = locate(TestGeoDb.JAPAN_IP);
        assertThat(f.country()).isEqualTo("JP");
        // Japan lies within 24–46° N, 122–154° E.
        assertThat(f.lat()).isBetween(24.0, 46.0);
        assertThat(f.lon()).isBetween(122.0, 154.0);
        assertThat(f.accuracyKm()).isNotNull().isPositive();
    }

    @Test
    void aGermanAllocationIsInGermany() {
        GeoFix f = locate(TestGeoDb.GERMANY_IP);
        assertThat(f.country()).isEqualTo("DE");
        // Germany lies within 47–55° N, 5.8–15.1° E.
        assertThat(f.lat()).isBetween(47.0, 55.1);
        assertThat(f.lon()).isBetween(5.8, 15.1);
        assertThat(f.accuracyKm()).isNotNull().isPositive();
    }

    @Test
    void aCountryLevelEntryHasNoCityAndAWideRadius() {
        GeoFix f = locate(TestGeoDb.US_IP);
        assertThat(f.country()).isEqualTo("US");
        assertThat(f.city()).isNull();
        assertThat(f.accuracyKm()).isGreaterThanOrEqualTo(500.0);
    }

    @Test
    void privateAndDocumentationAddressesAreNotInTheDatabase() {
        assertThat(db.locate(IpAddresses.parse("10.0.0.1"))).isEmpty();
        assertThat(db.locate(IpAddresses.parse("192.0.2.1"))).isEmpty();
    }

    @Test
    void describesItself() {
        assertThat(db.description()).startsWith("GeoLite2-City built 2019-12-24");
    }

    @Test
    void configReadsTheVariableAndOpensTheDatabaseOnce() {
        try (NormalizerConfig c = NormalizerConfig.from(Map.of(NormalizerConfig.GEOIP_DB, TestGeoDb.city().toString()))) {
            assertThat(c.geoIp()).isNotNull();
            assertThat(c.geoIp().file()).isEqualTo(TestGeoDb.city());
            assertThat(c.maxRecordBytes()).isEqualTo(NormalizerConfig.DEFAULT_MAX_RECORD_BYTES);
            assertThat(c.withMaxRecordBytes(1024).geoIp()).isSameAs(c.geoIp());
        }
    }

    @Test
    void withoutTheVariableThereIsNoDatabase() {
        assertThat(NormalizerConfig.from(Map.of())).isSameAs(NormalizerConfig.DEFAULTS);
        assertThat(NormalizerConfig.from(Map.of(NormalizerConfig.GEOIP_DB, " "))).isSameAs(NormalizerConfig.DEFAULTS);
        assertThat(NormalizerConfig.DEFAULTS.geoIp()).isNull();
    }

    @Test
    void aMissingFileIsAStartupErrorNamingVariableAndPath(@TempDir Path dir) {
        Path missing = dir.resolve("nope/City.mmdb");
        assertThatThrownBy(() -> NormalizerConfig.from(Map.of(NormalizerConfig.GEOIP_DB, missing.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MFAWATCH_GEOIP_DB").hasMessageContaining(missing.toString())
                .hasMessageContaining("not a readable file");
    }

    @Test
    void aFileThatIsNoDatabaseIsAStartupError(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("City.mmdb"), "not a database");
        assertThatThrownBy(() -> NormalizerConfig.from(Map.of(NormalizerConfig.GEOIP_DB, junk.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("MFAWATCH_GEOIP_DB: cannot open " + junk);
    }

    @Test
    void aCountryDatabaseIsRefusedForItHasNoCoordinates() {
        assertThatThrownBy(() -> NormalizerConfig.from(Map.of(NormalizerConfig.GEOIP_DB,
                TestGeoDb.country().toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MFAWATCH_GEOIP_DB").hasMessageContaining("GeoLite2-Country")
                .hasMessageContaining("not a City database");
    }
}
