package dev.mfawatch.detector.ingest;

import dev.mfawatch.detector.metrics.DeadLetterMetrics;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses each {@code signin.events} value once. A value that does not bind becomes a
 * {@link Parsed.Failed} carrying the original bytes, with the dead-letter headers of
 * {@link DeadLetters} (a value too large for {@code mfa.dlq} is cut there, and says so); the topology routes it to
 * {@code mfa.dlq}. Nothing is dropped and nothing here can stop the app.
 */
public final class SignInParser implements FixedKeyProcessor<String, byte[], Parsed> {

    private static final Logger LOG = LoggerFactory.getLogger(SignInParser.class);

    private final DeadLetterMetrics metrics;
    private FixedKeyProcessorContext<String, Parsed> context;

    public SignInParser(DeadLetterMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Parsed> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        byte[] bytes = record.value();
        Optional<DeadLetterReason.Refusal> refused = DeadLetterReason.beforeParsing(record.value());
        if (refused.isPresent()) {
            fail(record, refused.get().reason(), null, refused.get().message());
            return;
        }
        SignInEvent event;
        try {
            event = Topics.SIGNIN_SERDE.read(bytes);
        } catch (RuntimeException e) {
            fail(record, DeadLetterReason.of(e), e, Reasons.of(e));
            return;
        }
        context.forward(record.withValue(new Parsed.Ok(event)));
    }

    private void fail(FixedKeyRecord<String, byte[]> record, DeadLetterReason reason, RuntimeException e, String message) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("unknown");
        String partition = context.recordMetadata().map(m -> Integer.toString(m.partition())).orElse("-1");
        String offset = context.recordMetadata().map(m -> Long.toString(m.offset())).orElse("-1");
        Throwable cause = e != null && e.getCause() != null ? e.getCause() : e;
        // Housekeeping time (the context's clock, which tests control), not event time.
        DeadLetters.Letter letter = DeadLetters.of(record.headers(), record.value(), context.recordMetadata(), "unknown",
                cause == null ? "none" : cause.getClass().getName(), message, reason.code(), context.currentSystemTimeMs());
        metrics.deadLettered(topic, reason.code());
        // A parser message may quote a token of the payload: WARN carries the code and origin only.
        LOG.warn("dead-lettering {}-{}@{}: {}", topic, partition, offset, reason.code());
        LOG.debug("dead-letter {}-{}@{} detail: {}", topic, partition, offset, message);
        context.forward(record.withValue((Parsed) new Parsed.Failed(letter.value(), reason)).withHeaders(letter.headers()));
    }
}
