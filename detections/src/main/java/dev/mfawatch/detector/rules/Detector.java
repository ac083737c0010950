package dev.mfawatch.detector.rules;

import java.util.Optional;

/** One detection rule: its metadata and its logic over one sign-in's read-only context. */
public interface Detector {

    DetectorMetadata metadata();

    /** A finding if the rule fires on this event, else empty. Must not throw on any canonical event. */
    Optional<Finding> detect(DetectionContext context);
}
