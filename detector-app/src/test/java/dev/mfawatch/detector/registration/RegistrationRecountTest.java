package dev.mfawatch.detector.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.detector.inventory.InventoryFactsSerde;
import dev.mfawatch.detector.inventory.InventoryJoin;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.metrics.RegistrationMetrics;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.detector.rules.MfaPolicy;
import dev.mfawatch.detector.state.StoreKind;
import dev.mfawatch.model.register.Principal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;

/**
 * The gauges of an instance are the sum of its tasks' counts, each recounted from the task's store when the task
 * starts (after a restart or a rebalance, from the restored changelog), and dropped when the task leaves.
 */
class RegistrationRecountTest {

    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DetectorMetrics metrics = DetectorMetrics.bindTo(registry, Map.of());

    private static byte[] registration(boolean privileged, String... methods) {
        return PrincipalRegistration.EMPTY.withInventory(new Principal("x@example.com", List.of(), null,
                privileged ? List.of("Global Administrator") : List.of(), false, List.of(methods), null, true), T).encode();
    }

    /** A task whose store already holds what its changelog restored. */
    private Processor<String, RegistrationInput, String, RegistrationOut> task(int partition, Map<String, byte[]> restored) {
        return task(partition, restored, null);
    }

    /** As above, beside the inventory table's store holding {@code inventory} (null: not connected). */
    private Processor<String, RegistrationInput, String, RegistrationOut> task(int partition, Map<String, byte[]> restored,
                                                                               Map<String, InventoryFacts> inventory) {
        MockProcessorContext<String, RegistrationOut> ctx = new MockProcessorContext<>(new Properties(), new TaskId(0, partition),
                null);
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RegistrationProcessor.STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        var due = dev.mfawatch.detector.state.DueIndex.builder(RegistrationProcessor.DUE_STORE, StoreKind.MEMORY.withoutChangelogs())
                .build();
        store.init(ctx.getStateStoreContext(), store);
        due.init(ctx.getStateStoreContext(), due);
        ctx.addStateStore(store);
        ctx.addStateStore(due);
        restored.forEach(store::put);
        if (inventory != null) {
            TimestampedKeyValueStore<String, InventoryFacts> facts = Stores.timestampedKeyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(InventoryJoin.STORE), Serdes.String(), new InventoryFactsSerde())
                    .withLoggingDisabled().build();
            facts.init(ctx.getStateStoreContext(), facts);
            ctx.addStateStore(facts);
            inventory.forEach((k, v) -> facts.put(k, ValueAndTimestamp.make(v, T.toEpochMilli())));
        }
        Processor<String, RegistrationInput, String, RegistrationOut> p = RegistrationProcessor.supplier(List.of(),
                new RegisterIndex(), MfaPolicy.DEFAULT, RegistrationSettings.DEFAULTS, metrics, Duration.ofMinutes(10),
                Duration.ZERO, StoreKind.MEMORY, inventory == null ? null : InventoryJoin.STORE).get();
        p.init(ctx);
        return p;
    }

    private double gauge(String state, String privileged) {
        Gauge g = registry.find(RegistrationMetrics.PRINCIPALS).tags("state", state, "privileged", privileged, "principal_type", "user")
                .gauge();
        return g.value();
    }

    @Test
    void eachTaskRecountsItsStoreOnStart_andTheInstanceSumsItsTasks() {
        var p0 = task(0, Map.of("a@example.com", registration(false), "b@example.com", registration(false, "push")));
        var p1 = task(1, Map.of("c@example.com", registration(true), RegistrationProcessor.WATERMARK, new byte[8]));
        assertThat(gauge("none", "false")).isEqualTo(1);
        assertThat(gauge("standard", "false")).isEqualTo(1);
        assertThat(gauge("none", "true")).isEqualTo(1);
        assertThat(registry.find(RegistrationMetrics.BACKLOG).tags("covered", "false").gauge().value()).isEqualTo(2);
        // Partition 1 moves to another instance: its principals leave this instance's gauges.
        p1.close();
        assertThat(gauge("none", "true")).isZero();
        assertThat(registry.find(RegistrationMetrics.BACKLOG).tags("covered", "false").gauge().value()).isEqualTo(1);
        // Partition 0 restarts (a new processor on the restored store): counted once, not twice.
        p0.close();
        task(0, Map.of("a@example.com", registration(false), "b@example.com", registration(false, "push")));
        assertThat(gauge("none", "false")).isEqualTo(1);
        assertThat(gauge("standard", "false")).isEqualTo(1);
    }

    /** An upgrade: the store starts empty beside a full inventory table, whose versions were read long ago. */
    @Test
    void anEmptyStoreIsSeededFromTheInventoryTable_once() {
        Map<String, InventoryFacts> inventory = Map.of(
                "a@example.com", new InventoryFacts(false, false, List.of()),
                "b@example.com", new InventoryFacts(true, false, List.of("fido2")),
                "c@example.com", new InventoryFacts(false, false, List.of(), false));
        var p = task(0, Map.of(), inventory);
        assertThat(gauge("none", "false")).isEqualTo(1);
        assertThat(registry.find(RegistrationMetrics.PRINCIPALS).tags("state", "phishing_resistant", "privileged", "true",
                "principal_type", "user").gauge().value()).isEqualTo(1);
        // c's methods are unknown: held (it is in the inventory) but counted in no state.
        assertThat(registry.find(RegistrationMetrics.PRINCIPALS).gauges().stream().mapToDouble(Gauge::value).sum()).isEqualTo(2);
        p.close();
        // A store that is not empty is never seeded again: a's registration from changes is kept.
        byte[] registered = PrincipalRegistration.decode(registration(false)).onChange(new dev.mfawatch.model.directory.DirectoryChange(
                "c-1", "okta", T, null, dev.mfawatch.model.directory.ChangeOperation.FACTOR_REGISTERED, List.of("a@example.com"),
                null, null, Map.of("factor", "push"), null)).next().encode();
        task(0, Map.of("a@example.com", registered), inventory);
        assertThat(gauge("none", "false")).isZero();
        assertThat(gauge("standard", "false")).isEqualTo(1);
    }
}
