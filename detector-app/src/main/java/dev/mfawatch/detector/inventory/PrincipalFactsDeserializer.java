package dev.mfawatch.detector.inventory;

import dev.mfawatch.detector.metrics.InventoryMetrics;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.register.Principal;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@code directory.principals} value ({@code Principal} JSON) straight into
 * {@link InventoryFacts}, so only the compact facts are ever stored. A value that does not bind is
 * counted and read as a tombstone: the principal's inventory facts become unknown rather than
 * stopping the application (the topic is compacted; register-sync's next publish repairs it).
 *
 * <p>It also reads the compact form back: for a source KTable, Kafka Streams uses the
 * {@code Consumed} serdes for the store too, so the store holds {@link InventoryFactsSerde}'s
 * encoding (first byte {@code 0x01}), which no JSON object can start with ({@code '{'}).
 */
public final class PrincipalFactsDeserializer implements Deserializer<InventoryFacts> {

    private static final Logger LOG = LoggerFactory.getLogger(PrincipalFactsDeserializer.class);

    private final InventoryMetrics metrics;

    public PrincipalFactsDeserializer(InventoryMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public InventoryFacts deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == InventoryFactsSerde.VERSION) {
            return InventoryFactsSerde.decode(data);
        }
        Principal p = principal(data);
        return p == null ? null : InventoryFacts.of(p);
    }

    /** A {@code directory.principals} value as a {@code Principal}; null for a tombstone or a value that does not bind (counted). */
    public Principal principal(byte[] data) {
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
