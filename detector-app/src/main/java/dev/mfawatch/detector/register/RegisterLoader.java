package dev.mfawatch.detector.register;

import dev.mfawatch.detector.ingest.DeadLetterReason;
import dev.mfawatch.detector.metrics.RegisterMetrics;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.register.ExceptionEntry;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global processor of {@code mfa.register}: keeps the raw bytes in the global store and the
 * parsed entries in the {@link RegisterIndex}.
 *
 * <p>Kafka Streams restores a global store straight from its topic without calling
 * {@link #process}, so {@link #init} rebuilds the index by scanning the restored store. The store
 * holds bytes, not parsed entries, so a malformed value can never fail the restore; it is skipped
 * here with a warning and {@code mfawatch_register_invalid_total}, and the rest of the register
 * still loads.
 */
public final class RegisterLoader implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(RegisterLoader.class);

    private final String storeName;
    private final RegisterIndex index;
    private final RegisterMetrics metrics;
    private KeyValueStore<String, byte[]> store;

    public RegisterLoader(String storeName, RegisterIndex index, RegisterMetrics metrics) {
        this.storeName = storeName;
        this.index = index;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        index.clear();
        int loaded = 0;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (apply(kv.key, kv.value)) {
                    loaded++;
                }
            }
        }
        LOG.info("register index rebuilt from the global store: {} entries", loaded);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            metrics.invalid(RegisterMetrics.MISSING_KEY);
            LOG.warn("skipping a register record without a key (the key must be the exception id)");
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        apply(record.key(), record.value());
    }

    /** Updates the index for one store entry; true if an entry is now indexed under this key. */
    private boolean apply(String key, byte[] value) {
        if (value == null) {
            index.remove(key);
            return false;
        }
        ExceptionEntry entry;
        try {
            entry = Topics.REGISTER_SERDE.read(value);
        } catch (RuntimeException e) {
            // A bad value replaces whatever was there: the publisher meant to change this entry,
            // and keeping the stale version would cover sign-ins it no longer should.
            index.remove(key);
            metrics.invalid(RegisterMetrics.INVALID_VALUE);
            // A parser message may quote a token of the value (a principal name): details at DEBUG.
            LOG.warn("skipping register entry {}: unreadable value ({})", key, DeadLetterReason.of(e).code());
            LOG.debug("register entry {} detail: {}", key, Reasons.of(e));
            return false;
        }
        if (!entry.id().equals(key)) {
            index.remove(key);
            metrics.invalid(RegisterMetrics.KEY_MISMATCH);
            LOG.warn("skipping register entry under key {}: its id is {}", key, entry.id());
            return false;
        }
        index.put(entry);
        return true;
    }
}
