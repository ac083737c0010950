package dev.mfawatch.detector.identity;

import dev.mfawatch.detector.ingest.raw.RawOutcome;
import dev.mfawatch.detector.state.StoreKind;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * One identity across providers: the inventory's aliases ({@code directory.aliases}, published by
 * register-sync) resolve every canonical record to the inventory's principal id before any
 * per-principal state, join or register match sees it.
 *
 * <pre>
 * directory.aliases ──► aliases-loader-source ──► aliases-loader ──► [identity-aliases] (global: every instance holds every alias)
 *
 * raw path:  raw-&lt;s&gt;-normalize ──► raw-&lt;s&gt;-identity ──► raw-&lt;s&gt;-route- …   (rewrites and re-keys before publishing)
 *
 * detection path (records other producers wrote to the canonical topics):
 * signin-event ──► identity-signin-resolve ──► identity-signin-route- ─┬─► in-place ─────────────────────────────────────────────┬─► identity-signin-merge ──► inventory-join
 *                                                                     └─► rekey ──► identity-signin-rekey ──► identity-signin-rekeyed (repartition) ┘
 * change-event ──► identity-change-resolve ──► identity-change-route- … the same ──► identity-change-merge ──► change detection
 * </pre>
 *
 * A record whose key is not its (resolved) principal, or its one target for a change, goes through
 * a repartition topic keyed by that principal, so it lands on the partition where the principal's
 * inventory entry and state live: co-partitioning is kept. Records the raw path wrote are already
 * resolved and keyed right, and so are those of producers that follow the topic contract, so only
 * the rare alias-keyed record pays the extra hop. Aliases are few (a global store, in memory or
 * RocksDB as {@code MFAWATCH_STATE_STORES} says); the principals themselves stay a co-partitioned
 * KTable.
 */
public final class IdentityResolution {

    public static final String ALIAS_STORE = "identity-aliases";
    /** Names the global processor; its source becomes {@code aliases-loader-source}. */
    public static final String ALIAS_LOADER = "aliases-loader";
    public static final String SIGNIN_PREFIX = "identity-signin-";
    public static final String CHANGE_PREFIX = "identity-change-";

    private IdentityResolution() {
    }

    /** The global store of aliases, fed by {@code directory.aliases}. Add once per topology. */
    public static void addAliasStore(StreamsBuilder builder, StoreKind stores) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(stores.supplier(ALIAS_STORE), Serdes.String(), Serdes.String())
                        // A global store restores from its own topic: no changelog.
                        .withLoggingDisabled(),
                Topics.ALIASES.name(),
                Consumed.with(Topics.ALIASES.keySerde(), Topics.ALIASES.valueSerde()).withName(ALIAS_LOADER),
                AliasLoader::new);
    }

    /** The raw path's node (named {@code raw-<source>-identity} by the caller), after normalizing. */
    public static ProcessorSupplier<String, RawOutcome, String, RawOutcome> rawStep() {
        return RawIdentityProcessor::new;
    }

    /** Canonical sign-ins resolved and keyed by their principal id. */
    public static KStream<String, SignInEvent> signIns(KStream<String, SignInEvent> signIns) {
        return resolveAndRekey(signIns, SIGNIN_PREFIX, Topics.SIGNIN_SERDE, AliasResolver::resolve,
                e -> e.principal().id());
    }

    /** Canonical changes resolved; one naming a single target is keyed by it (the others keep their key). */
    public static KStream<String, DirectoryChange> changes(KStream<String, DirectoryChange> changes) {
        return resolveAndRekey(changes, CHANGE_PREFIX, Topics.CHANGE_SERDE, AliasResolver::resolve,
                c -> c.targets().size() == 1 ? c.targets().get(0) : null);
    }

    private static <V> KStream<String, V> resolveAndRekey(KStream<String, V> in, String prefix, Serde<V> serde,
                                                          BiFunction<AliasResolver, V, V> resolve,
                                                          Function<V, String> keyOf) {
        Map<String, KStream<String, V>> routes = in
                .processValues(() -> new ResolveValues<>(resolve), Named.as(prefix + "resolve"))
                .split(Named.as(prefix + "route-"))
                .branch((key, v) -> {
                    String principal = keyOf.apply(v);
                    return principal != null && !principal.equals(key);
                }, Branched.as("rekey"))
                .defaultBranch(Branched.as("in-place"));
        KStream<String, V> moved = routes.get(prefix + "route-rekey")
                .selectKey((key, v) -> keyOf.apply(v), Named.as(prefix + "rekey"))
                .repartition(Repartitioned.with(Serdes.String(), serde).withName(prefix + "rekeyed"));
        return routes.get(prefix + "route-in-place").merge(moved, Named.as(prefix + "merge"));
    }

    static AliasResolver resolver(ProcessingContext context) {
        KeyValueStore<String, String> store = context.getStateStore(ALIAS_STORE);
        return new AliasResolver(store::get);
    }
}
