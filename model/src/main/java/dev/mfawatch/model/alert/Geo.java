package dev.mfawatch.model.alert;

public record Geo(String country, String city, Double lat, Double lon) {
}
