package dev.mfawatch.model.alert;

/** Suggested response in the incident-handling phases a SOC runbook uses. */
public record Response(String contain, String eradicate, String recover) {
}
