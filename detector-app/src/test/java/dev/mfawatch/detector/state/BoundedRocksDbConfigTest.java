package dev.mfawatch.detector.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbConfigTest {

    @Test
    void everyStoreGetsSmallMemtablesUnderTheSharedBudget() {
        BoundedRocksDbConfig setter = new BoundedRocksDbConfig();
        try (Options a = new Options().setTableFormatConfig(new BlockBasedTableConfig());
             Options b = new Options().setTableFormatConfig(new BlockBasedTableConfig())) {
            setter.setConfig("principal-state", a, Map.of(BoundedRocksDbConfig.MEMORY_CONFIG, "32"));
            setter.setConfig("registration-state", b, Map.of(BoundedRocksDbConfig.MEMORY_CONFIG, "32"));
            // Far below the manager's 16 MiB share: memtables flush at their own size, not all at once.
            assertThat(a.writeBufferSize()).isEqualTo(2L * 1024 * 1024).isEqualTo(b.writeBufferSize());
            assertThat(a.maxWriteBufferNumber()).isEqualTo(2);
            assertThat(((BlockBasedTableConfig) a.tableFormatConfig()).cacheIndexAndFilterBlocks()).isTrue();
        }
    }

    @Test
    void theBudgetComesFromTheStreamsPropertiesWithAFloor() {
        assertThat(BoundedRocksDbConfig.memoryMb(Map.of())).isEqualTo(BoundedRocksDbConfig.DEFAULT_MEMORY_MB);
        assertThat(BoundedRocksDbConfig.memoryMb(Map.of(BoundedRocksDbConfig.MEMORY_CONFIG, " 256 "))).isEqualTo(256);
        assertThat(BoundedRocksDbConfig.memoryMb(Map.of(BoundedRocksDbConfig.MEMORY_CONFIG, "1")))
                .isEqualTo(BoundedRocksDbConfig.MIN_MEMORY_MB);
    }
}
