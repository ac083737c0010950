package dev.mfawatch.detector.rules;

import dev.mfawatch.detector.scope.Cidr;
import java.time.Duration;
import java.util.List;

/**
 * The thresholds the stateful rules read. The detector's {@code DetectionSettings} (detector-app)
 * implements it, so the rules depend on no Kafka type; defaults, validation and the
 * {@code MFAWATCH_*} keys stay there (detector-app/README.md, "Detection settings").
 */
public interface RuleSettings {

    /** IMPOSSIBLE_TRAVEL: least distance, after subtracting both accuracy radii. */
    double travelMinDistanceKm();

    /** IMPOSSIBLE_TRAVEL: speeds above this are impossible. */
    double travelMaxSpeedKmh();

    /** IMPOSSIBLE_TRAVEL: anchors kept per principal (the newest by event time). */
    int travelHistory();

    /** IMPOSSIBLE_TRAVEL: anchors older than this (behind the principal's newest) are dropped. */
    Duration travelMaxAge();

    /** IMPOSSIBLE_TRAVEL: a sign-in this far behind the principal's newest anchor is still placed and compared. */
    Duration travelLateGrace();

    /** IMPOSSIBLE_TRAVEL: VPN / proxy egress CIDRs whose addresses never count as a location. */
    List<Cidr> travelEgressNetworks();

    /** OATH_DESYNC: window of OATH failure / drift / resync signals. */
    Duration oathWindow();

    /** OATH_DESYNC: signals in the window that raise MEDIUM. */
    int oathThreshold();

    /** OATH_DESYNC: signals in the window that, across enough distinct IPs or sessions, raise HIGH. */
    int oathBruteForceFailures();

    /** OATH_DESYNC: distinct IPs or sessions that make it a brute force. */
    int oathBruteForceSources();

    /** FACTOR_SWAP: how long after a ticketless factor change a sign-in with a new method fires. */
    Duration factorSwapWindow();

    /** FACTOR_SWAP: how long a used method counts as "recently used". */
    Duration factorHistoryAge();

    /** FACTOR_SWAP: methods remembered per principal (the most recently used). */
    int factorHistory();

    /** BREAK_GLASS_SIGNIN: the follow-up fires when no credential rotation is recorded within this time. */
    Duration breakGlassRotationDue();

    /** MFA_FATIGUE: refused, timed-out, fraud-reported or unanswered push prompts in the window that raise an alert. */
    int fatigueThreshold();

    /** MFA_FATIGUE: window of those prompts, and how long after a burst a successful MFA counts as giving in. */
    Duration fatigueWindow();

    /** MFA_RESET_ABUSE: its windows, thresholds and exempt automation actors. */
    dev.mfawatch.detector.resets.ResetSettings resets();

    /** NO_MFA_REGISTERED's window and the stale-factor age; the defaults unless the detector's settings say otherwise. */
    default dev.mfawatch.detector.registration.RegistrationSettings registration() {
        return dev.mfawatch.detector.registration.RegistrationSettings.DEFAULTS;
    }
}
