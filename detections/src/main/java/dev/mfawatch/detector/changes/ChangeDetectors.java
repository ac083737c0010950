package dev.mfawatch.detector.changes;

import dev.mfawatch.detector.rules.RuleConfig;
import java.util.List;

/** The one explicit list of detectors over {@code directory.changes}; no classpath scanning. */
public final class ChangeDetectors {

    private ChangeDetectors() {
    }

    public static List<ChangeDetector> all(RuleConfig config) {
        return List.of(new UnapprovedExclusionChangeDetector());
    }
}
