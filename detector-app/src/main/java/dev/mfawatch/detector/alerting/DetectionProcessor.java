package dev.mfawatch.detector.alerting;

import dev.mfawatch.detector.inventory.Enriched;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.detector.rules.Coverage;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.MfaPolicy;
import dev.mfawatch.detector.rules.StatefulDetector;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.detector.state.StateStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.KafkaException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every detector on each sign-in (joined with its principal's inventory facts) against the
 * register entries naming its principal, and every stateful detector on each directory change
 * targeting a principal. For sign-ins: against the
 * register entries naming its principal, counts the sign-in and any exception usage, and forwards
 * one alert per finding, keyed by principal id, to the suppression step. Knows no rule: it only
 * turns findings into alerts and keeps each {@link StatefulDetector}'s per-principal state in that
 * rule's own store ({@link #storeName}), sweeping every state on stream time.
 *
 * <p>Time rules shared by every stateful rule, so a rule's answers depend on event times only and
 * not on when sweeps happen to run or in which order partitions interleave:
 * <ul>
 *   <li>Before a rule sees an event or change, the principal's state is expired as of that event's
 *   own time ({@link StatefulDetector#expire}), exactly as a sweep at that moment would have.</li>
 *   <li>Sweeps expire state and fire due follow-ups only up to stream time minus the grace: an
 *   event up to the grace late still finds the state it would have found on time (and a late
 *   credential rotation still cancels a break-glass follow-up).</li>
 * </ul>
 */
public final class DetectionProcessor implements Processor<String, DetectionInput, String, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(DetectionProcessor.class);

    private final List<Detector> detectors;
    private final RegisterIndex register;
    private final MfaPolicy policy;
    private final DetectorMetrics metrics;
    private final Duration sweepInterval;
    private final Duration grace;
    private final Map<String, KeyValueStore<String, byte[]>> stores = new HashMap<>();
    private ProcessorContext<String, Alert> context;

    public DetectionProcessor(List<Detector> detectors, RegisterIndex register, MfaPolicy policy, DetectorMetrics metrics,
                              Duration sweepInterval, Duration grace) {
        this.detectors = List.copyOf(detectors);
        this.register = register;
        this.policy = policy;
        this.metrics = metrics;
        this.sweepInterval = sweepInterval;
        this.grace = grace;
    }

    /** The supplier, which also declares one store per stateful detector. */
    public static ProcessorSupplier<String, DetectionInput, String, Alert> supplier(List<Detector> detectors, RegisterIndex register,
                                                                              MfaPolicy policy, DetectorMetrics metrics,
                                                                              Duration sweepInterval, Duration grace,
                                                                              boolean inMemoryStores) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, DetectionInput, String, Alert> get() {
                return new DetectionProcessor(detectors, register, policy, metrics, sweepInterval, grace);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return detectors.stream().filter(d -> d instanceof StatefulDetector<?>)
                        .map(d -> (StoreBuilder<?>) Stores.keyValueStoreBuilder(
                                StateStores.keyValue(storeName(d), inMemoryStores), Serdes.String(), Serdes.ByteArray()))
                        .collect(Collectors.toSet());
            }
        };
    }

    /** {@code state-impossible-travel} for IMPOSSIBLE_TRAVEL: the store (and changelog) of a stateful rule. */
    public static String storeName(Detector d) {
        return "state-" + d.metadata().id().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        for (Detector d : detectors) {
            if (d instanceof StatefulDetector<?>) {
                stores.put(d.metadata().id(), context.getStateStore(storeName(d)));
            }
        }
        if (!stores.isEmpty()) {
            context.schedule(sweepInterval, PunctuationType.STREAM_TIME, this::sweep);
        }
    }

    @Override
    public void process(Record<String, DetectionInput> record) {
        if (record.value() instanceof DetectionInput.SignIn s) {
            signIn(s.enriched(), record.timestamp());
        } else if (record.value() instanceof DetectionInput.Change c) {
            change(record.key(), c.change(), record.timestamp());
        }
    }

    /** A directory change for the principal named by the record key: only stateful rules look at changes. */
    private void change(String principal, DirectoryChange change, long timestamp) {
        if (principal == null) {
            return;
        }
        for (Detector detector : detectors) {
            if (!(detector instanceof StatefulDetector<?> s)) {
                continue;
            }
            String rule = detector.metadata().id();
            Optional<Finding> finding;
            try {
                finding = onChange(s, principal, change);
            } catch (KafkaException e) {
                // A store or changelog failure (fenced producer, migrated task, a denied write) belongs to Kafka
                // Streams: it must abort the transaction and reach the failure handler, not be taken for a rule bug.
                throw e;
            } catch (RuntimeException e) {
                metrics.alerts().detectorError(rule);
                LOG.warn("detector {} failed on change {}: {}", rule, change.eventId(), e.getClass().getName());
                LOG.debug("detector {} failure detail", rule, e);
                continue;
            }
            if (finding.isPresent()) {
                Alert alert = AlertFactory.create(detector.metadata(), finding.get(), principal, change, Instant.ofEpochMilli(timestamp));
                context.forward(new Record<>(principal, alert, timestamp));
            }
        }
    }

    private <S> Optional<Finding> onChange(StatefulDetector<S> detector, String principal, DirectoryChange change) {
        KeyValueStore<String, byte[]> store = stores.get(detector.metadata().id());
        byte[] before = store.get(principal);
        S state = asOf(detector, before, change.time());
        StatefulDetector.Step<S> step = detector.onChange(principal, change, state);
        save(store, principal, before, step.state() == null ? null : detector.codec().encode(step.state()));
        return step.finding();
    }

    private void signIn(Enriched enriched, long timestamp) {
        SignInEvent event = enriched.event();
        List<ExceptionEntry> entries = register.entriesFor(event.principal().names());
        DetectionContext ctx = DetectionContext.of(event, entries, enriched.inventory(), policy);
        Coverage coverage = ctx.coverage();
        Optional<ExceptionEntry> covering = coverage.coveredBy();
        metrics.signIns().record(event, covering.isPresent(), ctx.privileged().orElse(null));
        covering.ifPresent(entry -> {
            metrics.exceptionUsage().used(entry.category());
            LOG.debug("sign-in {} without MFA covered by exception {}", event.eventId(), entry.id());
        });
        Instant detectedAt = Instant.ofEpochMilli(timestamp);
        for (Detector detector : detectors) {
            String rule = detector.metadata().id();
            Optional<Finding> finding;
            try {
                finding = detector instanceof StatefulDetector<?> s ? stateful(s, ctx) : detector.detect(ctx);
            } catch (KafkaException e) {
                throw e; // Kafka's own failures go to Kafka Streams (see change()).
            } catch (RuntimeException e) {
                // A detector bug must not stop the stream or the other detectors.
                metrics.alerts().detectorError(rule);
                // The exception's message may quote event data: WARN names its type only.
                LOG.warn("detector {} failed on sign-in {}: {}", rule, event.eventId(), e.getClass().getName());
                LOG.debug("detector {} failure detail", rule, e);
                continue;
            }
            if (finding.isEmpty()) {
                continue;
            }
            Alert alert = AlertFactory.create(detector.metadata(), finding.get(), event, detectedAt);
            LOG.debug("finding {} {} on sign-in {}", alert.rule(), alert.alertId(), event.eventId());
            // Fresh headers: the input's headers are not the alert's.
            context.forward(new Record<>(event.principal().id(), alert, timestamp));
        }
    }

    private <S> Optional<Finding> stateful(StatefulDetector<S> detector, DetectionContext ctx) {
        KeyValueStore<String, byte[]> store = stores.get(detector.metadata().id());
        String key = ctx.event().principal().id();
        byte[] before = store.get(key);
        S state = asOf(detector, before, ctx.event().time());
        StatefulDetector.Step<S> step = detector.step(ctx, state);
        save(store, key, before, step.state() == null ? null : detector.codec().encode(step.state()));
        return step.finding();
    }

    /** The stored state as the rule would see it at {@code time}: decoded, then expired as of that time. */
    private static <S> S asOf(StatefulDetector<S> detector, byte[] stored, Instant time) {
        S state = stored == null ? null : detector.codec().decode(stored);
        return state == null || time == null ? state : detector.expire(state, time);
    }

    private static void save(KeyValueStore<String, byte[]> store, String key, byte[] before, byte[] after) {
        if (after == null) {
            if (before != null) {
                store.delete(key);
            }
        } else if (!Arrays.equals(before, after)) {
            store.put(key, after);
        }
    }

    /** Drops what has aged out of every stateful detector's per-principal state, the grace behind stream time. */
    private void sweep(long streamTimeMs) {
        Instant now = Instant.ofEpochMilli(streamTimeMs).minus(grace);
        for (Detector d : detectors) {
            if (d instanceof StatefulDetector<?> s) {
                sweep(s, stores.get(d.metadata().id()), now);
            }
        }
    }

    private <S> void sweep(StatefulDetector<S> detector, KeyValueStore<String, byte[]> store, Instant now) {
        List<KeyValue<String, byte[]>> changes = new ArrayList<>();
        List<Alert> followUps = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                S state = detector.codec().decode(kv.value);
                Optional<StatefulDetector.Due<S>> due = detector.due(kv.key, state, now);
                if (due.isPresent()) {
                    followUps.add(AlertFactory.createFollowUp(detector.metadata(), due.get().finding(), kv.key, due.get().at()));
                    state = due.get().state();
                }
                S after = state == null ? null : detector.expire(state, now);
                byte[] bytes = after == null ? null : detector.codec().encode(after);
                if (!Arrays.equals(bytes, kv.value)) {
                    changes.add(KeyValue.pair(kv.key, bytes));
                }
            }
        }
        for (KeyValue<String, byte[]> c : changes) {
            if (c.value == null) {
                store.delete(c.key);
            } else {
                store.put(c.key, c.value);
            }
        }
        for (Alert a : followUps) {
            context.forward(new Record<>(a.principal(), a, a.eventTime().toEpochMilli()));
        }
    }
}
