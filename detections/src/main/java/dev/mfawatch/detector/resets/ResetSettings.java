package dev.mfawatch.detector.resets;

import dev.mfawatch.model.config.EnvConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * MFA_RESET_ABUSE's thresholds (detector-app/README.md, "Detection settings").
 *
 * @param chainWindow     TAKEOVER_CHAIN: how long after a reset by someone else a sign-in from something new, or a new factor, fires
 * @param historyAge      TAKEOVER_CHAIN: how long a country, IP prefix, device or user agent counts as "seen" for a principal
 * @param repeatThreshold REPEATED_RESET: distinct resets of one principal within {@code repeatWindow} that fire
 * @param repeatWindow    REPEATED_RESET: the window
 * @param burstThreshold  RESET_BURST: distinct principals reset by one actor within {@code burstWindow} that fire
 * @param burstWindow     RESET_BURST: the window
 * @param exemptActors    actor ids (lower-case; {@code *} matches any run of characters) whose resets are never counted:
 *                        onboarding and identity-governance automation
 */
public record ResetSettings(Duration chainWindow, Duration historyAge, int repeatThreshold, Duration repeatWindow,
                            int burstThreshold, Duration burstWindow, List<String> exemptActors) {

    public static final String CHAIN_WINDOW = "MFAWATCH_RESET_CHAIN_WINDOW";
    public static final String HISTORY_AGE = "MFAWATCH_RESET_HISTORY_AGE";
    public static final String REPEAT_THRESHOLD = "MFAWATCH_RESET_REPEAT_THRESHOLD";
    public static final String REPEAT_WINDOW = "MFAWATCH_RESET_REPEAT_WINDOW";
    public static final String BURST_THRESHOLD = "MFAWATCH_RESET_BURST_THRESHOLD";
    public static final String BURST_WINDOW = "MFAWATCH_RESET_BURST_WINDOW";
    public static final String EXEMPT_ACTORS = "MFAWATCH_RESET_EXEMPT_ACTORS";

    /** Largest thresholds: the state keeps at most this many resets per principal or targets per actor. */
    static final int MAX_THRESHOLD = 32;

    /**
     * The defaults, as the issue states them: a takeover after a helpdesk reset happens within the attacker's
     * session (MGM / Caesars 2023: minutes to hours), 12 h covers a working day; three resets in a day is
     * already unusual for one person; five accounts in an hour is beyond a normal helpdesk queue for one agent.
     */
    public static final ResetSettings DEFAULTS = new ResetSettings(Duration.ofHours(12), Duration.ofDays(30), 3,
            Duration.ofHours(24), 5, Duration.ofHours(1), List.of());

    public ResetSettings {
        positive(chainWindow, CHAIN_WINDOW);
        positive(historyAge, HISTORY_AGE);
        positive(repeatWindow, REPEAT_WINDOW);
        positive(burstWindow, BURST_WINDOW);
        if (repeatThreshold < 2 || repeatThreshold > MAX_THRESHOLD) {
            throw new IllegalArgumentException(REPEAT_THRESHOLD + ": between 2 and " + MAX_THRESHOLD + ", got " + repeatThreshold);
        }
        if (burstThreshold < 2 || burstThreshold > MAX_THRESHOLD) {
            throw new IllegalArgumentException(BURST_THRESHOLD + ": between 2 and " + MAX_THRESHOLD + ", got " + burstThreshold);
        }
        exemptActors = exemptActors.stream().map(s -> s.trim().toLowerCase(java.util.Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }

    public static ResetSettings from(EnvConfig c) {
        ResetSettings d = DEFAULTS;
        return new ResetSettings(c.getDuration(CHAIN_WINDOW, d.chainWindow), c.getDuration(HISTORY_AGE, d.historyAge),
                c.getInt(REPEAT_THRESHOLD, d.repeatThreshold), c.getDuration(REPEAT_WINDOW, d.repeatWindow),
                c.getInt(BURST_THRESHOLD, d.burstThreshold), c.getDuration(BURST_WINDOW, d.burstWindow),
                Arrays.asList(c.get(EXEMPT_ACTORS, "").split(",")));
    }

    /** These settings with other exempt actors (tests, the demo). */
    public ResetSettings withExemptActors(List<String> actors) {
        return new ResetSettings(chainWindow, historyAge, repeatThreshold, repeatWindow, burstThreshold, burstWindow, actors);
    }

    private static void positive(Duration d, String key) {
        Objects.requireNonNull(d, key + " == null");
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + ": must be positive, got " + d);
        }
    }
}
