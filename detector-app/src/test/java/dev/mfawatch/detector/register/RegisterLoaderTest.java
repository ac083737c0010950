package dev.mfawatch.detector.register;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.metrics.RegisterMetrics;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.register.ExceptionEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams restores a global store without calling the processor: the loader must rebuild
 * its index from whatever the store holds when it is initialised.
 */
class RegisterLoaderTest {

    @Test
    void initRebuildsTheIndexFromARestoredStore_skippingMalformedValues() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("register-store"),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        // What a restore leaves behind: raw values, one of them broken, one under the wrong key.
        store.put("EXC-1", Topics.REGISTER_SERDE.write(entry("EXC-1").principals("alice@example.com").build()));
        store.put("EXC-2", "{not json".getBytes(StandardCharsets.UTF_8));
        store.put("EXC-3", Topics.REGISTER_SERDE.write(entry("EXC-4").principals("bob@example.com").build()));

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RegisterMetrics metrics = new RegisterMetrics();
        metrics.bindTo(registry);
        RegisterIndex index = new RegisterIndex();
        index.put(entry("EXC-stale").principals("carol@example.com").build());

        new RegisterLoader("register-store", index, metrics).init(context);

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.entriesFor(List.of("alice@example.com"))).extracting(ExceptionEntry::id).containsExactly("EXC-1");
        assertThat(index.entriesFor(List.of("carol@example.com"))).isEmpty();
        assertThat(registry.get(RegisterMetrics.INVALID).tag("reason", "invalid_value").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(RegisterMetrics.INVALID).tag("reason", "key_mismatch").counter().count()).isEqualTo(1.0);
    }
}
