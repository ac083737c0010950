package dev.mfawatch.detector.changes;

import dev.mfawatch.detector.ingest.DeadLetterReason;
import dev.mfawatch.detector.ingest.DeadLetters;
import dev.mfawatch.detector.metrics.DeadLetterMetrics;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.directory.DirectoryChange;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses each {@code directory.changes} value once, like the sign-in parser: a value that does not
 * bind becomes a {@link ParsedChange.Failed} with the original bytes and the dead-letter headers,
 * routed to {@code mfa.dlq} by the topology and counted with {@code source=directory.changes}.
 */
public final class ChangeParser implements FixedKeyProcessor<String, byte[], ParsedChange> {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeParser.class);

    private final DeadLetterMetrics metrics;
    private FixedKeyProcessorContext<String, ParsedChange> context;

    public ChangeParser(DeadLetterMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ParsedChange> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        Optional<DeadLetterReason.Refusal> refused = DeadLetterReason.beforeParsing(record.value());
        if (refused.isPresent()) {
            fail(record, refused.get().reason(), null, refused.get().message());
            return;
        }
        DirectoryChange change;
        try {
            change = Topics.CHANGE_SERDE.read(record.value());
        } catch (RuntimeException e) {
            fail(record, DeadLetterReason.of(e), e, Reasons.of(e));
            return;
        }
        context.forward(record.withValue(new ParsedChange.Ok(change)));
    }

    private void fail(FixedKeyRecord<String, byte[]> record, DeadLetterReason reason, RuntimeException e, String message) {
        Throwable cause = e != null && e.getCause() != null ? e.getCause() : e;
        DeadLetters.Letter letter = DeadLetters.of(record.headers(), record.value(), context.recordMetadata(),
                Topics.DIRECTORY_CHANGES.name(), cause == null ? "none" : cause.getClass().getName(), message, reason.code(),
                context.currentSystemTimeMs());
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(Topics.DIRECTORY_CHANGES.name());
        metrics.deadLettered(topic, reason.code());
        // A parser message may quote a token of the payload: WARN carries the code and origin only.
        LOG.warn("dead-lettering a {} record: {}", topic, reason.code());
        LOG.debug("dead-letter detail: {}", message);
        context.forward(record.withValue((ParsedChange) new ParsedChange.Failed(letter.value(), reason)).withHeaders(letter.headers()));
    }
}
