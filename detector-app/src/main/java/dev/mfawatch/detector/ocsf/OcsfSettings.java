package dev.mfawatch.detector.ocsf;

import dev.mfawatch.model.config.EnvConfig;

/**
 * {@code MFAWATCH_OCSF} (default {@code false}): with {@code true} the detector also writes every
 * record of {@code mfa.alerts} to {@code mfa.alerts.ocsf} as an OCSF Detection Finding
 * ({@link DetectionFindings}), and creates that topic with the others.
 */
public record OcsfSettings(boolean enabled) {

    public static final String OCSF = "MFAWATCH_OCSF";
    public static final OcsfSettings OFF = new OcsfSettings(false);

    public static OcsfSettings from(EnvConfig c) {
        return new OcsfSettings(c.getBoolean(OCSF, false));
    }
}
