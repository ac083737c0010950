package dev.mfawatch.detector.ingest;

import dev.mfawatch.model.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The one place a dead letter is made, for every processor that dead-letters records (raw
 * normalizing, sign-in and change parsing): the original value, and a copy of the original
 * headers plus the dead-letter headers (Kafka Streams' KIP-1034 names, {@code mfawatch.reason} and
 * {@code mfawatch.dead-lettered-at}).
 *
 * <p>A value larger than {@link #MAX_VALUE_BYTES} is cut to that size and marked with
 * {@code mfawatch.truncated-from} (its original size): a raw topic may accept records far larger
 * than the producer and topic defaults of {@code mfa.dlq} (1 MiB), and a dead letter the broker
 * refuses would fail the task again and again. The fact, the reason and the origin
 * (topic/partition/offset of the untouched original) always reach the DLQ.
 */
public final class DeadLetters {

    /**
     * Under Kafka's default {@code max.request.size} (1,048,576) and {@code message.max.bytes}
     * (1,048,588), with room for the key, the headers and the batch overhead.
     */
    public static final int MAX_VALUE_BYTES = 900 * 1024;

    private DeadLetters() {
    }

    /** What goes to {@code mfa.dlq}: the (possibly cut) value and its headers. */
    public record Letter(byte[] value, Headers headers) {
    }

    /**
     * @param value        the record's value exactly as read (null for a tombstone)
     * @param origin       the record's metadata ({@code context.recordMetadata()})
     * @param defaultTopic the topic to name when the origin is unknown
     * @param exception    the failure's exception class name, or {@code none}
     * @param nowMs        housekeeping time: the context's clock, not event time
     */
    public static Letter of(Headers original, byte[] value, Optional<RecordMetadata> origin, String defaultTopic,
                            String exception, String message, String reason, long nowMs) {
        Headers headers = new RecordHeaders(original.toArray());
        put(headers, DeadLetterHeaders.EXCEPTION, exception);
        put(headers, DeadLetterHeaders.MESSAGE, message);
        put(headers, DeadLetterHeaders.TOPIC, origin.map(RecordMetadata::topic).orElse(defaultTopic));
        put(headers, DeadLetterHeaders.PARTITION, origin.map(m -> Integer.toString(m.partition())).orElse("-1"));
        put(headers, DeadLetterHeaders.OFFSET, origin.map(m -> Long.toString(m.offset())).orElse("-1"));
        put(headers, DeadLetterHeaders.REASON, reason);
        put(headers, DeadLetterHeaders.TIME, Instant.ofEpochMilli(nowMs).toString());
        headers.remove(DeadLetterHeaders.TRUNCATED_FROM);
        if (value == null || value.length <= MAX_VALUE_BYTES) {
            return new Letter(value, headers);
        }
        put(headers, DeadLetterHeaders.TRUNCATED_FROM, Integer.toString(value.length));
        return new Letter(Arrays.copyOf(value, MAX_VALUE_BYTES), headers);
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
