package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code mfawatch_directory_changes_total{source,operation,effect}}: canonical directory changes read
 * from {@code directory.changes}; {@code operation} is a {@code ChangeOperation} name, {@code effect}
 * {@code weakening}, {@code strengthening} or {@code neutral}. Strengthening changes raise no alert and
 * are visible only here. {@code mfawatch_exclusion_drift_notices_total}: notices published because an
 * exclusion stayed in force after its register entry expired or was revoked.
 */
public final class ChangeMetrics implements MeterBinder {

    public static final String CHANGES = "mfawatch.directory.changes";
    public static final String DRIFT_NOTICES = "mfawatch.exclusion.drift.notices";

    private final BoundedTag sources = new BoundedTag(32);
    private final Counters changes = new Counters(CHANGES, "Directory changes read, by what they do to MFA", "source",
            "operation", "effect");
    private final Counters driftNotices = new Counters(DRIFT_NOTICES,
            "Notices of exclusions still in force after their register entry ended");

    @Override
    public void bindTo(MeterRegistry registry) {
        changes.bindTo(registry);
        driftNotices.bindTo(registry);
    }

    public void change(String source, String operation, String effect) {
        changes.get(sources.of(source), operation, effect).increment();
    }

    public void driftNotice() {
        driftNotices.get().increment();
    }
}
