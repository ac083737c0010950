package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * How records' event times were taken and how late they came:
 * <ul>
 *   <li>{@code mfawatch_event_time_adjusted_total{topic,kind}}: {@code future} = an event time too far
 *   ahead of the record's timestamp and the wall clock, clamped for stream time; {@code unreadable} =
 *   no readable {@code time}, the record's own timestamp used (the parser then dead-letters it if the
 *   event is invalid).</li>
 *   <li>{@code mfawatch_late_firings_total{rule}}: a firing that came after the window that would
 *   have held it had closed (more than the grace behind stream time); it opens a window of its own,
 *   so its alert id may differ from a backtest's. Rule ids are the detectors' own (a closed set).</li>
 * </ul>
 */
public final class EventTimeMetrics implements MeterBinder {

    public static final String ADJUSTED = "mfawatch.event.time.adjusted";
    public static final String LATE_FIRINGS = "mfawatch.late.firings";

    private final BoundedTag topics = new BoundedTag(32);
    private final Counters adjusted = new Counters(ADJUSTED, "Records whose event time was clamped or unreadable", "topic", "kind");
    private final Counters late = new Counters(LATE_FIRINGS, "Firings that arrived after their window had closed (beyond the grace)",
            "rule");

    @Override
    public void bindTo(MeterRegistry registry) {
        adjusted.bindTo(registry);
        late.bindTo(registry);
    }

    public void futureClamped(String topic) {
        adjusted.get(topics.of(topic), "future").increment();
    }

    public void unreadable(String topic) {
        adjusted.get(topics.of(topic), "unreadable").increment();
    }

    public void lateFiring(String rule) {
        late.get(rule).increment(); // rule ids are a closed set
    }
}
