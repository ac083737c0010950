package dev.mfawatch.detector.registration;

import dev.mfawatch.detector.alerting.AlertFactory;
import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.metrics.RegistrationMetrics;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.MfaPolicy;
import dev.mfawatch.detector.state.DueIndex;
import dev.mfawatch.detector.state.StoreKind;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Lifecycle;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.SignInEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each principal's MFA registration ({@link PrincipalRegistration}) from the inventory's versions, the factor
 * changes and the sign-ins, all keyed by principal id on one task; judges the {@link RegistrationRule}s on each
 * sign-in; announces ENROLMENT_OVERDUE; and feeds {@link RegistrationMetrics}.
 *
 * <p>State: {@value #STORE}, one record per principal the inventory lists or a factor change named (31 bytes for
 * two methods, plus the key), changelogged; {@value #DUE_STORE} indexes principals by the time their next method
 * becomes stale, so a sweep visits only those. The gauges are recounted from the store when the task starts and
 * kept by each write after; the principals with no method (the backlog, usually few) are also held in memory to
 * re-judge their coverage at each sweep.
 *
 * <p>Sweeps run on stream time every {@code MFAWATCH_STATE_EXPIRY_INTERVAL}, the grace behind it: stale marks,
 * then ENROLMENT_OVERDUE for the backlog's principals whose ENROLLMENT_PENDING entry ran out (a marker per notice
 * in the store, so a restart announces nothing twice; also judged when a principal enters the backlog), then the
 * backlog's coverage.
 */
public final class RegistrationProcessor implements Processor<String, RegistrationInput, String, RegistrationOut> {

