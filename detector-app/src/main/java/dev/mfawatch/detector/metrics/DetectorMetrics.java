package dev.mfawatch.detector.metrics;

import dev.mfawatch.model.alert.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/** The detector's own meters, one binder per area, bound to one registry. */
public record DetectorMetrics(SignInMetrics signIns, ExceptionUsageMetrics exceptionUsage, AlertMetrics alerts,
                              DeadLetterMetrics deadLetters, RegisterMetrics register,
                              InventoryMetrics inventory) {

    /** Creates every binder and binds it to {@code registry}. */
    public static DetectorMetrics bindTo(MeterRegistry registry, Map<String, Severity> knownRules) {
        DetectorMetrics m = new DetectorMetrics(new SignInMetrics(), new ExceptionUsageMetrics(),
                new AlertMetrics(knownRules), new DeadLetterMetrics(), new RegisterMetrics(), new InventoryMetrics());
        m.signIns.bindTo(registry);
        m.exceptionUsage.bindTo(registry);
        m.alerts.bindTo(registry);
        m.deadLetters.bindTo(registry);
        m.register.bindTo(registry);
        m.inventory.bindTo(registry);
        return m;
    }
}
