package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code mfawatch_register_invalid_total{reason}}: register records the detector could not use
 * ({@value #INVALID_VALUE}, {@value #KEY_MISMATCH}, {@value #MISSING_KEY}). They are skipped, never fatal.
 */
public final class RegisterMetrics implements MeterBinder {

    public static final String INVALID = "mfawatch.register.invalid";
    public static final String INVALID_VALUE = "invalid_value";
    public static final String KEY_MISMATCH = "key_mismatch";
    public static final String MISSING_KEY = "missing_key";

    private final Counters invalid = new Counters(INVALID, "Register records skipped by the detector", "reason");

    @Override
    public void bindTo(MeterRegistry registry) {
        invalid.bindTo(registry);
    }

    public void invalid(String reason) {
        invalid.get(reason).increment();
    }
}
