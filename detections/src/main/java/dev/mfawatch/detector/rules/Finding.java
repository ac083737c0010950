package dev.mfawatch.detector.rules;

import dev.mfawatch.model.Checks;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.ExceptionEntry;
import java.util.Map;
import java.util.Objects;

/**
 * What a detector found on one event; the engine turns it into an {@code Alert} (id, times,
 * who/where/how, evidence, response). {@code exception} is the register entry involved, or null.
 * {@code details} carry the evidence particular to the rule; never secrets or tokens.
 */
public record Finding(Severity severity, ExceptionEntry exception, String summary, Map<String, String> details) {
    public Finding {
        Objects.requireNonNull(severity, "severity == null");
        Checks.requiredText(summary, "summary");
        details = Checks.map(details);
    }
}
