package dev.mfawatch.normalize.geo;

/**
 * A location found for an IP address: ISO 3166-1 alpha-2 country and English city name (each may
 * be null), coordinates, and the accuracy radius in km (null when the database gives none).
 */
public record GeoFix(String country, String city, double lat, double lon, Double accuracyKm) {
}
