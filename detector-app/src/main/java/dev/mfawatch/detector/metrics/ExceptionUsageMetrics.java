package dev.mfawatch.detector.metrics;

import dev.mfawatch.model.register.ExceptionCategory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code mfawatch_exception_usage_total{category}}: MFA-less sign-ins an in-force, in-scope
 * exception covered. By category only; the exception id goes to the debug log, never to a tag.
 */
public final class ExceptionUsageMetrics implements MeterBinder {

    public static final String USAGE = "mfawatch.exception.usage";

    private final Counters usage = new Counters(USAGE, "Sign-ins without MFA covered by a register exception",
            "category");

    @Override
    public void bindTo(MeterRegistry registry) {
        usage.bindTo(registry);
    }

    public void used(ExceptionCategory category) {
        usage.get(category == null ? BoundedTag.UNKNOWN : category.name()).increment();
    }
}
