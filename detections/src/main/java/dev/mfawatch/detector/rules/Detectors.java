package dev.mfawatch.detector.rules;

import dev.mfawatch.detector.breakglass.BreakGlassSignInDetector;
import dev.mfawatch.detector.factors.FactorSwapDetector;
import dev.mfawatch.detector.fatigue.MfaFatigueDetector;
import dev.mfawatch.detector.oath.OathDesyncDetector;
import dev.mfawatch.detector.recovery.RecoveryCodeUsedDetector;
import dev.mfawatch.detector.registration.NoMfaRegisteredDetector;
import dev.mfawatch.detector.resets.MfaResetAbuseDetector;
import dev.mfawatch.detector.travel.ImpossibleTravelDetector;
import dev.mfawatch.model.alert.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one explicit list of detectors; no classpath scanning. */
public final class Detectors {

    private Detectors() {
    }

    /**
     * Every detector, in the order they run. Thresholds reach the stateful detectors from
     * {@link RuleConfig#detection()} (detector-app passes its {@code DetectorConfig}); the register
     * rules take their policy from the context.
     */
    public static List<Detector> all(RuleConfig config) {
        return List.of(
                new MfaNotSatisfiedDetector(),
                new ExceptionScopeViolationDetector(),
                new ExpiredExceptionUsedDetector(),
                new BreakGlassSignInDetector(config.detection().breakGlassRotationDue()),
                new ImpossibleTravelDetector(config.detection()),
                new OathDesyncDetector(config.detection()),
                new FactorSwapDetector(config.detection()),
                new MfaResetAbuseDetector(config.detection().resets()),
                new MfaFatigueDetector(config.detection().fatigueThreshold(), config.detection().fatigueWindow()),
                new RecoveryCodeUsedDetector(),

                new NoMfaRegisteredDetector(config.detection().registration()));
    }

    /** Rule id → default severity, for pre-registering alert series. */
    public static Map<String, Severity> severities(List<Detector> detectors) {
        Map<String, Severity> out = new LinkedHashMap<>();
        detectors.forEach(d -> out.put(d.metadata().id(), d.metadata().defaultSeverity()));
        return out;
    }
}
