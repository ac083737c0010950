package dev.mfawatch.model.alert;

import dev.mfawatch.model.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the SOC receives on {@code mfa.alerts}: who, what, when, where, how, the exception
 * involved and the evidence. {@code alertId} is deterministic so a replay never duplicates it.
 */
public record Alert(
        String alertId,
        String rule,
        Severity severity,
        Instant detectedAt,
        Instant eventTime,
        String principal,
        String exceptionId,
        String exceptionCategory,
        String summary,
        String source,
        String ip,
        Geo geo,
        String app,
        String clientProtocol,
        String factor,
        List<String> evidence,
        int count,
        Instant firstSeen,
        Instant lastSeen,
        List<String> attack,
        Response response,
        Map<String, String> details) {

    public Alert {
        Checks.requiredText(alertId, "alertId");
        Checks.requiredText(rule, "rule");
        Checks.required(severity, "severity");
        Checks.required(eventTime, "eventTime");
        Checks.requiredText(principal, "principal");
        Checks.requiredText(summary, "summary");
        evidence = Checks.list(evidence);
        attack = Checks.list(attack);
        details = Checks.map(details);
        count = Math.max(count, 1);
    }
}
