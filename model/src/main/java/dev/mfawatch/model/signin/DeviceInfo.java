package dev.mfawatch.model.signin;

public record DeviceInfo(String id, Boolean compliant, Boolean managed) {
}
