package dev.mfawatch.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.time.Instant;

/** The one ObjectMapper of the project: ISO-8601 instants, nulls omitted, unknown fields tolerated. */
public final class Json {

    /**
     * Unknown properties are ignored so a newer producer can add fields without breaking older
     * consumers; missing or ill-typed required fields still fail in the records' constructors.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // Registered after JavaTimeModule, so it takes precedence for Instant (and delegates to it).
            .addModule(new SimpleModule("fast-instants")
                    .addDeserializer(Instant.class, new FastInstantDeserializer(InstantDeserializer.INSTANT)))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Maps (alert details, notices) come out in key order: the same input gives the same bytes in every JVM
            // (Map.copyOf's iteration order is salted per JVM).
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {
    }
}
