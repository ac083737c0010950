package dev.mfawatch.detector.inventory;

import dev.mfawatch.detector.metrics.InventoryMetrics;
import dev.mfawatch.detector.state.StoreKind;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.signin.SignInEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.common.serialization.Serde;

/**
 * The identity inventory ({@code directory.principals}, compacted, keyed by principal id) as a
 * KTable of compact {@link InventoryFacts}, left-joined to the sign-ins by principal id.
 *
 * <p>Never a global table: the inventory can hold millions of identities and a global table puts
 * a full copy on every instance. A KTable is partitioned like its topic, so {@code signin.events}
 * and {@code directory.principals} must have the same number of partitions (topic creation uses
 * {@code MFAWATCH_TOPIC_PARTITIONS} for both; Kafka Streams refuses to start when they differ).
 * The store keeps only the facts (about 30 bytes a principal), not the {@code Principal} JSON.
 */
public final class InventoryJoin {

    /** Names the table source processor; its topic source becomes {@code principals-loader-source}. */
    public static final String SOURCE = "principals-loader";
    public static final String STORE = "principals-inventory";
    public static final String JOIN = "inventory-join";

    private static final Serde<InventoryFacts> FACTS = new InventoryFactsSerde();

    private InventoryJoin() {
    }

    public static KTable<String, InventoryFacts> table(StreamsBuilder builder, InventoryMetrics metrics, StoreKind stores) {
        // The Consumed serde serves the store too (Streams overrides Materialized's serdes with it for
        // source tables): it reads Principal JSON from the topic and the compact facts from the store.
        Serde<InventoryFacts> serde = Serdes.serdeFrom(FACTS.serializer(), new PrincipalFactsDeserializer(metrics));
        return builder.table(Topics.PRINCIPALS.name(),
                Consumed.with(Serdes.String(), serde).withName(SOURCE),
                stores.<String, InventoryFacts>materialized(STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(serde));
    }

    /** Left join: a principal the inventory does not know still goes through, with null facts ("unknown"). */
    public static KStream<String, Enriched> join(KStream<String, SignInEvent> signIns, KTable<String, InventoryFacts> inventory) {
        return signIns.leftJoin(inventory, Enriched::new,
                Joined.with(Serdes.String(), Topics.SIGNIN_SERDE, FACTS).withName(JOIN));
    }
}
