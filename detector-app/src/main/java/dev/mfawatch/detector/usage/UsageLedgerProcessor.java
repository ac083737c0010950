package dev.mfawatch.detector.usage;

import dev.mfawatch.detector.metrics.StateSweepMetrics;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.detector.state.StoreKind;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Lifecycle;
import dev.mfawatch.model.usage.ExceptionUsage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage ledger: every use of an exception (from {@link UsageExtractor}, keyed by exception id, all in
 * this one task) counted in {@value #STORE}, one {@link LedgerState} per exception.
 *
 * <p>On a stream-time punctuation every {@link UsageSettings#publishInterval()}: each ledger changed since
 * it was last published goes to {@code mfa.exception.usage} (so at most once per exception per interval);
 * a ledger whose entry left the register is dropped and, if it was ever published, tombstoned; and each
 * entry in force for {@link UsageSettings#unusedAfter()} without a use gets one {@code UNUSED_EXCEPTION}
 * notice. That period counts from the later of its activation and the ledger's first record
 * ({@value #OBSERVED_SINCE_KEY}: the ledger cannot know of uses before it existed). The check runs at
 * stream time minus the grace, so a use still on its way from a lagging partition counts.
 *
 * <p>A covered sign-in after an exception's learning period from a country or app its first period never
 * saw gets one {@code USED_OUTSIDE_PATTERN} notice per (exception, dimension, value), at once.
 *
 * <p>An empty register is taken for one not loaded yet, never as "every entry removed".
 */
public final class UsageLedgerProcessor implements Processor<String, Use, String, UsageLedgerProcessor.Out> {

    public static final String STORE = "exception-usage";
    /** The store's one record that is not a ledger: when the ledger first saw a record (8 bytes, epoch ms). */
    static final String OBSERVED_SINCE_KEY = "";

    private static final Logger LOG = LoggerFactory.getLogger(UsageLedgerProcessor.class);

    /** What the ledger sends: a notice, or else the usage record to publish (null: a tombstone). */
    public record Out(ExceptionUsage usage, Notice notice) {
    }

    private final RegisterIndex register;
    private final UsageSettings settings;
    private final Duration grace;
    private final StateSweepMetrics sweeps;
    private ProcessorContext<String, Out> context;
    private KeyValueStore<String, byte[]> store;
    private long observedSince = LedgerState.NONE;
    private Map<String, ExceptionEntry> entries;
    private long entriesAt = LedgerState.NONE;

    UsageLedgerProcessor(RegisterIndex register, UsageSettings settings, Duration grace, StateSweepMetrics sweeps) {
        this.register = register;
        this.settings = settings;
        this.grace = grace;
        this.sweeps = sweeps;
    }

    public static ProcessorSupplier<String, Use, String, Out> supplier(RegisterIndex register, UsageSettings settings,
                                                                      Duration grace, StateSweepMetrics sweeps,
                                                                      StoreKind stores) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Use, String, Out> get() {
                return new UsageLedgerProcessor(register, settings, grace, sweeps);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(stores.keyValue(STORE, Serdes.String(), Serdes.ByteArray()));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Out> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        byte[] since = store.get(OBSERVED_SINCE_KEY);
        observedSince = since == null ? LedgerState.NONE : ByteBuffer.wrap(since).getLong();
        sweeps.register(STORE);
        context.schedule(settings.publishInterval(), PunctuationType.STREAM_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, Use> record) {
        // The earliest event time seen, not the first record's: uses and clock ticks from several partitions reach
        // this one partition in any order, and the UNUSED_EXCEPTION id (its due instant) must not depend on it.
        if (observedSince == LedgerState.NONE || record.timestamp() < observedSince) {
            observedSince = record.timestamp();
            store.put(OBSERVED_SINCE_KEY, ByteBuffer.allocate(8).putLong(observedSince).array());
        }
        Use use = record.value();
        if (use == null || use.kind() == Use.Kind.CLOCK || Use.CLOCK_KEY.equals(record.key())) {
            return; // a clock tick: it has moved stream time, which is all it is for
        }
        ExceptionEntry entry = entry(record.key());
        if (entry == null) {
            return; // the entry left the register since the use was found: its ledger goes too
        }
        byte[] bytes = store.get(entry.id());
        LedgerState state = bytes == null ? new LedgerState() : LedgerState.decode(bytes);
        List<LedgerState.Outside> outside = state.record(use, entry.activatedAt(), settings.learningPeriod());
        store.put(entry.id(), state.encode());
        for (LedgerState.Outside o : outside) {
            Notice notice = Notices.outsidePattern(entry, o, use);
            LOG.debug("notice {} for exception {}", notice.kind(), entry.id());
            context.forward(new Record<>(entry.id(), new Out(null, notice), record.timestamp()));
        }
    }

    /** The register entry with this id, from a snapshot refreshed at most once per stream-time instant on a miss. */
    private ExceptionEntry entry(String id) {
        ExceptionEntry e = entries == null ? null : entries.get(id);
        long now = context.currentStreamTimeMs();
        if (e == null && entriesAt != now) {
            refresh(now);
            e = entries.get(id);
        }
        return e;
    }

    private void refresh(long now) {
        Map<String, ExceptionEntry> m = new HashMap<>();
        for (ExceptionEntry e : register.all()) {
            m.put(e.id(), e);
        }
        entries = m;
        entriesAt = now;
    }

    private void punctuate(long streamTimeMs) {
        long started = System.nanoTime();
        refresh(streamTimeMs);
        List<KeyValue<String, byte[]>> changed = new ArrayList<>();
        List<KeyValue<String, byte[]>> removed = new ArrayList<>();
        long visited = 0;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                visited++;
                if (OBSERVED_SINCE_KEY.equals(kv.key)) {
                    continue;
                }
                if (!entries.isEmpty() && !entries.containsKey(kv.key)) {
                    removed.add(kv);
                } else if (LedgerState.dirty(kv.value)) {
                    changed.add(kv);
                }
            }
        }
        for (KeyValue<String, byte[]> kv : removed) {
            store.delete(kv.key);
            if (LedgerState.decode(kv.value).published()) {
                context.forward(new Record<>(kv.key, new Out(null, null), streamTimeMs));
            }
        }
        for (KeyValue<String, byte[]> kv : changed) {
            LedgerState state = LedgerState.decode(kv.value);
            context.forward(new Record<>(kv.key, new Out(state.toUsage(kv.key), null), streamTimeMs));
            state.markPublished();
            store.put(kv.key, state.encode());
        }
        visited += unused(streamTimeMs);
        sweeps.swept(STORE, System.nanoTime() - started, visited);
    }

    /** UNUSED_EXCEPTION for entries in force long enough, as of stream time minus the grace; returns the ledgers read. */
    private int unused(long streamTimeMs) {
        if (observedSince == LedgerState.NONE) {
            return 0;
        }
        Instant now = Instant.ofEpochMilli(streamTimeMs).minus(grace);
        int read = 0;
        for (ExceptionEntry entry : register.all()) {
            // A break-glass account is meant to stay unused: no use is its healthy state, not a reason to retire it.
            if (entry.activatedAt() == null || entry.category() == ExceptionCategory.BREAK_GLASS
                    || entry.lifecycleAt(now) != Lifecycle.IN_FORCE) {
                continue;
            }
            Instant from = Instant.ofEpochMilli(Math.max(entry.activatedAt().toEpochMilli(), observedSince));
            Instant due = from.plus(settings.unusedAfter());
            if (now.isBefore(due)) {
                continue;
            }
            read++;
            byte[] bytes = store.get(entry.id());
            LedgerState state = bytes == null ? new LedgerState() : LedgerState.decode(bytes);
            if (state.uses() > 0 || state.unusedNotified()) {
                continue;
            }
            state.markUnusedNotified();
            store.put(entry.id(), state.encode());
            Notice notice = Notices.unused(entry, from, due, settings.unusedAfter(), from.isAfter(entry.activatedAt()));
            LOG.debug("notice {} for exception {}", notice.kind(), entry.id());
            context.forward(new Record<>(entry.id(), new Out(null, notice), streamTimeMs));
        }
        return read;
    }
}
