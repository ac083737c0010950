package dev.mfawatch.detector.changes;

import dev.mfawatch.detector.metrics.ChangeMetrics;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.model.JsonSerde;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.directory.DirectoryChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The drift report, live: keeps per principal the exclusions in force as learned from directory
 * changes (added or extended → in force; removed → gone; per-user MFA disabled → in force until
 * re-enabled) and, on a wall-clock punctuation, publishes an {@code EXCLUSION_OUTLIVED_APPROVAL}
 * notice to {@code mfa.register.notices} (keyed by exception id) when an exclusion is still in force
 * although every register entry for it has expired or been revoked — the exception that outlived its
 * business reason. An exclusion that no entry ever named is the change detector's business, not
 * drift. Wall-clock time, because "still in force now" is about the present, not an event's time.
 */
public final class ExclusionDriftProcessor implements Processor<String, DirectoryChange, String, Notice> {

    public static final String STORE = "exclusion-drift-store";
    static final Duration CHECK_EVERY = Duration.ofMinutes(1);

    private final RegisterIndex register;
    private final ChangeMetrics metrics;
    private ProcessorContext<String, Notice> context;
    private KeyValueStore<String, ExclusionInForce> store;

    ExclusionDriftProcessor(RegisterIndex register, ChangeMetrics metrics) {
        this.register = register;
        this.metrics = metrics;
    }

    public static ProcessorSupplier<String, DirectoryChange, String, Notice> supplier(RegisterIndex register,
                                                                                    ChangeMetrics metrics) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, DirectoryChange, String, Notice> get() {
                return new ExclusionDriftProcessor(register, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
                        JsonSerde.of(ExclusionInForce.class)));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Notice> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        context.schedule(CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, DirectoryChange> record) {
        ExclusionLedger.apply(record.value(), new ExclusionLedger.Store() {
            @Override
            public ExclusionInForce get(String key) {
                return store.get(key);
            }

            @Override
            public void put(String key, ExclusionInForce value) {
                store.put(key, value);
            }

            @Override
            public void delete(String key) {
                store.delete(key);
            }
        });
    }

    private void check(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        List<KeyValue<String, ExclusionInForce>> updates = new ArrayList<>();
        try (KeyValueIterator<String, ExclusionInForce> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, ExclusionInForce> kv = it.next();
                ExclusionInForce x = kv.value;
                ExclusionLedger.lapsed(x, register.entriesFor(List.of(x.principal())), now).ifPresent(entry -> {
                    if (!entry.id().equals(x.notifiedFor())) {
                        context.forward(new Record<>(entry.id(), ExclusionLedger.notice(x, entry, now), wallClockMs));
                        metrics.driftNotice();
                        updates.add(KeyValue.pair(kv.key, x.notified(entry.id())));
                    }
                });
            }
        }
        updates.forEach(kv -> store.put(kv.key, kv.value));
    }
}
