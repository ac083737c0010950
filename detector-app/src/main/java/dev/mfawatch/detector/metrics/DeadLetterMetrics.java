package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code mfawatch_dead_letters_total{source,reason}}: records sent to {@code mfa.dlq}.
 * {@code source} is the input topic, {@code reason} the bounded code of
 * {@link dev.mfawatch.detector.ingest.DeadLetterReason}.
 */
public final class DeadLetterMetrics implements MeterBinder {

    public static final String DEAD_LETTERS = "mfawatch.dead.letters";

    private final BoundedTag topics = new BoundedTag(32);
    private final Counters deadLetters = new Counters(DEAD_LETTERS, "Input records sent to the dead-letter topic",
            "source", "reason");

    @Override
    public void bindTo(MeterRegistry registry) {
        deadLetters.bindTo(registry);
    }

    public void deadLettered(String sourceTopic, String reason) {
        deadLetters.get(topics.of(sourceTopic), reason).increment();
    }
}
