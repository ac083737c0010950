package dev.mfawatch.detector.changes;

import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionEntry;
import java.util.List;
import java.util.Objects;

/**
 * What a change detector may see: one directory change, the one principal (or group / role) of its
 * targets being judged — null when the change names nobody (a policy switched off for everyone it
 * covers, an org-wide factor disabled) — and the register entries that could cover it: those naming
 * that principal, or, for a change naming nobody, those naming its policy. Read-only and free of Kafka.
 */
public record ChangeContext(DirectoryChange change, String principal, List<ExceptionEntry> candidates) {

    public ChangeContext {
        Objects.requireNonNull(change, "change == null");
        candidates = List.copyOf(candidates);
    }

    /**
     * The alert's principal: the judged target, else {@code policy:<policy id or name>} for a
     * policy-wide change, else {@code org:<source>} for an org-wide one (an alert always names someone).
     */
    public static String alertPrincipal(DirectoryChange c, String target) {
        if (target != null) {
            return target;
        }
        if (c.policy() != null && (c.policy().id() != null || c.policy().name() != null)) {
            return "policy:" + (c.policy().id() != null ? c.policy().id() : c.policy().name());
        }
        return "org:" + c.source();
    }
}
