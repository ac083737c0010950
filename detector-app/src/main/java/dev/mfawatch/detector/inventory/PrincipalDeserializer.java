package dev.mfawatch.detector.inventory;

import dev.mfawatch.detector.metrics.InventoryMetrics;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.register.Principal;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@code directory.principals} value ({@code Principal} JSON). A value that does not bind is
 * counted and read as a tombstone: the principal's inventory facts become unknown rather than
 * stopping the application (the topic is compacted; register-sync's next publish repairs it).
 */
public final class PrincipalDeserializer implements Deserializer<Principal> {

    private static final Logger LOG = LoggerFactory.getLogger(PrincipalDeserializer.class);

    private final InventoryMetrics metrics;

    public PrincipalDeserializer(InventoryMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Principal deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return Topics.PRINCIPAL_SERDE.read(data);
        } catch (SerializationException e) {
            metrics.invalid();
            // The message may quote the value: its type only above DEBUG.
            LOG.warn("skipped an inventory record that is not a valid Principal: {}", e.getClass().getName());
            LOG.debug("inventory record detail", e);
            return null;
        }
    }
}
