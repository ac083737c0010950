package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code mfawatch_directory_changes_total{source,operation,effect}}: canonical directory changes read
 * from {@code directory.changes}; {@code operation} is a {@code ChangeOperation} name, {@code effect}
 * {@code weakening}, {@code strengthening} or {@code neutral}. Strengthening changes raise no alert and
 * are visible only here.
 */
public final class ChangeMetrics implements MeterBinder {

    public static final String CHANGES = "mfawatch.directory.changes";

    private final BoundedTag sources = new BoundedTag(32);
    private final Counters changes = new Counters(CHANGES, "Directory changes read, by what they do to MFA", "source",
            "operation", "effect");

    @Override
    public void bindTo(MeterRegistry registry) {
        changes.bindTo(registry);
    }

    public void change(String source, String operation, String effect) {
        changes.get(sources.of(source), operation, effect).increment();
    }
}
