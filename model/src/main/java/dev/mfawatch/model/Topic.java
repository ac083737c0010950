package dev.mfawatch.model;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** A topic name bundled with its key and value serdes, so a type mismatch is a compile error. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public Topic {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(keySerde, "keySerde == null");
        Objects.requireNonNull(valueSerde, "valueSerde == null");
    }

    @Override
    public String toString() {
        return name;
    }
}
