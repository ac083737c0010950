package dev.mfawatch.detector.state;

import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Where the detector's named stores live: RocksDB (the default: state larger than memory, memory
 * bounded by {@link BoundedRocksDbConfig}) or the heap ({@code MFAWATCH_STATE_STORES=memory}; the
 * backtest's default, since its state is thrown away and a heap store is ~45 % faster there).
 * Both are changelogged in a live instance, which restores either from Kafka ({@link StoreKind}).
 */
public final class StateStores {

    public static final String ROCKSDB = "rocksdb";
    public static final String MEMORY = "memory";

    private StateStores() {
    }

    public static KeyValueBytesStoreSupplier keyValue(String name, boolean inMemory) {
        return inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }
}
