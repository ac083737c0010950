package dev.mfawatch.model.register;

public enum RiskRating { LOW, MEDIUM, HIGH, CRITICAL }
