package dev.mfawatch.normalize.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mfawatch.model.signin.NetworkInfo;
import dev.mfawatch.model.signin.PrincipalRef;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared value checks, without a database. */
class NetworkSanitizerTest {

    private final NetworkSanitizer sanitizer = new NetworkSanitizer(null);
    private final List<Object[]> drops = new ArrayList<>();

    private static SignInEvent signIn(NetworkInfo network) {
        return new SignInEvent("e-1", "okta", Instant.parse("2026-11-06T09:00:00Z"),
                new PrincipalRef("mia@contoso.example", List.of(), null), null, null, SignInResult.SUCCESS, null, null,
                null, network, null, null, null, null);
    }

    private SignInEvent apply(NetworkInfo network) {
        return sanitizer.apply(signIn(network), (field, reason) -> drops.add(new Object[] {field, reason}));
    }

    @Test
    void aSaneSignInIsReturnedUnchangedAsTheSameInstance() {
        SignInEvent e = signIn(new NetworkInfo("198.51.100.7", "NL", "Amsterdam", 52.37, 4.90, 20.0));
        assertThat(sanitizer.apply(e, (f, r) -> drops.add(new Object[] {f, r}))).isSameAs(e);
        SignInEvent edges = signIn(new NetworkInfo("2001:db8::1", null, null, -90.0, 180.0, 0.0));
        assertThat(sanitizer.apply(edges, (f, r) -> drops.add(new Object[] {f, r}))).isSameAs(edges);
        assertThat(drops).isEmpty();
    }

    @Test
    void longitudeOffTheGlobeDropsThePairAndKeepsTheSignIn() {
        SignInEvent out = apply(new NetworkInfo("198.51.100.7", "NL", "Amsterdam", 52.37, 1e308, null));
        assertThat(out.network()).isEqualTo(new NetworkInfo("198.51.100.7", "NL", "Amsterdam", null, null, null));
        assertThat(out.eventId()).isEqualTo("e-1");
        assertThat(drops).extracting(d -> d[0], d -> d[1]).containsExactly(
                tuple("network.lon", DropReason.LONGITUDE_OUT_OF_RANGE),
                tuple("network.lat", DropReason.COORDINATES_INCOMPLETE));
    }

    @Test
    void latitudeOffTheGlobe() {
        SignInEvent out = apply(new NetworkInfo(null, null, null, -90.5, 4.9, 10.0));
        assertThat(out.network()).isEqualTo(new NetworkInfo(null, null, null, null, null, null));
        assertThat(drops).extracting(d -> d[1]).containsExactly(DropReason.LATITUDE_OUT_OF_RANGE,
                DropReason.COORDINATES_INCOMPLETE, DropReason.ACCURACY_INVALID);
    }

    @Test
    void nanAndInfiniteCoordinates() {
        assertThat(apply(new NetworkInfo(null, null, null, Double.NaN, Double.NEGATIVE_INFINITY, null)).network()
                .hasCoordinates()).isFalse();
        assertThat(drops).extracting(d -> d[0], d -> d[1]).containsExactly(
                tuple("network.lat", DropReason.COORDINATES_NOT_FINITE),
                tuple("network.lon", DropReason.COORDINATES_NOT_FINITE));
    }

    @Test
    void aLoneCoordinateIsIncomplete() {
        assertThat(apply(new NetworkInfo(null, null, null, null, 4.9, null)).network().lon()).isNull();
        assertThat(drops).extracting(d -> d[0], d -> d[1]).containsExactly(
                tuple("network.lon", DropReason.COORDINATES_INCOMPLETE));
    }

    @Test
    void negativeOrInfiniteAccuracyIsDroppedButTheCoordinatesStay() {
        assertThat(apply(new NetworkInfo(null, null, null, 52.37, 4.90, -5.0)).network())
                .isEqualTo(new NetworkInfo(null, null, null, 52.37, 4.90, null));
        assertThat(apply(new NetworkInfo(null, null, null, 52.37, 4.90, Double.POSITIVE_INFINITY)).network()
                .accuracyKm()).isNull();
        assertThat(drops).extracting(d -> d[0], d -> d[1]).containsExactly(
                tuple("network.accuracyKm", DropReason.ACCURACY_INVALID),
                tuple("network.accuracyKm", DropReason.ACCURACY_INVALID));
    }

    @Test
    void anIpThatIsNoAddressIsDroppedAndThePlaceStays() {
        assertThat(apply(new NetworkInfo("AWS Internal", "US", null, null, null, null)).network())
                .isEqualTo(new NetworkInfo(null, "US", null, null, null, null));
        assertThat(drops).extracting(d -> d[0], d -> d[1]).containsExactly(
                tuple("network.ip", DropReason.IP_NOT_AN_ADDRESS));
    }

    @Test
    void reasonCodesAreShortLowerCaseAndDistinct() {
        assertThat(DropReason.CODES).doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z_]{1,40}"))
                .hasSize(DropReason.values().length);
    }
}
