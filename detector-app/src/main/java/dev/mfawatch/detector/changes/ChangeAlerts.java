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

    /**
     * The alert's principal: the judged target, else {@code policy:<policy id or name>} for a
     * policy-wide change, else {@code org:<source>} for an org-wide one (an alert always names someone).
     */
    public static String principal(DirectoryChange c, String target) {
        if (target != null) {
            return target;
        }
        if (c.policy() != null && (c.policy().id() != null || c.policy().name() != null)) {
            return "policy:" + (c.policy().id() != null ? c.policy().id() : c.policy().name());
        }
        return "org:" + c.source();
    }

    /** Alert id = {@link AlertFactory#alertId}(rule, principal, eventId): deterministic across replays. */
    public static Alert create(DetectorMetadata rule, Finding finding, DirectoryChange c, String target, Instant detectedAt) {
        return AlertFactory.create(rule, finding, principal(c, target), c, detectedAt);
    }
}
