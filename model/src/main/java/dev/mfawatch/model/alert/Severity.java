package dev.mfawatch.model.alert;

public enum Severity { LOW, MEDIUM, HIGH, CRITICAL }
