package dev.mfawatch.detector.ingest;

import dev.mfawatch.model.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The dead-letter headers (Kafka Streams' KIP-1034 names plus {@code mfawatch.reason} and
 * {@code mfawatch.dead-lettered-at}) added to a copy of the original record's headers. For the
 * processors that dead-letter records of the normalizing and change paths.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * @param origin       the record's metadata ({@code context.recordMetadata()})
     * @param defaultTopic the topic to name when the origin is unknown
     * @param exception    the failure's exception class name, or {@code none}
     * @param nowMs        housekeeping time: the context's clock, not event time
     */
    public static Headers headers(Headers original, Optional<RecordMetadata> origin, String defaultTopic,
                                  String exception, String message, String reason, long nowMs) {
        Headers headers = new RecordHeaders(original.toArray());
        put(headers, DeadLetterHeaders.EXCEPTION, exception);
        put(headers, DeadLetterHeaders.MESSAGE, message);
        put(headers, DeadLetterHeaders.TOPIC, origin.map(RecordMetadata::topic).orElse(defaultTopic));
        put(headers, DeadLetterHeaders.PARTITION, origin.map(m -> Integer.toString(m.partition())).orElse("-1"));
        put(headers, DeadLetterHeaders.OFFSET, origin.map(m -> Long.toString(m.offset())).orElse("-1"));
        put(headers, DeadLetterHeaders.REASON, reason);
        put(headers, DeadLetterHeaders.TIME, Instant.ofEpochMilli(nowMs).toString());
        return headers;
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
