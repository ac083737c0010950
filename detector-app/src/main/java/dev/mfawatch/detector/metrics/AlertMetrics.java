package dev.mfawatch.detector.metrics;

import dev.mfawatch.model.alert.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;

/**
 * {@code mfawatch_alerts_total{rule,severity}}: alerts emitted. The series of every known rule at
 * its default severity is registered at zero on bind, so dashboards and {@code increase()} see a
 * rule before its first alert. Also {@code mfawatch_detector_errors_total{rule}}: a detector that
 * threw on an event (the event is still counted and other detectors still run).
 * Suppression: {@code mfawatch_alerts_suppressed_total{rule}} counts firings folded into an open
 * alert, {@code mfawatch_alert_updates_total{rule}} the updates sent when such a window closes;
 * {@code mfawatch_alerts_total} counts each alert once, when it is first sent.
 */
public final class AlertMetrics implements MeterBinder {

    public static final String ALERTS = "mfawatch.alerts";
    public static final String DETECTOR_ERRORS = "mfawatch.detector.errors";

    private final Map<String, Severity> knownRules;
    private final Counters alerts = new Counters(ALERTS, "Alerts emitted to mfa.alerts", "rule", "severity");
    private final Counters errors = new Counters(DETECTOR_ERRORS, "Detector failures on an event", "rule");
    public static final String SUPPRESSED = "mfawatch.alerts.suppressed";
    public static final String UPDATES = "mfawatch.alert.updates";
    private final Counters suppressed = new Counters(SUPPRESSED, "Firings folded into an alert already sent", "rule");
    private final Counters updates = new Counters(UPDATES, "Updated alerts sent when a suppression window closed", "rule");

    /** @param knownRules rule id → default severity of every configured detector */
    public AlertMetrics(Map<String, Severity> knownRules) {
        this.knownRules = Map.copyOf(knownRules);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        alerts.bindTo(registry);
        errors.bindTo(registry);
        suppressed.bindTo(registry);
        updates.bindTo(registry);
        for (String rule : List.copyOf(knownRules.keySet())) {
            alerts.get(rule, knownRules.get(rule).name());
        }
    }

    public void alert(String rule, Severity severity) {
        alerts.get(rule, severity.name()).increment();
    }

    public void suppressed(String rule) {
        suppressed.get(rule).increment();
    }

    public void updated(String rule) {
        updates.get(rule).increment();
    }

    public void detectorError(String rule) {
        errors.get(rule).increment();
    }
}
