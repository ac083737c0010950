package dev.mfawatch.model.signin;

/** Where from; lat/lon/accuracyKm are null when the source gives no coordinates. */
public record NetworkInfo(String ip, String country, String city, Double lat, Double lon, Double accuracyKm) {
    public boolean hasCoordinates() {
        return lat != null && lon != null;
    }
}
