package dev.mfawatch.normalize.geo;

import dev.mfawatch.model.signin.NetworkInfo;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.normalize.Countries;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The one place every provider's sign-in passes (called from {@code MapContext.signIn}) on its way
 * out of a normalizer, so no provider mapper repeats these rules:
 * <ol>
 *   <li><b>Sanity</b>: coordinates off the globe, not finite or half present, a negative or
 *       non-finite accuracy radius, and an {@code ip} that is no IP address literal are set to null
 *       and reported with a {@link DropReason}; the sign-in itself is kept (unlocated). A non-IP
 *       {@code ip} is dropped because every consumer treats it as an address (exception scopes'
 *       CIDRs, travel egress ranges, OATH's distinct sources, geolocation); the raw reference still
 *       leads to the original record.</li>
 *   <li><b>Geolocation</b>, only with a {@link GeoIpDatabase} and only for a sign-in that has a
 *       public IP and no coordinates: the database's coordinates and accuracy radius are filled in,
 *       and its country / city only where the provider gave none. Provider coordinates are never
 *       overridden; private, reserved and unknown addresses leave the sign-in unchanged, and so does
 *       a database country that contradicts the provider's ISO country code. Sign-ins
 *       that carry coordinates (every Entra and most Okta sign-ins) never cost a lookup.</li>
 * </ol>
 * A sign-in needing no change is returned as the same instance.
 */
public final class NetworkSanitizer {

    /** Receives each dropped value: the canonical field ({@code network.lat}, …) and why. */
    @FunctionalInterface
    public interface Drops {
        void dropped(String field, DropReason reason);
    }

    private final GeoIpDatabase geo;

    /** @param geo the City database, or null for none (then nothing is ever located) */
    public NetworkSanitizer(GeoIpDatabase geo) {
        this.geo = geo;
    }

    public SignInEvent apply(SignInEvent event, Drops drops) {
        NetworkInfo n = event.network();
        NetworkInfo checked = check(n, drops);
        NetworkInfo located = locate(checked);
        return located == n ? event : withNetwork(event, located);
    }

    private static NetworkInfo check(NetworkInfo n, Drops drops) {
        Double lat = n.lat();
        Double lon = n.lon();
        Double acc = n.accuracyKm();
        String ip = n.ip();
        int dropped = 0;
        if (lat != null && !Double.isFinite(lat)) {
            drops.dropped("network.lat", DropReason.COORDINATES_NOT_FINITE);
            lat = null;
            dropped++;
        } else if (lat != null && (lat < -90 || lat > 90)) {
            drops.dropped("network.lat", DropReason.LATITUDE_OUT_OF_RANGE);
            lat = null;
            dropped++;
        }
        if (lon != null && !Double.isFinite(lon)) {
            drops.dropped("network.lon", DropReason.COORDINATES_NOT_FINITE);
            lon = null;
            dropped++;
        } else if (lon != null && (lon < -180 || lon > 180)) {
            drops.dropped("network.lon", DropReason.LONGITUDE_OUT_OF_RANGE);
            lon = null;
            dropped++;
        }
        if ((lat == null) != (lon == null)) {
            // One good coordinate of a pair whose other half is missing or was just dropped.
            drops.dropped(lat != null ? "network.lat" : "network.lon", DropReason.COORDINATES_INCOMPLETE);
            lat = null;
            lon = null;
            dropped++;
        }
        if (acc != null && (!Double.isFinite(acc) || acc < 0 || lat == null)) {
            drops.dropped("network.accuracyKm", DropReason.ACCURACY_INVALID);
            acc = null;
            dropped++;
        }
        if (ip != null && IpAddresses.parse(ip) == null) {
            drops.dropped("network.ip", DropReason.IP_NOT_AN_ADDRESS);
            ip = null;
            dropped++;
        }
        // Countries as alpha-2 codes, the register's form (Okta writes English names).
        String country = Countries.iso2(n.country());
        boolean recoded = country != null && !country.equals(n.country());
        return dropped == 0 && !recoded ? n : new NetworkInfo(ip, country, n.city(), lat, lon, acc);
    }

    private NetworkInfo locate(NetworkInfo n) {
        if (geo == null || n.hasCoordinates() || n.ip() == null) {
            return n;
        }
        InetAddress address = IpAddresses.parse(n.ip());
        if (address == null || !IpAddresses.isPublic(address)) {
            return n;
        }
        Optional<GeoFix> fix = geo.locate(address);
        if (fix.isEmpty()) {
            return n;
        }
        GeoFix f = fix.get();
        if (n.country() != null && n.country().length() == 2 && f.country() != null
                && !n.country().equalsIgnoreCase(f.country())) {
            // The provider placed the sign-in in another country (ISO code) than the database: trust the
            // provider and leave it unlocated rather than put its coordinates under a wrong name.
            return n;
        }
        boolean providerPlace = n.country() != null || n.city() != null;
        // The provider's place names stay; the database's fill in only when the provider gave none.
        return new NetworkInfo(n.ip(), providerPlace ? n.country() : f.country(), providerPlace ? n.city() : f.city(),
                f.lat(), f.lon(), f.accuracyKm());
    }

    private static SignInEvent withNetwork(SignInEvent e, NetworkInfo network) {
        return new SignInEvent(e.eventId(), e.source(), e.time(), e.principal(), e.app(), e.client(), e.result(),
                e.errorCode(), e.failureReason(), e.mfa(), network, e.device(), e.sessionId(), e.correlationId(),
                e.raw());
    }
}
