package dev.mfawatch.detector.inventory;

import dev.mfawatch.detector.metrics.InventoryMetrics;
import dev.mfawatch.detector.state.StoreKind;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.SignInEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Named;
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
 *
 * <p>The topic is read as a stream of parsed {@code Principal}s ({@link #principals}) that becomes the
 * table ({@link #table(KStream, StoreKind)}): Kafka Streams allows one source per topic, and whoever
 * compares a principal's versions (the review triggers) taps the same stream, each value parsed once.
 */
public final class InventoryJoin {

    /** Names the table processor; the topic source is {@code principals-loader-source}. */
    public static final String SOURCE = "principals-loader";
    public static final String STORE = "principals-inventory";
    public static final String JOIN = "inventory-join";
    public static final String CHANGE_JOIN = "inventory-change-join";
    public static final String FACTS_STEP = "principals-facts";

    private static final Serde<InventoryFacts> FACTS = new InventoryFactsSerde();

    private InventoryJoin() {
    }

    /**
     * {@code directory.principals} as parsed {@code Principal}s, keyed by principal id. A tombstone, or
     * a value that does not bind (counted, see {@link PrincipalDeserializer}), is null.
     */
    public static KStream<String, Principal> principals(StreamsBuilder builder, InventoryMetrics metrics) {
        Serde<Principal> serde = Serdes.serdeFrom(Topics.PRINCIPAL_SERDE.serializer(), new PrincipalDeserializer(metrics));
        return builder.stream(Topics.PRINCIPALS.name(), Consumed.with(Serdes.String(), serde).withName(SOURCE + "-source"));
    }

    /** The inventory as a table of compact facts, built from {@link #principals}. */
    public static KTable<String, InventoryFacts> table(KStream<String, Principal> principals, StoreKind stores) {
        return principals
                .mapValues(p -> p == null ? null : InventoryFacts.of(p), Named.as(FACTS_STEP))
                .toTable(Named.as(SOURCE), stores.<String, InventoryFacts>materialized(STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(FACTS));
    }

    /** Left join: a principal the inventory does not know still goes through, with null facts ("unknown"). */
    public static KStream<String, Enriched> join(KStream<String, SignInEvent> signIns, KTable<String, InventoryFacts> inventory) {
        return signIns.leftJoin(inventory, Enriched::new,
                Joined.with(Serdes.String(), Topics.SIGNIN_SERDE, FACTS).withName(JOIN));
    }

    /**
     * The same left join for directory changes keyed by their target: rules judging a change (a
     * Temporary Access Pass issued to a privileged account) need the target's facts too.
     */
    public static KStream<String, ChangedPrincipal> joinChanges(KStream<String, DirectoryChange> changes,
                                                              KTable<String, InventoryFacts> inventory) {
        return changes.leftJoin(inventory, ChangedPrincipal::new,
                Joined.with(Serdes.String(), Topics.DIRECTORY_CHANGES.valueSerde(), FACTS).withName(CHANGE_JOIN));
    }
}
