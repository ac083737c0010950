package dev.mfawatch.model.signin;

public record AppRef(String id, String name) {
}
