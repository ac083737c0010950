package dev.mfawatch.detector.changes;

import dev.mfawatch.detector.DetectorConfig;
import java.util.List;

/** The one explicit list of detectors over {@code directory.changes}; no classpath scanning. */
public final class ChangeDetectors {

    private ChangeDetectors() {
    }

    public static List<ChangeDetector> all(DetectorConfig config) {
        return List.of(new UnapprovedExclusionChangeDetector());
    }
}
