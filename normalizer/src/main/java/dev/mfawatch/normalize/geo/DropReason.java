package dev.mfawatch.normalize.geo;

import java.util.Arrays;
import java.util.List;

/**
 * Why a value of a sign-in was dropped (set to null) while the sign-in itself was kept. A closed
 * set: safe as a metric tag. The codes are counted in {@code NormalizeResult.dropped()}.
 */
public enum DropReason {
    /** {@code network.lat} outside [-90, 90]. */
    LATITUDE_OUT_OF_RANGE("latitude_out_of_range"),
    /** {@code network.lon} outside [-180, 180]. */
    LONGITUDE_OUT_OF_RANGE("longitude_out_of_range"),
    /** A coordinate that is NaN, infinite, or present but not a number (e.g. {@code "lat": "north"}). */
    COORDINATES_NOT_FINITE("coordinates_not_finite"),
    /** Only one of latitude and longitude: no location without both. */
    COORDINATES_INCOMPLETE("coordinates_incomplete"),
    /** {@code network.accuracyKm} negative, NaN or infinite (or present without coordinates). */
    ACCURACY_INVALID("accuracy_invalid"),
    /** {@code network.ip} is not an IPv4/IPv6 literal (e.g. a host or service name). */
    IP_NOT_AN_ADDRESS("ip_not_an_address");

    /** Every code, for metric and summary tables. */
    public static final List<String> CODES = Arrays.stream(values()).map(DropReason::code).toList();

    private final String code;

    DropReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
