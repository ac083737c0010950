package dev.mfawatch.detector.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mfawatch.detector.metrics.EventTimeMetrics;
import dev.mfawatch.model.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Stream time on the canonical topics ({@code signin.events}, {@code directory.changes}) is the
 * events' own time, not the producer's: suppression windows, travel anchors and every rule's
 * expiry are in event time, and any producer (a replay, a backfill, another tool) may stamp its
 * records with "now".
 *
 * <p>Cheap: a streaming parser reads the top-level fields up to {@code time} (the third field of
 * every canonical event as written by the model's serde) and skips the rest unread; the value is
 * bound by the same {@link Json#MAPPER} as the full parse, so both accept the same spellings. The
 * full parse happens once, later, in the parser that may dead-letter the record.
 *
 * <ul>
 *   <li>No readable {@code time} (not JSON, no such field, a bad value, a tombstone): the record's
 *   own timestamp (or the partition's time when that is negative), counted as {@code unreadable};
 *   the record then goes on to the parser, which dead-letters it as before when it is invalid.
 *   Nothing is dropped here: a negative timestamp would make Kafka Streams skip the record.</li>
 *   <li>An event time ahead of both the record's timestamp and the wall clock by more than the
 *   tolerance: that bound is used instead and counted as {@code future}, so a mis-dated event
 *   cannot push stream time ahead and close every open window. The event keeps its own time for
 *   the rules; only its place in stream time is clamped.</li>
 * </ul>
 */
public final class EventTimeExtractor implements TimestampExtractor {

    private static final String TIME = "time";

    private final long toleranceMs;
    private final EventTimeMetrics metrics;
    private final LongSupplier wallClock;

    public EventTimeExtractor(Duration futureTolerance, EventTimeMetrics metrics) {
        this(futureTolerance, metrics, System::currentTimeMillis);
    }

    EventTimeExtractor(Duration futureTolerance, EventTimeMetrics metrics, LongSupplier wallClock) {
        this.toleranceMs = futureTolerance.toMillis();
        this.metrics = metrics;
        this.wallClock = wallClock;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long recordTime = record.timestamp();
        Instant time = record.value() instanceof byte[] bytes ? timeOf(bytes) : null;
        if (time == null) {
            metrics.unreadable(record.topic());
            return recordTime >= 0 ? recordTime : Math.max(partitionTime, 0);
        }
        long eventTime = time.toEpochMilli();
        long limit = Math.max(recordTime, wallClock.getAsLong()) + toleranceMs;
        if (eventTime > limit) {
            metrics.futureClamped(record.topic());
            return limit;
        }
        // Before 1970 cannot be a sign-in; Kafka Streams would skip a negative timestamp.
        return Math.max(eventTime, 0);
    }

    /** The top-level {@code time} of a JSON object, or null when there is none that binds. */
    static Instant timeOf(byte[] json) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (TIME.equals(name)) {
                    return value == JsonToken.VALUE_NULL ? null : Json.MAPPER.readValue(p, Instant.class);
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
