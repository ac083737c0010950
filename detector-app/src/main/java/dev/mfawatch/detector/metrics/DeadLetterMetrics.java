package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;

/**
 * {@code mfawatch_dead_letters_total{source,reason}}: records sent to {@code mfa.dlq}.
 * {@code source} is the input topic, {@code reason} the bounded code of
 * {@link dev.mfawatch.detector.ingest.DeadLetterReason}. The expected series (each input topic × each
 * reason) can be registered at zero on bind: a counter that first appears at 1 makes PromQL's
 * {@code increase()} miss the first dead letter, and an alert on dead letters must see it.
 */
public final class DeadLetterMetrics implements MeterBinder {

    public static final String DEAD_LETTERS = "mfawatch.dead.letters";

    private final BoundedTag topics = new BoundedTag(32);
    private final Counters deadLetters = new Counters(DEAD_LETTERS, "Input records sent to the dead-letter topic",
            "source", "reason");
    private final List<String> knownSources;
    private final List<String> knownReasons;

    /** No series until the first dead letter. */
    public DeadLetterMetrics() {
        this(List.of(), List.of());
    }

    /** Registers every {@code knownSources} × {@code knownReasons} series at zero on bind. */
    public DeadLetterMetrics(List<String> knownSources, List<String> knownReasons) {
        this.knownSources = List.copyOf(knownSources);
        this.knownReasons = List.copyOf(knownReasons);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        deadLetters.bindTo(registry);
        for (String source : knownSources) {
            for (String reason : knownReasons) {
                deadLetters.get(topics.of(source), reason);
            }
        }
    }

    public void deadLettered(String sourceTopic, String reason) {
        deadLetters.get(topics.of(sourceTopic), reason).increment();
    }
}
