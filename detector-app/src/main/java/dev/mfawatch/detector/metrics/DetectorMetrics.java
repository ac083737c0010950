package dev.mfawatch.detector.metrics;

import dev.mfawatch.detector.ingest.DeadLetterReason;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The detector's own meters, one binder per area, bound to one registry. */
public record DetectorMetrics(SignInMetrics signIns, ExceptionUsageMetrics exceptionUsage, AlertMetrics alerts,
                              DeadLetterMetrics deadLetters, RegisterMetrics register,
                              NormalizerMetrics normalizer, ChangeMetrics changes, EventLagMetrics eventLag,
                              InventoryMetrics inventory, EventTimeMetrics eventTime,
                              StateSweepMetrics stateSweeps, RegistrationMetrics registration) {

    /** Creates every binder and binds it to {@code registry}; event lag is measured on the UTC wall clock. */
    public static DetectorMetrics bindTo(MeterRegistry registry, Map<String, Severity> knownRules) {
        return bindTo(registry, knownRules, Clock.systemUTC());
    }

    /** As above, with the clock event lag is measured against (tests). */
    public static DetectorMetrics bindTo(MeterRegistry registry, Map<String, Severity> knownRules, Clock clock) {
        EventLagMetrics lag = new EventLagMetrics(clock);
        DetectorMetrics m = new DetectorMetrics(new SignInMetrics(lag), new ExceptionUsageMetrics(),
                new AlertMetrics(knownRules), new DeadLetterMetrics(List.of(Topics.SIGNIN_EVENTS.name()),
                        Arrays.stream(DeadLetterReason.values()).map(DeadLetterReason::code).toList()),
                new RegisterMetrics(), new NormalizerMetrics(), new ChangeMetrics(), lag,
                new InventoryMetrics(), new EventTimeMetrics(), new StateSweepMetrics(),
                new RegistrationMetrics());
        m.signIns.bindTo(registry);
        m.exceptionUsage.bindTo(registry);
        m.alerts.bindTo(registry);
        m.deadLetters.bindTo(registry);
        m.register.bindTo(registry);
        m.normalizer.bindTo(registry);
        m.changes.bindTo(registry);
        m.eventLag.bindTo(registry);
        m.inventory.bindTo(registry);
        m.eventTime.bindTo(registry);
        m.stateSweeps.bindTo(registry);
        m.registration.bindTo(registry);
        return m;
    }
}
