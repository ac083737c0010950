package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * {@code mfawatch_state_store_entries{store}}: approximate number of entries in each key-value state
 * store of the topology, read through interactive queries at scrape time. Kafka Streams has no size
 * metric for in-memory stores (its RocksDB property metrics cover persistent stores only), and the
 * register lives in an in-memory global store. The store names come from the topology's own
 * description, so a store added to the topology is measured without a list to keep up to date; the
 * tag is bounded by the topology. NaN while a store cannot be queried (rebalancing, restoring,
 * stopped) or is not a key-value store.
 */
public final class StateStoreMetrics implements MeterBinder {

    public static final String ENTRIES = "mfawatch.state.store.entries";

    private final SortedSet<String> stores;
    private final ToDoubleFunction<String> entries;

    /** @param entries store name → approximate entry count, NaN when unknown */
    public StateStoreMetrics(Iterable<String> stores, ToDoubleFunction<String> entries) {
        this.stores = new TreeSet<>();
        stores.forEach(this.stores::add);
        this.entries = Objects.requireNonNull(entries, "entries == null");
    }

    /** Every store of {@code topology}, counted through {@code streams}' interactive queries. */
    public static StateStoreMetrics of(Topology topology, KafkaStreams streams) {
        return new StateStoreMetrics(storeNames(topology.describe()), name -> approximateEntries(streams, name));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String store : stores) {
            Gauge.builder(ENTRIES, entries, f -> f.applyAsDouble(store))
                    .description("Approximate number of entries in a key-value state store")
                    .tag("store", store)
                    .register(registry);
        }
    }

    static List<String> storeNames(TopologyDescription description) {
        SortedSet<String> names = new TreeSet<>();
        for (TopologyDescription.GlobalStore g : description.globalStores()) {
            names.addAll(g.processor().stores());
        }
        for (TopologyDescription.Subtopology s : description.subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Processor p) {
                    names.addAll(p.stores());
                }
            }
        }
        return new ArrayList<>(names);
    }

    private static double approximateEntries(KafkaStreams streams, String store) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()))
                    .approximateNumEntries();
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return Double.NaN;
        }
    }
}
