package dev.mfawatch.detector.changes;

import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Finding;
import java.util.Optional;

/** One detection rule over directory changes: its metadata and its logic over one change and principal. */
public interface ChangeDetector {

    DetectorMetadata metadata();

    /** A finding if the rule fires, else empty. Must not throw on any canonical change. */
    Optional<Finding> detect(ChangeContext context);
}
