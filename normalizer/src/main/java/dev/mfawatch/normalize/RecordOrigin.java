package dev.mfawatch.normalize;

import dev.mfawatch.model.signin.RawRef;

/**
 * Where the raw bytes came from. For Kafka: topic, partition and offset. For a file read offline:
 * {@code topic} is {@code file:<name>} (or {@code stdin}), partition is null and {@code offset} is
 * the 1-based line on which the record starts.
 */
public record RecordOrigin(String topic, Integer partition, Long offset) {

    public static final RecordOrigin NONE = new RecordOrigin(null, null, null);

    public static RecordOrigin kafka(String topic, int partition, long offset) {
        return new RecordOrigin(topic, partition, offset);
    }

    public static RecordOrigin file(String name, long line) {
        return new RecordOrigin(name, null, line);
    }

    public RawRef ref(String recordId) {
        return new RawRef(topic, partition, offset, recordId);
    }
}
