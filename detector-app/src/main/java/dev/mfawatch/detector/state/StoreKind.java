package dev.mfawatch.detector.state;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * How every named store of the detector is built: on the heap or on RocksDB
 * ({@link StateStores}), and changelogged or not. A live detector always changelogs (that is how
 * an instance restores, or takes over another's partitions); only the backtest, whose state is
 * thrown away when it ends, turns changelogs off ({@link #withoutChangelogs()}).
 */
public record StoreKind(boolean inMemory, boolean changelogged) {

    public static final StoreKind ROCKSDB = new StoreKind(false, true);
    public static final StoreKind MEMORY = new StoreKind(true, true);

    public StoreKind withoutChangelogs() {
        return new StoreKind(inMemory, false);
    }

    public KeyValueBytesStoreSupplier supplier(String name) {
        return StateStores.keyValue(name, inMemory);
    }

    public <K, V> StoreBuilder<KeyValueStore<K, V>> keyValue(String name, Serde<K> keys, Serde<V> values) {
        StoreBuilder<KeyValueStore<K, V>> b = Stores.keyValueStoreBuilder(supplier(name), keys, values);
        return changelogged ? b : b.withLoggingDisabled();
    }

    /** A table's store: {@code name} on this kind's supplier, changelogged as this kind says. */
    public <K, V> Materialized<K, V, KeyValueStore<Bytes, byte[]>> materialized(String name) {
        Materialized<K, V, KeyValueStore<Bytes, byte[]>> m = Materialized.as(supplier(name));
        return changelogged ? m : m.withLoggingDisabled();
    }
}
