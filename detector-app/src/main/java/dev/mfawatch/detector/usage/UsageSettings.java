package dev.mfawatch.detector.usage;

import dev.mfawatch.model.config.EnvConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The usage ledger's settings (detector-app/README.md, "Usage ledger").
 *
 * @param publishInterval how often (stream time) changed ledgers are published to {@code mfa.exception.usage}: at most
 *                        once per exception per interval
 * @param unusedAfter     UNUSED_EXCEPTION: an entry in force this long (counted from its activation, or from when the
 *                        ledger started observing if later) without any use is a retirement candidate
 * @param learningPeriod  USED_OUTSIDE_PATTERN: the countries and apps of an exception's covered sign-ins during this
 *                        period (from the later of its activation and its first observed sign-in) are its pattern
 */
public record UsageSettings(Duration publishInterval, Duration unusedAfter, Duration learningPeriod) {

    public static final String PUBLISH_INTERVAL = "MFAWATCH_USAGE_PUBLISH_INTERVAL";
    public static final String UNUSED_AFTER = "MFAWATCH_UNUSED_AFTER";
    public static final String LEARNING_PERIOD = "MFAWATCH_USAGE_LEARNING_PERIOD";

    public static final UsageSettings DEFAULTS = new UsageSettings(Duration.ofMinutes(1), Duration.ofDays(14), Duration.ofDays(7));

    public UsageSettings {
        positive(publishInterval, PUBLISH_INTERVAL);
        positive(unusedAfter, UNUSED_AFTER);
        positive(learningPeriod, LEARNING_PERIOD);
    }

    public static UsageSettings from(EnvConfig c) {
        return new UsageSettings(c.getDuration(PUBLISH_INTERVAL, DEFAULTS.publishInterval),
                c.getDuration(UNUSED_AFTER, DEFAULTS.unusedAfter),
                c.getDuration(LEARNING_PERIOD, DEFAULTS.learningPeriod));
    }

    private static void positive(Duration d, String key) {
        Objects.requireNonNull(d, key + " == null");
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + ": must be positive, got " + d);
        }
    }
}
