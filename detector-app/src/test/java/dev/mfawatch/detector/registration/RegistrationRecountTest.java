package dev.mfawatch.detector.registration;

import static org.assertj.core.api.Assertions.assertThat;

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
        Processor<String, RegistrationInput, String, RegistrationOut> p = RegistrationProcessor.supplier(List.of(),
                new RegisterIndex(), MfaPolicy.DEFAULT, RegistrationSettings.DEFAULTS, metrics, Duration.ofMinutes(10),
                Duration.ZERO, StoreKind.MEMORY).get();
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
}
