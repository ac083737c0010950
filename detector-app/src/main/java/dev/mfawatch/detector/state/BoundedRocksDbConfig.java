package dev.mfawatch.detector.state;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of the instance (DESIGN: the defaults reserve ~100 MiB
 * per store per partition): one block cache of {@code MFAWATCH_ROCKSDB_MEMORY_MB} (default
 * {@value #DEFAULT_MEMORY_MB} MiB) shared by all stores, half of it for memtables, which are counted
 * against it. Kafka Streams' documented recipe ("Bounded memory usage" in the RocksDB section of the
 * memory-management guide).
 *
 * <p>Why the memtable share is large and each memtable small: the write-buffer manager is shared by
 * every store of every task (about ten per partition), and once their memtables together reach its
 * budget, each store that writes flushes its own memtable, however small. At 16 MiB for 4 partitions
 * that became a storm of tiny flushes and compactions that left the stream thread waiting on RocksDB
 * most of the time (exactly-once fell from 18,000 to 3,500 sign-ins/s as stores were added). With
 * {@value #WRITE_BUFFER_MB} MiB memtables, the stores written per sign-in fill them one by one and the
 * manager's budget is a ceiling that is rarely reached.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

    /** Streams property (set by {@code DetectorConfig}) carrying {@code MFAWATCH_ROCKSDB_MEMORY_MB}. */
    public static final String MEMORY_CONFIG = "mfawatch.rocksdb.memory.mb";
    public static final int DEFAULT_MEMORY_MB = 128;
    public static final int MIN_MEMORY_MB = 16;
    static final long WRITE_BUFFER_MB = 2;

    /** One cache and write-buffer manager per budget: every store of an instance shares them; never closed. */
    private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

    record Shared(Cache cache, WriteBufferManager writeBuffers) {
        static Shared of(long memoryMb) {
            RocksDB.loadLibrary();
            long bytes = memoryMb * 1024 * 1024;
            Cache cache = new LRUCache(bytes, -1, false, 0.1);
            return new Shared(cache, new WriteBufferManager(bytes / 2, cache));
        }
    }

    static long memoryMb(Map<String, Object> configs) {
        Object v = configs.get(MEMORY_CONFIG);
        return v == null ? DEFAULT_MEMORY_MB : Math.max(MIN_MEMORY_MB, Long.parseLong(v.toString().trim()));
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = SHARED.computeIfAbsent(memoryMb(configs), Shared::of);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(shared.writeBuffers());
        options.setWriteBufferSize(WRITE_BUFFER_MB * 1024 * 1024);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared by every store: never closed here.
    }
}
