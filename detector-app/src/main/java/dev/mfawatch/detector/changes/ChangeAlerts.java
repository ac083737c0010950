package dev.mfawatch.detector.changes;

import dev.mfawatch.detector.alerting.AlertFactory;
import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionEntry;
import java.time.Instant;
import java.util.List;

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
        String principal = principal(c, target);
        ExceptionEntry ex = finding.exception();
        return new Alert(
                AlertFactory.alertId(rule.id(), principal, c.eventId()),
                rule.id(),
                finding.severity(),
                detectedAt,
                c.time(),
                principal,
                ex == null ? null : ex.id(),
                ex == null || ex.category() == null ? null : ex.category().name(),
                finding.summary(),
                c.source(),
                null,
                null,
                null,
                null,
                c.details().get("factor"),
                List.of(c.eventId()),
                1,
                c.time(),
                c.time(),
                rule.attack(),
                rule.response(),
                finding.details());
    }
}
