package dev.mfawatch.detector.state;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of the instance (DESIGN: the defaults reserve ~100 MiB
 * per store per partition): one block cache of {@value #TOTAL_BYTES} bytes shared by all stores,
 * memtables counted against it, and small write buffers. The detector's per-principal values are
 * tens of bytes, so little cache goes a long way. Kafka Streams' documented recipe
 * ("Bounded memory usage" in the RocksDB section of the memory-management guide).
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

    static final long TOTAL_BYTES = 64L * 1024 * 1024;
    static final long MEMTABLE_BYTES = 16L * 1024 * 1024;
    static final long WRITE_BUFFER_BYTES = 4L * 1024 * 1024;

    private static final Cache CACHE;
    private static final WriteBufferManager WRITE_BUFFERS;

    static {
        RocksDB.loadLibrary();
        CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);
        WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(WRITE_BUFFER_BYTES);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared by every store: never closed here.
    }
}
