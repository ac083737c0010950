package dev.mfawatch.detector.changes;

import dev.mfawatch.detector.alerting.AlertFactory;
import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.directory.DirectoryChange;
import java.time.Instant;

/** Builds the {@link Alert} for a finding on a directory change; rule-agnostic. */
public final class ChangeAlerts {

    private ChangeAlerts() {
    }

    /** The alert's principal: {@link ChangeContext#alertPrincipal} (beside the rules, which name it in their summaries). */
    public static String principal(DirectoryChange c, String target) {
        return ChangeContext.alertPrincipal(c, target);
    }

    /** Alert id = {@link AlertFactory#alertId}(rule, principal, eventId): deterministic across replays. */
    public static Alert create(DetectorMetadata rule, Finding finding, DirectoryChange c, String target, Instant detectedAt) {
        return AlertFactory.create(rule, finding, principal(c, target), c, detectedAt);
    }
}