    public static final String STORE = "registration-state";
    public static final String DUE_STORE = "registration-state-due";
    /** The expiry watermark's key; principal ids never start with NUL. */
    static final String WATERMARK = "\u0000overdue-checked";
    /** Prefix of the markers of announced ENROLMENT_OVERDUE notices ({@code <prefix><entry id>/<principal>}). */
    static final String ANNOUNCED = "\u0000overdue/";

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationProcessor.class);
    private static final Set<ChangeOperation> FACTOR_CHANGES =
            Set.of(ChangeOperation.FACTOR_REGISTERED, ChangeOperation.FACTOR_REMOVED, ChangeOperation.FACTOR_RESET);

    private final List<RegistrationRule> rules;
    private final RegisterIndex register;
    private final MfaPolicy policy;
    private final RegistrationSettings settings;
    private final DetectorMetrics metrics;
    private final Duration interval;
    private final Duration grace;
    /** The inventory table's store ({@code principals-inventory}) to seed from after an upgrade; null: none. */
    private final String inventoryStore;
    /** This task's enrolment backlog (see {@link #inBacklog}) → covered by an ENROLLMENT_PENDING entry in force. */
    private final Map<String, Boolean> backlog = new HashMap<>();
    private ProcessorContext<String, RegistrationOut> context;
    private KeyValueStore<String, byte[]> store;
    private DueIndex due;
    private RegistrationMetrics.Counts counts;

    RegistrationProcessor(List<RegistrationRule> rules, RegisterIndex register, MfaPolicy policy, RegistrationSettings settings,
                          DetectorMetrics metrics, Duration interval, Duration grace, String inventoryStore) {
        this.inventoryStore = inventoryStore;
        this.rules = List.copyOf(rules);
        this.register = register;
        this.policy = policy;
        this.settings = settings;
        this.metrics = metrics;
        this.interval = interval;
        this.grace = grace;
    }

    static ProcessorSupplier<String, RegistrationInput, String, RegistrationOut> supplier(
            List<RegistrationRule> rules, RegisterIndex register, MfaPolicy policy, RegistrationSettings settings,
            DetectorMetrics metrics, Duration interval, Duration grace, StoreKind stores, String inventoryStore) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, RegistrationInput, String, RegistrationOut> get() {
                return new RegistrationProcessor(rules, register, policy, settings, metrics, interval, grace, inventoryStore);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(stores.keyValue(STORE, Serdes.String(), Serdes.ByteArray()), DueIndex.builder(DUE_STORE, stores));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, RegistrationOut> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.due = new DueIndex(context.getStateStore(DUE_STORE));
        this.counts = metrics.registration().task(context.taskId());
        metrics.stateSweeps().register(STORE);
        seed();
        recount();
        context.schedule(interval, PunctuationType.STREAM_TIME, this::sweep);
    }

    @Override
    public void close() {
        metrics.registration().closed(context.taskId(), counts);
    }

    /**
     * After an upgrade the store starts empty while the inventory table is full, and the inventory's versions were
     * read long ago: the principals are seeded once from the table's facts (methods as stated, at the version's
     * record time; the creation date is not in the facts, so no time to enrol is observed for them).
     */
    private void seed() {
        if (inventoryStore == null) {
            return;
        }
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            if (it.hasNext()) {
                return;
            }
        }
        KeyValueStore<String, Object> facts = context.getStateStore(inventoryStore);
        int seeded = 0;
        try (KeyValueIterator<String, Object> it = facts.all()) {
            while (it.hasNext()) {
                KeyValue<String, Object> kv = it.next();
                InventoryFacts f;
                long at;
                if (kv.value instanceof ValueAndTimestamp<?> vt && vt.value() instanceof InventoryFacts v) {
                    f = v;
                    at = vt.timestamp();
                } else if (kv.value instanceof InventoryFacts v) {
                    f = v;
                    at = 0;
                } else {
                    continue;
                }
                Principal p = new Principal(kv.key, List.of(), null, f.privileged() ? List.of("privileged") : List.of(),
                        f.breakGlass(), f.methodsKnown() ? f.registeredMethods() : null, null, true);
                store.put(kv.key, PrincipalRegistration.EMPTY.withInventory(p, Instant.ofEpochMilli(Math.max(0, at))).encode());
                seeded++;
            }
        }
        if (seeded > 0) {
            LOG.info("{}: seeded {} principals of task {} from {}", STORE, seeded, context.taskId(), inventoryStore);
        }
    }

    /** The gauges and the backlog from the store as restored; the due index rebuilt if its writes were lost. */
    private void recount() {
        boolean rebuild = due.isEmpty();
        Long watermark = watermark();
        Instant at = watermark == null ? null : Instant.ofEpochMilli(watermark);
        int principals = 0;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.key.startsWith("\u0000")) {
                    continue;
                }
                PrincipalRegistration r = PrincipalRegistration.decode(kv.value);
                count(r, 1);
                principals++;
                if (inBacklog(r)) {
                    backlog.put(kv.key, at != null && covered(kv.key, at));
                }
                long wake = wake(r);
                if (rebuild && wake != DueIndex.NONE) {
                    due.add(kv.key.getBytes(StandardCharsets.UTF_8), wake);
                }
            }
        }
        publishBacklog();
        if (principals > 0) {
            LOG.info("{}: counted {} principals of task {}", STORE, principals, context.taskId());
        }
    }

    @Override
    public void process(Record<String, RegistrationInput> record) {
        String key = record.key();
        if (key == null) {
            return;
        }
        Instant at = Instant.ofEpochMilli(record.timestamp());
        if (record.value() instanceof RegistrationInput.Version v) {
            PrincipalRegistration old = load(key);
            if (v.principal() == null) {
                save(key, old, null, at);
            } else {
                save(key, old, (old == null ? PrincipalRegistration.EMPTY : old).withInventory(v.principal(), at), at);
            }
        } else if (record.value() instanceof RegistrationInput.Change c) {
            if (!FACTOR_CHANGES.contains(c.change().operation())) {
                return;
            }
            PrincipalRegistration old = load(key);
            PrincipalRegistration.Transition t = (old == null ? PrincipalRegistration.EMPTY : old).onChange(c.change());
            t.enrolledAfter().ifPresent(metrics.registration()::enrolled);
            save(key, old, t.next(), c.change().time());
        } else if (record.value() instanceof RegistrationInput.SignIn s) {
            signIn(key, s.event(), record.timestamp());
        }
    }

    private void signIn(String key, SignInEvent e, long timestamp) {
        PrincipalRegistration old = load(key);
        if (old == null) {
            return; // neither the inventory nor a factor change named it: nothing is known
        }
        PrincipalRegistration next = old.onSignIn(e);
        DetectionContext ctx = null;
        for (RegistrationRule rule : rules) {
            Optional<Finding> finding;
            try {
                if (ctx == null) {
                    ctx = DetectionContext.of(e, register.entriesFor(e.principal().names()), policy);
                }
                finding = rule.judge(ctx, old, old.lastFired());
            } catch (KafkaException ex) {
                throw ex;
            } catch (RuntimeException ex) {
                metrics.alerts().detectorError(rule.metadata().id());
                LOG.warn("rule {} failed on sign-in {}: {}", rule.metadata().id(), e.eventId(), ex.getClass().getName());
                continue;
            }
            if (finding.isPresent()) {
                Alert alert = AlertFactory.create(rule.metadata(), finding.get(), e, Instant.ofEpochMilli(timestamp));
                metrics.alerts().alert(alert.rule(), alert.severity());
                context.forward(new Record<>(key, new RegistrationOut(alert, null), timestamp));
                next = next.withLastFired(e.time());
            }
        }
        save(key, old, next, e.time());
    }

    private PrincipalRegistration load(String key) {
        byte[] b = store.get(key);
        return b == null ? null : PrincipalRegistration.decode(b);
    }

    /** Writes {@code next} (null deletes) and moves the gauges, the backlog and the due index by the difference. */
    private void save(String key, PrincipalRegistration old, PrincipalRegistration next, Instant at) {
        if (next == old) {
            return;
        }
        if (next != null && next.flags() == 0 && next.methods().isEmpty() && next.lastFiredSecond() == 0) {
            next = null; // nothing known: not worth a record
        }
        if (old == null && next == null) {
            return;
        }
        if (old != null) {
            count(old, -1);
        }
        if (next == null) {
            store.delete(key);
        } else {
            store.put(key, next.encode());
            count(next, 1);
        }
        boolean wasNone = old != null && inBacklog(old);
        boolean isNone = next != null && inBacklog(next);
        if (wasNone != isNone) {
            if (isNone) {
                backlog.put(key, covered(key, at));
                // Entering the backlog after its enrolment entry ran out (an inventory loaded late): say so now.
                long streamTime = Math.max(context.currentStreamTimeMs(), at.toEpochMilli());
                forward(overdueFor(key, Instant.ofEpochMilli(streamTime).minus(grace)));
            } else {
                backlog.remove(key);
            }
            publishBacklog();
        }
        long before = old == null ? DueIndex.NONE : wake(old);
        long after = next == null ? DueIndex.NONE : wake(next);
        if (before != after) {
            due.move(key.getBytes(StandardCharsets.UTF_8), before, after);
        }
    }

    private void count(PrincipalRegistration r, int sign) {
        if (r.known()) {
            counts.principal(r.level(), r.privileged(), r.principalType(), sign);
        }
        for (PrincipalRegistration.Method m : r.methods()) {
            if (m.staleCounted()) {
                counts.stale(m.methodClass(), sign);
            }
        }
    }

    /** Known to have no method, and not a service principal (a workload identity has nothing to enrol). */
    private static boolean inBacklog(PrincipalRegistration r) {
        return r.none() && !r.has(PrincipalRegistration.SERVICE);
    }

    private long wake(PrincipalRegistration r) {
        return r.nextStaleAt(settings.staleFactorAge()).map(DueIndex::ceilMillis).orElse(DueIndex.NONE);
    }

    private boolean covered(String principal, Instant at) {
        return register.entriesFor(List.of(principal)).stream()
                .anyMatch(x -> x.category() == ExceptionCategory.ENROLLMENT_PENDING && x.lifecycleAt(at) == Lifecycle.IN_FORCE);
    }

    private void publishBacklog() {
        long covered = backlog.values().stream().filter(Boolean::booleanValue).count();
        counts.backlog(covered, backlog.size() - covered);
    }

    private Long watermark() {
        byte[] b = store.get(WATERMARK);
        return b == null ? null : ByteBuffer.wrap(b).getLong();
    }

    private void sweep(long streamTimeMs) {
        long started = System.nanoTime();
        Instant now = Instant.ofEpochMilli(streamTimeMs).minus(grace);
        List<DueIndex.Due> dueNow = due.dueBy(now.toEpochMilli());
        for (DueIndex.Due d : dueNow) {
            String key = new String(d.id(), StandardCharsets.UTF_8);
            PrincipalRegistration r = load(key);
            if (r == null || wake(r) != d.atMs()) {
                due.move(d.id(), d.atMs(), DueIndex.NONE); // not the principal's current entry
                continue;
            }
            save(key, r, r.markStale(now, settings.staleFactorAge()), now);
        }
        overdue(now);
        backlog.replaceAll((principal, wasCovered) -> covered(principal, now));
        publishBacklog();
        metrics.stateSweeps().swept(STORE, System.nanoTime() - started, dueNow.size());
    }

    /**
     * ENROLMENT_OVERDUE for the principals of this task's backlog (see {@link #overdueFor}); then the sweep's time
     * is kept, for the backlog's coverage after a restart.
     */
    private void overdue(Instant now) {
        List<Notice> notices = new ArrayList<>();
        for (String principal : List.copyOf(backlog.keySet())) {
            notices.addAll(overdueFor(principal, now));
        }
        forward(notices);
        store.put(WATERMARK, ByteBuffer.allocate(Long.BYTES).putLong(now.toEpochMilli()).array());
    }

    /**
     * One notice per ENROLLMENT_PENDING entry naming the principal that ran to its expiry by {@code now} while the
     * principal still has no method and no such entry covers it now; a marker in the store keeps each announced once.
     * Judged per principal, not per expiry, so an inventory that arrives after the expiry (a first deployment, a
     * late export) is still caught.
     */
    private List<Notice> overdueFor(String principal, Instant now) {
        PrincipalRegistration r = load(principal);
        if (r == null || !inBacklog(r) || covered(principal, now)) {
            return List.of();
        }
        List<Notice> out = new ArrayList<>();
        for (ExceptionEntry entry : register.entriesFor(List.of(principal))) {
            Instant exp = entry.expiresAt();
            if (entry.category() != ExceptionCategory.ENROLLMENT_PENDING || exp == null || exp.isAfter(now)
                    || !entry.ranToExpiry()) {
                continue;
            }
            String marker = ANNOUNCED + entry.id() + "/" + principal;
            if (store.get(marker) == null) {
                store.put(marker, new byte[] {1});
                out.add(notice(entry, principal, r));
            }
        }
        return out;
    }

    private void forward(List<Notice> notices) {
        List<Notice> sorted = new ArrayList<>(notices);
        sorted.sort(java.util.Comparator.comparing(Notice::at).thenComparing(Notice::noticeId));
        for (Notice n : sorted) {
            context.forward(new Record<>(n.exceptionId(), new RegistrationOut(null, n), n.at().toEpochMilli()));
        }
    }

    private static Notice notice(ExceptionEntry entry, String principal, PrincipalRegistration r) {
        String id = entry.id() + "/" + NoticeKind.ENROLMENT_OVERDUE + "/" + principal;
        String message = "Enrolment exception " + entry.id() + " expired at " + entry.expiresAt() + " and " + principal
                + (r.privileged() ? " (privileged)" : "") + " still has no MFA method registered: enrol one now, or extend the"
                + " exception with a reason. Its next successful sign-in raises NO_MFA_REGISTERED.";
        return new Notice(id, entry.id(), NoticeKind.ENROLMENT_OVERDUE, entry.expiresAt(), null, entry.owner(), message);
    }
}
