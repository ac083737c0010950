package dev.mfawatch.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON serde for one record type over {@link Json#MAPPER}. A null payload is a tombstone both
 * ways; a payload that does not bind (bad JSON, wrong types, a constructor check) throws
 * {@link SerializationException} carrying the reason, which callers route to the dead-letter topic.
 */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    public JsonSerde(Class<T> type) {
        this.type = type;
        this.reader = Json.MAPPER.readerFor(type);
        this.writer = Json.MAPPER.writerFor(type);
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    public Class<T> type() {
        return type;
    }

    public T read(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return reader.readValue(bytes);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(type.getSimpleName() + ": " + Reasons.of(e), e);
        }
    }

    public byte[] write(T value) {
        if (value == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot write " + type.getSimpleName(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> write(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> read(bytes);
    }
}
