package dev.mfawatch.detector.registration;

import dev.mfawatch.model.config.EnvConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * NO_MFA_REGISTERED's window and the registration metrics' stale-factor age (detector-app/README.md,
 * "Detection settings").
 *
 * @param window          NO_MFA_REGISTERED fires at most once per principal within this window (event time)
 * @param staleFactorDays a registered method no sign-in has used for this many days counts as stale
 */
public record RegistrationSettings(Duration window, int staleFactorDays) {

    public static final String WINDOW = "MFAWATCH_NO_MFA_WINDOW";
    public static final String STALE_FACTOR_DAYS = "MFAWATCH_STALE_FACTOR_DAYS";

    /**
     * 24 h: an account without MFA that keeps signing in is one finding a day, not one per sign-in, and a
     * daily reminder while it stays unenrolled. 90 days: the usual review period for unused credentials
     * (CIS and cloud-provider guidance on unused credentials use 45 to 90 days).
     */
    public static final RegistrationSettings DEFAULTS = new RegistrationSettings(Duration.ofHours(24), 90);

    public RegistrationSettings {
        Objects.requireNonNull(window, WINDOW + " == null");
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException(WINDOW + ": must be positive, got " + window);
        }
        if (staleFactorDays < 1 || staleFactorDays > 3650) {
            throw new IllegalArgumentException(STALE_FACTOR_DAYS + ": between 1 and 3650, got " + staleFactorDays);
        }
    }

    public static RegistrationSettings from(EnvConfig c) {
        return new RegistrationSettings(c.getDuration(WINDOW, DEFAULTS.window), c.getInt(STALE_FACTOR_DAYS, DEFAULTS.staleFactorDays));
    }

    public Duration staleFactorAge() {
        return Duration.ofDays(staleFactorDays);
    }
}
