package dev.mfawatch.detector.ingest.raw;

import dev.mfawatch.detector.metrics.NormalizerMetrics;
import dev.mfawatch.detector.state.StoreKind;
import dev.mfawatch.model.JsonSerde;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.normalize.session.SessionMfaCorrelator;
import dev.mfawatch.normalize.session.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Runs {@link SessionMfaCorrelator} on the session parts of one task (all parts of a session meet
 * here: the stream was repartitioned by session id), over a changelogged key-value store, and
 * forwards the finished sign-ins keyed by principal id. A stream-time punctuator releases session
 * starts whose wait ran out when later parts of other sessions move stream time on.
 *
 * <p>Stream time stands still while a partition is quiet, which on a small tenant could hold a lone
 * session start (an MFA-less sign-in) until the next Okta sign-in. So a wall-clock check, once the
 * partition has been idle for a whole wait, lets stream time run on at the wall clock's pace from the
 * last record: a start that arrived last is then decided about one wait (of wall-clock time) after it
 * arrived. While records keep coming (live or a backfill) it does nothing.
 */
public final class SessionCorrelationProcessor implements Processor<String, RawOutcome.SessionPart, String, SignInEvent> {

    /** Open sessions by session id. */
    public static final String SESSION_STORE = "session-mfa-store";
    /** The same sessions by deadline, for the punctuator's range scan. */
    public static final String DEADLINE_STORE = "session-mfa-deadlines";
    /** How often (stream time) held session starts are checked. */
    static final Duration PUNCTUATE_EVERY = Duration.ofSeconds(1);

    private final Duration wait;
    private final int maxEntries;
    private final NormalizerMetrics metrics;
    private ProcessorContext<String, SignInEvent> context;
    private SessionMfaCorrelator correlator;
    /** Latest record timestamp seen, and the wall-clock time it arrived; -1 before the first record. */
    private long lastStreamTime = -1;
    private long lastRecordWall = -1;

    SessionCorrelationProcessor(Duration wait, int maxEntries, NormalizerMetrics metrics) {
        this.wait = wait;
        this.maxEntries = maxEntries;
        this.metrics = metrics;
    }

    /** The supplier, declaring both stores (in memory, changelogged unless {@code kind} says otherwise). */
    public static ProcessorSupplier<String, RawOutcome.SessionPart, String, SignInEvent> supplier(
            Duration wait, int maxEntries, NormalizerMetrics metrics, StoreKind kind) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, RawOutcome.SessionPart, String, SignInEvent> get() {
                return new SessionCorrelationProcessor(wait, maxEntries, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                // Always on the heap (sessions are few and short), changelogged as the detector's stores are.
                StoreKind heap = new StoreKind(true, kind.changelogged());
                StoreBuilder<KeyValueStore<String, SessionState>> sessions =
                        heap.keyValue(SESSION_STORE, Serdes.String(), JsonSerde.of(SessionState.class));
                StoreBuilder<KeyValueStore<String, String>> deadlines = heap.keyValue(DEADLINE_STORE, Serdes.String(), Serdes.String());
                return Set.of(sessions, deadlines);
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, SignInEvent> context) {
        this.context = context;
        KeyValueStore<String, SessionState> sessions = context.getStateStore(SESSION_STORE);
        KeyValueStore<String, String> deadlines = context.getStateStore(DEADLINE_STORE);
        correlator = new SessionMfaCorrelator(new KafkaSessionStore(sessions, deadlines), wait, maxEntries);
        context.schedule(PUNCTUATE_EVERY, PunctuationType.STREAM_TIME, this::expire);
        context.schedule(PUNCTUATE_EVERY, PunctuationType.WALL_CLOCK_TIME, this::releaseWhenIdle);
    }

    @Override
    public void process(Record<String, RawOutcome.SessionPart> record) {
        lastStreamTime = Math.max(lastStreamTime, record.timestamp());
        lastRecordWall = context.currentSystemTimeMs();
        long overflowedBefore = correlator.overflowed();
        List<SignInEvent> ready = correlator.accept(record.value().event(), record.value().part());
        metrics.sessionsOverflowed(correlator.overflowed() - overflowedBefore);
        forward(ready, record.timestamp());
    }

    private void expire(long streamTime) {
        forward(correlator.advance(Instant.ofEpochMilli(streamTime)), streamTime);
    }

    private void releaseWhenIdle(long wallClock) {
        if (lastRecordWall < 0) {
            return;
        }
        long idle = wallClock - lastRecordWall;
        if (idle >= wait.toMillis()) {
            long extrapolated = lastStreamTime + idle;
            forward(correlator.advance(Instant.ofEpochMilli(extrapolated)), extrapolated);
        }
    }

    private void forward(List<SignInEvent> events, long now) {
        for (SignInEvent e : events) {
            // Fresh headers; the sign-in's own time, never later than the record or punctuation that released it.
            context.forward(new Record<>(e.principal().id(), e, Math.min(e.time().toEpochMilli(), now)));
        }
    }
}

