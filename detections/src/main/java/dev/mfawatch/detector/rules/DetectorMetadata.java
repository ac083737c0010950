package dev.mfawatch.detector.rules;

import dev.mfawatch.model.Checks;
import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a detector declares next to its logic, as detection-as-code catalogues do: the rule id that
 * names its alerts, a title, what it detects, its default severity, MITRE ATT&CK technique ids,
 * known false positives, references and the suggested response.
 */
public record DetectorMetadata(String id, String title, String description, Severity defaultSeverity,
                               List<String> attack, List<String> falsePositives, List<String> references,
                               Response response) {

    private static final Pattern RULE_ID = Pattern.compile("[A-Z][A-Z0-9_]+");
    private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");

    public DetectorMetadata {
        Checks.requiredText(id, "id");
        if (!RULE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be UPPER_SNAKE_CASE: " + id);
        }
        Checks.requiredText(title, "title");
        Checks.requiredText(description, "description");
        Checks.required(defaultSeverity, "defaultSeverity");
        attack = Checks.list(attack);
        for (String t : attack) {
            if (!TECHNIQUE.matcher(t).matches()) {
                throw new IllegalArgumentException("attack: not an ATT&CK technique id: " + t);
            }
        }
        falsePositives = Checks.list(falsePositives);
        references = Checks.list(references);
        Checks.required(response, "response");
    }
}
