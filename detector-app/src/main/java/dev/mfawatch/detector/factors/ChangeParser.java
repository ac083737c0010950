package dev.mfawatch.detector.factors;

import dev.mfawatch.detector.ingest.DeadLetterReason;
import dev.mfawatch.detector.metrics.DeadLetterMetrics;
import dev.mfawatch.model.DeadLetterHeaders;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.directory.DirectoryChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses each canonical {@code directory.changes} value once, like {@code SignInParser} does for
 * sign-ins: a value that does not bind becomes {@link ParsedChange.Failed} with the original bytes
 * and the same dead-letter headers, for {@code mfa.dlq}.
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
        if (record.value() == null) {
            fail(record, DeadLetterReason.EMPTY_VALUE, null, "record has no value");
            return;
        }
        try {
            DirectoryChange change = Topics.CHANGE_SERDE.read(record.value());
            context.forward(record.withValue(new ParsedChange.Ok(change)));
        } catch (RuntimeException e) {
            fail(record, DeadLetterReason.of(e), e, Reasons.of(e));
        }
    }

    private void fail(FixedKeyRecord<String, byte[]> record, DeadLetterReason reason, RuntimeException e, String message) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("unknown");
        String partition = context.recordMetadata().map(m -> Integer.toString(m.partition())).orElse("-1");
        String offset = context.recordMetadata().map(m -> Long.toString(m.offset())).orElse("-1");
        Throwable cause = e != null && e.getCause() != null ? e.getCause() : e;
        Headers headers = new RecordHeaders(record.headers().toArray());
        put(headers, DeadLetterHeaders.EXCEPTION, cause == null ? "none" : cause.getClass().getName());
        put(headers, DeadLetterHeaders.MESSAGE, message);
        put(headers, DeadLetterHeaders.TOPIC, topic);
        put(headers, DeadLetterHeaders.PARTITION, partition);
        put(headers, DeadLetterHeaders.OFFSET, offset);
        put(headers, DeadLetterHeaders.REASON, reason.code());
        put(headers, DeadLetterHeaders.TIME, Instant.ofEpochMilli(context.currentSystemTimeMs()).toString());
        metrics.deadLettered(topic, reason.code());
        LOG.warn("dead-lettering {}-{}@{}: {}", topic, partition, offset, reason.code());
        LOG.debug("dead-letter {}-{}@{} detail: {}", topic, partition, offset, message);
        context.forward(record.withValue((ParsedChange) new ParsedChange.Failed(record.value())).withHeaders(headers));
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
