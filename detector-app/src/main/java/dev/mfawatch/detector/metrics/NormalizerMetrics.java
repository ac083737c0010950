package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The live normalizers ({@code idp.raw.<source>} → canonical topics):
 * <ul>
 *   <li>{@code mfawatch_normalizer_events_total{source,outcome}}: provider events by outcome
 *       ({@code signin}, {@code signin_part}, {@code change}, {@code skipped}, {@code failed});</li>
 *   <li>{@code mfawatch_normalizer_skipped_total{source,reason}}: well-formed events irrelevant to MFA,
 *       counted instead of dead-lettered ({@code reason} is one of the normalizer's skip codes);</li>
 *   <li>{@code mfawatch_normalizer_dropped_values_total{source,reason}}: values set to null as nonsense
 *       while their event was kept (coordinates off the globe, an {@code ip} that is no address, …;
 *       {@code reason} is a {@code DropReason} code);</li>
 *   <li>{@code mfawatch_normalizer_sessions_overflowed_total}: Okta session parts passed through
 *       uncorrelated or dropped because the session store was full.</li>
 * </ul>
 * {@code source} is a raw source name ({@code okta}, …); every tag is bounded.
 */
public final class NormalizerMetrics implements MeterBinder {

    public static final String EVENTS = "mfawatch.normalizer.events";
    public static final String SKIPPED = "mfawatch.normalizer.skipped";
    public static final String DROPPED_VALUES = "mfawatch.normalizer.dropped.values";
    public static final String SESSIONS_OVERFLOWED = "mfawatch.normalizer.sessions.overflowed";

    private final BoundedTag sources = new BoundedTag(16);
    private final BoundedTag reasons = new BoundedTag(32);
    private final Counters events = new Counters(EVENTS, "Provider events normalized, by outcome", "source", "outcome");
    private final Counters skipped = new Counters(SKIPPED, "Provider events skipped as irrelevant to MFA", "source",
            "reason");
    private final Counters dropped = new Counters(DROPPED_VALUES,
            "Event values dropped as nonsense while the event was kept", "source", "reason");
    private final Counters overflowed = new Counters(SESSIONS_OVERFLOWED,
            "Session parts not correlated because the session store was full");

    @Override
    public void bindTo(MeterRegistry registry) {
        events.bindTo(registry);
        skipped.bindTo(registry);
        dropped.bindTo(registry);
        overflowed.bindTo(registry);
    }

    public void event(String source, String outcome) {
        events.get(sources.of(source), outcome).increment();
    }

    public void skipped(String source, String reason) {
        skipped.get(sources.of(source), reasons.of(reason)).increment();
    }

    public void dropped(String source, String reason, int n) {
        if (n > 0) {
            dropped.get(sources.of(source), reasons.of(reason)).increment(n);
        }
    }

    public void sessionsOverflowed(long n) {
        if (n > 0) {
            overflowed.get().increment(n);
        }
    }
}
