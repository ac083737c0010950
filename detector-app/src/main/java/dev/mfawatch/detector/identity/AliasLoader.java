package dev.mfawatch.detector.identity;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The global processor of {@code directory.aliases}: alias → principal id into the global store; a
 * tombstone withdraws the alias. Nothing is derived from the store, so Streams' own restore (which
 * writes the topic's records straight into the store without calling this) leaves it complete.
 */
final class AliasLoader implements Processor<String, String, Void, Void> {

    private KeyValueStore<String, String> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(IdentityResolution.ALIAS_STORE);
    }

    @Override
    public void process(Record<String, String> record) {
        if (record.key() == null) {
            return; // no alias to resolve; register-sync never writes one
        }
        if (record.value() == null || record.value().isBlank()) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
