package dev.mfawatch.detector.suppress;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.detector.state.DueIndex;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.signin.MethodClass;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows left open by a version without the due index (same store, same format) are indexed on the
 * first record and still close: an upgrade loses no pending update.
 */
class SuppressionIndexUpgradeTest {

    @TempDir
    Path before;
    @TempDir
    Path after;

    @Test
    void openWindowsWithoutIndexEntriesAreIndexedAndClose() {
        Map<String, byte[]> open = new HashMap<>();
        try (Pipeline p = new Pipeline(before, Map.of())) {
            p.pipe(signIn("a1").principal("alice@example.com").at("2026-11-23T00:00:00Z").build());
            p.pipe(signIn("a2").principal("alice@example.com").at("2026-11-23T00:05:00Z").build());
            KeyValueStore<String, byte[]> windows = p.driver.getKeyValueStore(SuppressionProcessor.STORE);
            try (var it = windows.all()) {
                it.forEachRemaining(kv -> open.put(kv.key, kv.value));
            }
        }
        assertThat(open).isNotEmpty();
        try (Pipeline p = new Pipeline(after, Map.of())) {
            KeyValueStore<String, byte[]> windows = p.driver.getKeyValueStore(SuppressionProcessor.STORE);
            open.forEach(windows::put);
            KeyValueStore<Bytes, byte[]> index = p.driver.getKeyValueStore(SuppressionProcessor.DUE_STORE);
            assertThat(new DueIndex(index).entries()).isEmpty();

            p.pipe(signIn("tick").principal("bob@example.com").at("2026-11-23T01:16:00Z").withMfa(MethodClass.PUSH, "push").build());

            List<Alert> updates = p.alerts.readValuesToList();
            assertThat(updates).hasSize(open.size()).allSatisfy(a -> {
                assertThat(a.principal()).isEqualTo("alice@example.com");
                assertThat(a.count()).isEqualTo(2);
                assertThat(a.detectedAt()).isEqualTo(Instant.parse("2026-11-23T01:00:00Z"));
            });
            assertThat(new DueIndex(index).entries()).isEmpty();
            try (var it = windows.all()) {
                assertThat(it.hasNext()).isFalse();
            }
        }
    }
}
