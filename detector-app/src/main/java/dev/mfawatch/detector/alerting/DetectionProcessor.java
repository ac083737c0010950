package dev.mfawatch.detector.alerting;

import dev.mfawatch.detector.identity.AliasResolver;
import dev.mfawatch.detector.inventory.Enriched;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.detector.rules.Coverage;
import dev.mfawatch.detector.rules.TargetedChange;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.MfaPolicy;
import dev.mfawatch.detector.rules.StatefulDetector;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.detector.state.StoreKind;
import dev.mfawatch.detector.state.DueIndex;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every detector on each sign-in (joined with its principal's inventory facts) against the
 * register entries naming its principal, and every stateful detector on each directory change
 * targeting a principal. For sign-ins: against the
 * register entries naming its principal, counts the sign-in and any exception usage, and forwards
 * one alert per finding, keyed by principal id, to the suppression step. Knows no rule: it only
 * turns findings into alerts and keeps the per-principal state of every {@link StatefulDetector}.
 *
 * <p>State: one record per principal in {@value #STORE} ({@link PrincipalRecord}: each rule's own
 * codec bytes framed by its rule id), so an event costs one read and at most one write (none when no
 * rule's state changed), whatever the number of stateful rules. The record also names the earliest
 * time any rule's state can change on its own ({@link StatefulDetector#wakeAt}); {@value #DUE_STORE}
 * indexes principals by that time ({@link DueIndex}), and a sweep reads only the entries due, so
 * its cost follows what is due and not how many principals are held.
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

    /** Every stateful rule's per-principal state, one record per principal. */
    public static final String STORE = "principal-state";
    /** {@value #STORE}'s principals by wake time. */
    public static final String DUE_STORE = "principal-state-due";

    private static final Logger LOG = LoggerFactory.getLogger(DetectionProcessor.class);

    private final List<Detector> detectors;
    private final RegisterIndex register;
    private final MfaPolicy policy;
    private final DetectorMetrics metrics;
    private final Duration sweepInterval;
    private final Duration grace;
    /** Per detector (by position): its slot among the stateful ones, or -1. */
    private final int[] slotOf;
    /** Per slot: the stateful detector and its framed id. */
    private final StatefulDetector<?>[] stateful;
    private final byte[][] ids;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, byte[]> store;
    private DueIndex due;
    private boolean indexChecked;

    public DetectionProcessor(List<Detector> detectors, RegisterIndex register, MfaPolicy policy, DetectorMetrics metrics,
                              Duration sweepInterval, Duration grace) {
        this.detectors = List.copyOf(detectors);
        this.register = register;
        this.policy = policy;
        this.metrics = metrics;
        this.sweepInterval = sweepInterval;
        this.grace = grace;
        this.slotOf = new int[this.detectors.size()];
        List<StatefulDetector<?>> s = new ArrayList<>();
        for (int i = 0; i < slotOf.length; i++) {
            slotOf[i] = this.detectors.get(i) instanceof StatefulDetector<?> sd && s.add(sd) ? s.size() - 1 : -1;
        }
        this.stateful = s.toArray(new StatefulDetector<?>[0]);
        this.ids = PrincipalRecord.ids(s.stream().map(d -> d.metadata().id()).toList());
    }

    /** The supplier, which also declares the state store and its due index when any detector is stateful. */
    public static ProcessorSupplier<String, DetectionInput, String, Alert> supplier(List<Detector> detectors, RegisterIndex register,
                                                                              MfaPolicy policy, DetectorMetrics metrics,
                                                                              Duration sweepInterval, Duration grace,
                                                                              StoreKind stores) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, DetectionInput, String, Alert> get() {
                return new DetectionProcessor(detectors, register, policy, metrics, sweepInterval, grace);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                if (detectors.stream().noneMatch(d -> d instanceof StatefulDetector<?>)) {
                    return Set.of();
                }
                return Set.of(stores.keyValue(STORE, Serdes.String(), Serdes.ByteArray()), DueIndex.builder(DUE_STORE, stores));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        if (stateful.length > 0) {
            store = context.getStateStore(STORE);
            due = new DueIndex(context.getStateStore(DUE_STORE));
            metrics.stateSweeps().register(STORE);
            context.schedule(sweepInterval, PunctuationType.STREAM_TIME, this::sweep);
        }
    }

    @Override
    public void process(Record<String, DetectionInput> record) {
        ensureIndex();
        if (record.value() instanceof DetectionInput.SignIn s) {
            signIn(s.enriched(), record.timestamp());
        } else if (record.value() instanceof DetectionInput.Change c) {
            change(record.key(), c, record.timestamp());
        }
    }

    /**
     * An index found empty beside a store that is not (a store whose index writes were lost, e.g. by an
     * at-least-once crash between the two changelogs) is rebuilt once from the records' own wake times.
     */
    private void ensureIndex() {
        if (indexChecked || store == null) {
            return;
        }
        indexChecked = true;
        if (!due.isEmpty()) {
            return;
        }
        int rebuilt = 0;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                long wake = PrincipalRecord.wakeOf(kv.value);
                if (wake != DueIndex.NONE) {
                    due.add(kv.key.getBytes(StandardCharsets.UTF_8), wake);
                    rebuilt++;
                }
            }
        }
        if (rebuilt > 0) {
            LOG.info("rebuilt the due index of {}: {} entries", STORE, rebuilt);
        }
    }

    /** A directory change for the principal named by the record key: only stateful rules look at changes. */
    private void change(String principal, DetectionInput.Change input, long timestamp) {
        if (principal == null) {
            return;
        }
        DirectoryChange change = input.change();
        // The names other change processors match entries by: an entry naming the provider's name or id of the target counts.
        TargetedChange ctx = new TargetedChange(principal, change, register.entriesFor(AliasResolver.names(change, principal)),
                Optional.ofNullable(input.inventory()));
        PrincipalRecord rec = null;
        for (int i = 0; i < slotOf.length; i++) {
            int slot = slotOf[i];
            if (slot < 0) {
                continue;
            }
            Detector detector = detectors.get(i);
            String rule = detector.metadata().id();
            Optional<Finding> finding;
            try {
                if (rec == null) {
                    rec = load(principal);
                }
                finding = stateful(stateful[slot], slot, rec, change.time(), null, ctx);
            } catch (KafkaException e) {
                // A store or changelog failure (fenced producer, migrated task, a denied write) belongs to Kafka
                // Streams: it must abort the transaction and reach the failure handler, not be taken for a rule bug.
                throw e;
            } catch (RuntimeException e) {
                if (rec != null) {
                    rec.keep(slot);
                }
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
        if (rec != null) {
            save(principal, null, rec);
        }
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
        String principal = event.principal().id();
        PrincipalRecord rec = null;
        for (int i = 0; i < slotOf.length; i++) {
            Detector detector = detectors.get(i);
            int slot = slotOf[i];
            String rule = detector.metadata().id();
            Optional<Finding> finding;
            try {
                if (slot < 0) {
                    finding = detector.detect(ctx);
                } else {
                    if (rec == null) {
                        rec = load(principal);
                    }
                    finding = stateful(stateful[slot], slot, rec, event.time(), ctx, null);
                }
            } catch (KafkaException e) {
                throw e; // Kafka's own failures go to Kafka Streams (see change()).
            } catch (RuntimeException e) {
                if (slot >= 0 && rec != null) {
                    rec.keep(slot);
                }
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
            context.forward(new Record<>(principal, alert, timestamp));
        }
        if (rec != null) {
            save(principal, null, rec);
        }
    }

    private PrincipalRecord load(String principal) {
        return PrincipalRecord.read(store.get(principal), ids);
    }

    /**
     * One rule's turn on a sign-in ({@code ctx}) or a change: its state decoded, expired as of the event's
     * time, stepped, and set back (bytes reused when the rule returned the very state it was given).
     */
    private <S> Optional<Finding> stateful(StatefulDetector<S> detector, int slot, PrincipalRecord rec,
                                           Instant time, DetectionContext ctx, TargetedChange change) {
        byte[] before = rec.part(slot);
        S stored = before == null ? null : detector.codec().decode(before);
        S state = stored == null || time == null ? stored : detector.expire(stored, time);
        StatefulDetector.Step<S> step = ctx != null ? detector.step(ctx, state) : detector.onChange(change, state);
        S next = step.state();
        set(detector, slot, rec, before, stored, next);
        return step.finding();
    }

    private static <S> void set(StatefulDetector<S> detector, int slot, PrincipalRecord rec, byte[] before, S stored, S next) {
        byte[] after = next == null ? null : next == stored ? before : detector.codec().encode(next);
        rec.set(slot, after, next == null ? DueIndex.NONE : wakeMs(detector, next));
    }

    private static <S> long wakeMs(StatefulDetector<S> detector, S state) {
        Optional<Instant> at = detector.wakeAt(state);
        return at.isEmpty() ? DueIndex.NONE : DueIndex.ceilMillis(at.get());
    }

    /** Writes the record (or deletes it when no rule has state) and moves its index entry, only if either changed. */
    private void save(String principal, byte[] principalBytes, PrincipalRecord rec) {
        long wake = rec.empty() ? DueIndex.NONE : rec.wake();
        if (!rec.changed() && wake == rec.storedWake()) {
            return;
        }
        if (rec.empty()) {
            if (rec.stored() != null) {
                store.delete(principal);
            }
        } else {
            store.put(principal, rec.encode(ids, wake));
        }
        if (wake != rec.storedWake()) {
            due.move(principalBytes != null ? principalBytes : principal.getBytes(StandardCharsets.UTF_8), rec.storedWake(), wake);
        }
    }

    /** A follow-up found by a sweep, ordered as the per-rule sweeps of old sent them: by rule, then principal bytes. */
    private record FollowUp(int slot, byte[] principal, Alert alert) {
        static final Comparator<FollowUp> ORDER = Comparator.comparingInt(FollowUp::slot)
                .thenComparing(FollowUp::principal, Arrays::compareUnsigned);
    }

    /**
     * Fires due follow-ups and drops what has aged out, the grace behind stream time, for the principals
     * the due index names up to then: every other principal's states have nothing to expire or fire yet.
     */
    private void sweep(long streamTimeMs) {
        ensureIndex();
        long started = System.nanoTime();
        Instant now = Instant.ofEpochMilli(streamTimeMs).minus(grace);
        List<DueIndex.Due> dueNow = due.dueBy(now.toEpochMilli());
        List<FollowUp> followUps = new ArrayList<>();
        for (DueIndex.Due d : dueNow) {
            String principal = new String(d.id(), StandardCharsets.UTF_8);
            byte[] bytes = store.get(principal);
            long recorded = bytes == null ? DueIndex.NONE : PrincipalRecord.wakeOf(bytes);
            if (recorded != d.atMs()) {
                due.move(d.id(), d.atMs(), DueIndex.NONE); // not the principal's current entry
                continue;
            }
            PrincipalRecord rec = PrincipalRecord.read(bytes, ids);
            for (int slot = 0; slot < stateful.length; slot++) {
                if (rec.part(slot) != null) {
                    sweep(stateful[slot], slot, rec, d.id(), principal, now, followUps);
                }
            }
            save(principal, d.id(), rec);
        }
        followUps.sort(FollowUp.ORDER);
        for (FollowUp f : followUps) {
            context.forward(new Record<>(f.alert().principal(), f.alert(), f.alert().eventTime().toEpochMilli()));
        }
        metrics.stateSweeps().swept(STORE, System.nanoTime() - started, dueNow.size());
    }

    private <S> void sweep(StatefulDetector<S> detector, int slot, PrincipalRecord rec, byte[] principalBytes, String principal,
                           Instant now, List<FollowUp> followUps) {
        byte[] before = rec.part(slot);
        S stored = detector.codec().decode(before);
        S state = stored;
        Optional<StatefulDetector.Due<S>> fired = detector.due(principal, state, now);
        if (fired.isPresent()) {
            followUps.add(new FollowUp(slot, principalBytes,
                    AlertFactory.createFollowUp(detector.metadata(), fired.get().finding(), principal, fired.get().at())));
            state = fired.get().state();
        }
        set(detector, slot, rec, before, stored, state == null ? null : detector.expire(state, now));
    }
}
