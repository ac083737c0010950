package dev.mfawatch.detector.identity;

import java.util.function.BiFunction;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Rewrites each canonical value from alias to principal id, keeping the key (the caller re-keys what moved). */
final class ResolveValues<V> implements FixedKeyProcessor<String, V, V> {

    private final BiFunction<AliasResolver, V, V> resolve;
    private FixedKeyProcessorContext<String, V> context;
    private AliasResolver resolver;

    ResolveValues(BiFunction<AliasResolver, V, V> resolve) {
        this.resolve = resolve;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
        resolver = IdentityResolution.resolver(context);
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        V resolved = resolve.apply(resolver, record.value());
        context.forward(resolved == record.value() ? record : record.withValue(resolved));
    }
}
