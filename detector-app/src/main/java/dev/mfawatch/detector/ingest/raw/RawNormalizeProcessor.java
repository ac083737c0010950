package dev.mfawatch.detector.ingest.raw;

import dev.mfawatch.detector.metrics.DeadLetterMetrics;
import dev.mfawatch.detector.metrics.NormalizerMetrics;
import dev.mfawatch.detector.ingest.DeadLetters;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.normalize.NormalizeResult;
import dev.mfawatch.normalize.Normalizer;
import dev.mfawatch.normalize.Outcome;
import dev.mfawatch.normalize.RecordOrigin;
import dev.mfawatch.normalize.SignInPart;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Normalizes one {@code idp.raw.<source>} record (which may hold a batch of provider events) and
 * forwards one {@link RawOutcome} per canonical result, re-keyed for its destination:
 * <ul>
 *   <li>whole sign-ins by principal id; session parts by session id (principal id without one);</li>
 *   <li>directory changes by target: a change naming several targets becomes one record per target
 *       (so a per-principal consumer sees each principal once), with event id
 *       {@code <eventId>/<target>} and {@code details.fanOutOf} = the provider's event id; a change
 *       naming no principal (a policy switched to report-only, an org-wide setting) keeps a null key;</li>
 *   <li>skips are counted in {@code mfawatch_normalizer_skipped_total} and not forwarded; values the
 *       normalizer dropped from kept events are counted in {@code mfawatch_normalizer_dropped_values_total};</li>
 *   <li>if any event of the record failed, the record's original key and bytes are forwarded once as
 *       a {@link RawOutcome.DeadLetter} with the dead-letter headers, the reason being the first
 *       failure's normalizer reason code; the record's good events are still published.</li>
 * </ul>
 * Output timestamps are the events' own times (stream time downstream is event time), but never
 * later than the raw record's timestamp, so a future-dated provider event cannot be rejected by
 * the broker's timestamp check and stop the app.
 */
public final class RawNormalizeProcessor implements Processor<byte[], byte[], String, RawOutcome> {

    private static final Logger LOG = LoggerFactory.getLogger(RawNormalizeProcessor.class);

    private final String source;
    private final String topic;
    private final Normalizer normalizer;
    private final NormalizerMetrics metrics;
    private final DeadLetterMetrics deadLetters;
    private ProcessorContext<String, RawOutcome> context;

    public RawNormalizeProcessor(String source, String topic, Normalizer normalizer, NormalizerMetrics metrics,
                                 DeadLetterMetrics deadLetters) {
        this.source = source;
        this.topic = topic;
        this.normalizer = normalizer;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<String, RawOutcome> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordOrigin origin = context.recordMetadata()
                .map(m -> RecordOrigin.kafka(m.topic(), m.partition(), m.offset()))
                .orElse(new RecordOrigin(topic, null, null));
        NormalizeResult result = normalizer.normalize(record.value(), origin);
        result.dropped().forEach((reason, n) -> metrics.dropped(source, reason, n));
        Outcome.Failure firstFailure = null;
        int failures = 0;
        for (Outcome outcome : result.outcomes()) {
            if (outcome instanceof Outcome.SignIn s) {
                signIn(s.event(), s.part(), record.timestamp());
            } else if (outcome instanceof Outcome.Change c) {
                change(c.change(), record.timestamp());
            } else if (outcome instanceof Outcome.Skip s) {
                metrics.event(source, "skipped");
                metrics.skipped(source, s.reason());
            } else if (outcome instanceof Outcome.Failure f) {
                metrics.event(source, "failed");
                failures++;
                if (firstFailure == null) {
                    firstFailure = f;
                }
            }
        }
        if (firstFailure != null) {
            deadLetter(record, firstFailure, failures, result.outcomes().size());
        }
    }

    private void signIn(SignInEvent event, SignInPart part, long recordTime) {
        long ts = timestamp(event.time(), recordTime);
        if (part == SignInPart.COMPLETE) {
            metrics.event(source, "signin");
            context.forward(new Record<>(event.principal().id(), new RawOutcome.SignIn(event), ts));
        } else {
            metrics.event(source, "signin_part");
            String key = event.sessionId() != null ? event.sessionId() : event.principal().id();
            context.forward(new Record<>(key, new RawOutcome.SessionPart(event, part), ts));
        }
    }

    private void change(DirectoryChange change, long recordTime) {
        metrics.event(source, "change");
        long ts = timestamp(change.time(), recordTime);
        List<String> targets = change.targets();
        if (targets.size() <= 1) {
            String key = targets.isEmpty() ? null : targets.get(0);
            context.forward(new Record<>(key, new RawOutcome.Change(change), ts));
            return;
        }
        for (String target : targets) {
            Map<String, String> details = new LinkedHashMap<>(change.details());
            details.put("fanOutOf", change.eventId());
            DirectoryChange one = new DirectoryChange(change.eventId() + "/" + target, change.source(), change.time(),
                    change.actor(), change.operation(), List.of(target), change.policy(), change.ticket(), details,
                    change.raw());
            context.forward(new Record<>(target, new RawOutcome.Change(one), ts));
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, Outcome.Failure failure, int failures, int events) {
        String t = context.recordMetadata().map(RecordMetadata::topic).orElse(topic);
        String partition = context.recordMetadata().map(m -> Integer.toString(m.partition())).orElse("-1");
        String offset = context.recordMetadata().map(m -> Long.toString(m.offset())).orElse("-1");
        String message = (events > 1 ? "element " + failure.element() + ", event " + failure.item() + " ("
                + failures + " of " + events + " events failed): " : "") + failure.message();
        // Housekeeping time (the context's clock, which tests control), not event time.
        DeadLetters.Letter letter = DeadLetters.of(record.headers(), record.value(), context.recordMetadata(), topic,
                "none", message, failure.reason(), context.currentSystemTimeMs());
        deadLetters.deadLettered(t, failure.reason());
        // Normalizer messages name fields, never payload values; still, WARN carries the code only.
        LOG.warn("dead-lettering {}-{}@{}: {}", t, partition, offset, failure.reason());
        LOG.debug("dead-letter {}-{}@{} detail: {}", t, partition, offset, message);
        context.forward(new Record<String, RawOutcome>(null, new RawOutcome.DeadLetter(record.key(), letter.value()),
                record.timestamp(), letter.headers()));
    }

    private static long timestamp(Instant eventTime, long recordTime) {
        return Math.min(eventTime.toEpochMilli(), recordTime);
    }
}
