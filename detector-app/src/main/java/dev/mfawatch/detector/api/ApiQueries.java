package dev.mfawatch.detector.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.mfawatch.detector.alerting.DetectionProcessor;
import dev.mfawatch.detector.alerting.PrincipalRecord;
import dev.mfawatch.detector.api.ApiBodies.ExceptionDetail;
import dev.mfawatch.detector.api.ApiBodies.ExceptionList;
import dev.mfawatch.detector.api.ApiBodies.ExceptionRef;
import dev.mfawatch.detector.api.ApiBodies.ExceptionSummary;
import dev.mfawatch.detector.api.ApiBodies.InventoryView;
import dev.mfawatch.detector.api.ApiBodies.PrincipalView;
import dev.mfawatch.detector.api.ApiBodies.RegistrationView;
import dev.mfawatch.detector.identity.AliasResolver;
import dev.mfawatch.detector.identity.IdentityResolution;
import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.detector.inventory.InventoryJoin;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.detector.registration.PrincipalRegistration;
import dev.mfawatch.detector.registration.RegistrationProcessor;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.StatefulDetector;
import dev.mfawatch.model.Checks;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Lifecycle;
import dev.mfawatch.model.usage.ExceptionUsage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers, from Kafka Streams' interactive queries, correct with several instances.
 *
 * <p>The register and the aliases are global (every instance holds all of them) and are read
 * here. Everything else is partitioned: for each key and store, {@link KafkaStreams#queryMetadataForKey}
 * names the active instance; this one reads its own store when it is that instance and otherwise
 * asks the owner for that one value ({@code /api/internal/stores/...}, never forwarded further). The
 * stores of one answer may live on different instances (alerts are read from {@code mfa.alerts},
 * a sub-topology of its own), so an answer is assembled here from its parts rather than passed on
 * whole. The exception list gathers the usage view from every instance that hosts part of it.
 *
 * <p>Kafka Streams not RUNNING (rebalancing, starting, stopping) is a 503 with {@code Retry-After}:
 * which instance owns what is settled only then.
 */
public final class ApiQueries implements Answers {

    private static final Logger LOG = LoggerFactory.getLogger(ApiQueries.class);
    private static final Serializer<String> KEYS = Serdes.String().serializer();
    /** The partitioned stores another instance may ask this one about. */
    private static final Set<String> SHARED = Set.of(DetectionProcessor.STORE, InventoryJoin.STORE, ApiViews.ALERTS_STORE,
            ApiViews.NOTICES_STORE, ApiViews.USAGE_STORE, RegistrationProcessor.STORE);

    private final KafkaStreams streams;
    private final RegisterIndex register;
    private final List<StatefulDetector<?>> stateful;
    private final HostInfo self;
    private final Peers peers;
    private final Clock clock;

    /**
     * @param self  the address this instance advertises ({@code application.server})
     * @param token the shared bearer token, passed on to the other instances (null when none)
     */
    public ApiQueries(KafkaStreams streams, RegisterIndex register, List<Detector> detectors, HostInfo self, String token,
                      Clock clock) {
        this.streams = streams;
        this.register = register;
        List<StatefulDetector<?>> s = new ArrayList<>();
        for (Detector d : detectors) {
            if (d instanceof StatefulDetector<?> sd) {
                s.add(sd);
            }
        }
        this.stateful = List.copyOf(s);
        this.self = self;
        this.peers = new Peers(token);
        this.clock = clock;
    }

    @Override
    public ExceptionList exceptions() {
        running();
        Instant now = clock.instant();
        Map<String, ExceptionUsage> usage = allUsage();
        List<ExceptionSummary> list = register.all().stream()
                .map(e -> ExceptionSummary.of(e, now, usage.get(e.id()))).toList();
        return new ExceptionList(now, list.size(), list);
    }

    @Override
    public ExceptionDetail exception(String id) {
        running();
        ExceptionEntry entry = register.all().stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiError.notFound("no exception with this id in the register"));
        Instant now = clock.instant();
        JsonNode usage = part(ApiViews.USAGE_STORE, id);
        if (usage.isNull()) {
            usage = Json.MAPPER.valueToTree(new ExceptionUsage(id, 0, 0, null, null, List.of(), List.of(), List.of(),
                    List.of(), List.of(), List.of(), null));
        }
        JsonNode notices = part(ApiViews.NOTICES_STORE, id);
        return new ExceptionDetail(now, entry.lifecycleAt(now), entry, usage,
                notices.isNull() ? Json.MAPPER.createArrayNode() : notices);
    }

    @Override
    public PrincipalView principal(String idOrAlias) {
        running();
        String asked = Checks.principalId(idOrAlias);
        AliasResolver aliases = new AliasResolver(aliasLookup());
        String resolved = aliases.principalOf(asked);
        String principal = resolved != null ? resolved : asked;
        // Register entries may name the principal by any alias: the names that resolve to it.
        Set<String> names = new LinkedHashSet<>(List.of(principal, asked));
        for (ExceptionEntry e : register.all()) {
            for (String n : e.scope().principals()) {
                if (!names.contains(n) && principal.equals(aliases.principalOf(n))) {
                    names.add(n);
                }
            }
        }
        Instant now = clock.instant();
        List<ExceptionEntry> entries = register.entriesFor(names);
        List<ExceptionRef> refs = entries.stream().map(e -> ExceptionRef.of(e, now)).toList();
        List<String> coveredBy = refs.stream().filter(r -> r.lifecycle() == Lifecycle.IN_FORCE).map(ExceptionRef::id).toList();

        JsonNode facts = part(InventoryJoin.STORE, principal);
        JsonNode rules = stateful.isEmpty() ? NullNode.getInstance() : part(DetectionProcessor.STORE, principal);
        JsonNode alerts = part(ApiViews.ALERTS_STORE, principal);
        JsonNode registration = part(RegistrationProcessor.STORE, principal);
        if (resolved == null && entries.isEmpty() && facts.isNull() && rules.isNull() && alerts.isNull() && registration.isNull()) {
            throw ApiError.notFound("no principal, alias, exception, state or alert under this name");
        }
        InventoryView inventory = facts.isNull() ? new InventoryView(false, null, null, null)
                : inventoryView(facts);
        return new PrincipalView(now, principal, List.copyOf(names), !coveredBy.isEmpty(), coveredBy, refs, inventory,
                registration.isNull() ? null : registration, rules.isNull() ? Json.MAPPER.createObjectNode() : rules,
                alerts.isNull() ? Json.MAPPER.createArrayNode() : alerts);
    }

    @Override
    public Map<String, ExceptionUsage> internalUsage() {
        running();
        return localUsage();
    }

    @Override
    public JsonNode internalStore(String store, String key) {
        running();
        if (!SHARED.contains(store)) {
            throw ApiError.notFound("no such store");
        }
        KeyQueryMetadata owner = owner(store, key);
        if (owner == null) {
            return NullNode.getInstance();
        }
        if (!self.equals(owner.activeHost())) {
            // Ownership moved since the asking instance looked: it asks again after the rebalance.
            throw ApiError.unavailable("this instance no longer holds this data", 1);
        }
        return local(store, key, owner.partition());
    }

    /** One key's value in a partitioned store, from whichever instance holds it; a JSON null when none. */
    private JsonNode part(String store, String key) {
        KeyQueryMetadata owner = owner(store, key);
        if (owner == null) {
            return NullNode.getInstance();
        }
        HostInfo host = owner.activeHost();
        if (self.equals(host)) {
            return local(store, key, owner.partition());
        }
        if (host == null || host.port() <= 0) {
            throw ApiError.unavailable("the instance holding this data serves no API (set MFAWATCH_API_PORT there)", 5);
        }
        return peers.get(host, ApiRoute.storePath(store, key));
    }

    /** The active owner of {@code key}, null when the topology has no such store. */
    private KeyQueryMetadata owner(String store, String key) {
        KeyQueryMetadata m = streams.queryMetadataForKey(store, key, KEYS);
        if (m == KeyQueryMetadata.NOT_AVAILABLE) {
            throw ApiError.unavailable("the owner of this data is not known yet", 2);
        }
        return m;
    }

    private JsonNode local(String store, String key, int partition) {
        try {
            ReadOnlyKeyValueStore<String, Object> kv = streams.store(StoreQueryParameters
                    .fromNameAndType(store, QueryableStoreTypes.<String, Object>keyValueStore()).withPartition(partition));
            Object value = kv.get(key);
            if (value == null) {
                return NullNode.getInstance();
            }
            // The two per-principal records are binary: each is decoded into its view.
            Object view = switch (store) {
                case DetectionProcessor.STORE -> rules((byte[]) value);
                case RegistrationProcessor.STORE -> registration((byte[]) value);
                default -> value;
            };
            return Json.MAPPER.valueToTree(view);
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("this data is moving between instances", 2);
        }
    }

    private static Object registration(byte[] record) {
        return decoded("a registration record", () -> RegistrationView.of(PrincipalRegistration.decode(record)));
    }

    /** A stored record's view, or an error marker (logged by its type only) when it does not decode. */
    private static Object decoded(String what, Supplier<Object> view) {
        try {
            return view.get();
        } catch (RuntimeException e) {
            LOG.warn("API: {} does not decode ({})", what, e.getClass().getSimpleName());
            return Map.of("error", "unreadable state");
        }
    }

    /** Each stateful rule's view of the principal, by rule id, decoded with the rule's own codec. */
    private Map<String, Object> rules(byte[] record) {
        Map<String, Object> views = new LinkedHashMap<>();
        for (StatefulDetector<?> d : stateful) {
            String id = d.metadata().id();
            byte[] part = PrincipalRecord.part(record, id);
            if (part == null) {
                continue;
            }
            views.put(id, decoded("the state of rule " + id, () -> view(d, part)));
        }
        return views;
    }

    private static <S> Object view(StatefulDetector<S> detector, byte[] bytes) {
        return detector.view(detector.codec().decode(bytes));
    }

    /** The usage view from every instance hosting part of it. */
    private Map<String, ExceptionUsage> allUsage() {
        Map<String, ExceptionUsage> all = new HashMap<>();
        for (StreamsMetadata m : streams.streamsMetadataForStore(ApiViews.USAGE_STORE)) {
            if (self.equals(m.hostInfo())) {
                all.putAll(localUsage());
            } else if (m.hostInfo().port() <= 0) {
                throw ApiError.unavailable("an instance holding usage serves no API (set MFAWATCH_API_PORT there)", 5);
            } else {
                peers.get(m.hostInfo(), ApiRoute.PREFIX + "/internal/usage").fields().forEachRemaining(f ->
                        all.put(f.getKey(), Json.MAPPER.convertValue(f.getValue(), ExceptionUsage.class)));
            }
        }
        return all;
    }

    private Map<String, ExceptionUsage> localUsage() {
        Map<String, ExceptionUsage> local = new HashMap<>();
        try {
            ReadOnlyKeyValueStore<String, ExceptionUsage> kv = streams.store(StoreQueryParameters
                    .fromNameAndType(ApiViews.USAGE_STORE, QueryableStoreTypes.<String, ExceptionUsage>keyValueStore()));
            try (KeyValueIterator<String, ExceptionUsage> it = kv.all()) {
                it.forEachRemaining(e -> local.put(e.key, e.value));
            }
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("usage is moving between instances", 2);
        }
        return local;
    }

    private java.util.function.UnaryOperator<String> aliasLookup() {
        try {
            ReadOnlyKeyValueStore<String, String> kv = streams.store(StoreQueryParameters
                    .fromNameAndType(IdentityResolution.ALIAS_STORE, QueryableStoreTypes.<String, String>keyValueStore()));
            return kv::get;
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("the aliases are loading", 2);
        }
    }

    private static InventoryView inventoryView(JsonNode facts) {
        InventoryFacts f = Json.MAPPER.convertValue(facts, InventoryFacts.class);
        return new InventoryView(true, f.privileged(), f.breakGlass(), f.methodsKnown() ? f.registeredMethods() : null);
    }

    private void running() {
        KafkaStreams.State s = streams.state();
        if (s == KafkaStreams.State.RUNNING) {
            return;
        }
        throw s == KafkaStreams.State.REBALANCING || s == KafkaStreams.State.CREATED
                ? ApiError.unavailable("rebalancing", 2)
                : ApiError.unavailable("not running (" + s + ")", 5);
    }
}
