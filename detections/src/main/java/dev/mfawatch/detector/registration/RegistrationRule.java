package dev.mfawatch.detector.registration;

import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Finding;
import java.time.Instant;
import java.util.Optional;

/**
 * A rule judged on a sign-in against the principal's MFA registration ({@link PrincipalRegistration}), which the
 * detector's registration step keeps per principal from the inventory and the factor changes. That step, not the
 * per-principal detection engine, runs these rules: the engine never sees the inventory's versions.
 */
public interface RegistrationRule {

    DetectorMetadata metadata();

    /**
     * @param registration the principal's registration just before this sign-in (null when nothing is known of it)
     * @param lastFired    when this rule last fired for the principal (null never)
     */
    Optional<Finding> judge(DetectionContext context, PrincipalRegistration registration, Instant lastFired);
}
