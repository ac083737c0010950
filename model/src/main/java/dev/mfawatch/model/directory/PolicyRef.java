package dev.mfawatch.model.directory;

public record PolicyRef(String id, String name) {
}
