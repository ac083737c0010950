package dev.mfawatch.detector.rules;

/**
 * What {@link Detectors#all} and {@code ChangeDetectors.all} read from the detector's configuration:
 * {@code DetectorConfig} (detector-app) implements it, so callers keep passing their config.
 */
@FunctionalInterface
public interface RuleConfig {

    /** The rules' thresholds. */
    RuleSettings detection();
}
