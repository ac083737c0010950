package dev.mfawatch.detector.suppress;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mfawatch.detector.metrics.AlertMetrics;
import dev.mfawatch.detector.metrics.EventTimeMetrics;
import dev.mfawatch.model.JsonSerde;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.detector.metrics.StateSweepMetrics;
import dev.mfawatch.detector.state.DueIndex;
import dev.mfawatch.detector.state.StoreKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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

/**
 * Alert suppression shared by every rule (knows none): one window per (rule, principal).
 *
 * <ul>
 *   <li>The first firing opens a window starting at its event time and is forwarded <em>at
 *   once</em> (the SOC needs it within a second), with the id {@link #alertId}(rule, principal,
 *   window start).</li>
 *   <li>Further firings for the same rule and principal whose event time falls before the window's
 *   end are folded in: count, first/last seen, highest severity, the latest event's details, up to
 *   {@value #MAX_EVIDENCE} evidence event ids. A firing already in the evidence (the same event
 *   replayed) changes nothing.</li>
 *   <li>When stream time passes the window's end plus the grace, one update is forwarded if
 *   anything was folded in: the same alertId with the final count ({@code detectedAt} = the
 *   window's end), so a SOC tool upserting by alertId sees one alert whose count grew. A firing
 *   whose event time is at or after the end opens a new window (and closes the old one first).</li>
 *   <li>The grace (like that of Kafka Streams' windows) lets a firing that arrives late — provider
 *   logs are minutes late and partitions interleave, so stream time may already be past its
 *   window's end — still join its window: same id, count updated. A firing more than the grace
 *   behind stream time is still alerted on (a late alert beats a lost one): it joins its window if
 *   that is still open, else opens one of its own, and is counted in
 *   {@code mfawatch_late_firings_total}; only such a firing can get another id than a backtest.</li>
 * </ul>
 *
 * Ids depend only on the rule, the principal and the first firing's event time, so a restart or
 * a replay of the same input yields the same ids. The store {@value #STORE} holds one small entry
 * per (rule, principal) with an open window; {@value #DUE_STORE} indexes them by closing time
 * ({@link DueIndex}), and a sweep on stream time (event time: see
 * {@link dev.mfawatch.detector.ingest.EventTimeExtractor}) reads only the windows due to close,
 * never every open one. A window of zero turns
 * suppression off: every firing is its own alert with the per-event id.
 */
public final class SuppressionProcessor implements Processor<String, Alert, String, Alert> {

    public static final String STORE = "alert-suppression";
    /** {@value #STORE}'s windows by closing time (start + window + grace). */
    public static final String DUE_STORE = "alert-suppression-due";
    static final int MAX_EVIDENCE = 10;

    private static final JsonSerde<Window> SERDE = JsonSerde.of(Window.class);

    /** What the store keeps per open window: its start, the count already sent, and the merged alert. */
    public record Window(@JsonProperty("s") long start, @JsonProperty("e") int emitted, @JsonProperty("a") Alert alert) {
    }

    private final Duration window;
    private final Duration grace;
    private final Duration sweepInterval;
    private final AlertMetrics metrics;
    private final EventTimeMetrics lateness;
    private final StateSweepMetrics sweeps;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, byte[]> store;
    private DueIndex due;
    private boolean indexChecked;

    public SuppressionProcessor(Duration window, Duration grace, Duration sweepInterval, AlertMetrics metrics,
                                EventTimeMetrics lateness, StateSweepMetrics sweeps) {
        this.window = window;
        this.grace = grace;
        this.sweepInterval = sweepInterval;
        this.metrics = metrics;
        this.lateness = lateness;
        this.sweeps = sweeps;
    }

    public static ProcessorSupplier<String, Alert, String, Alert> supplier(Duration window, Duration grace, Duration sweepInterval,
                                                                         AlertMetrics metrics, EventTimeMetrics lateness,
                                                                         StateSweepMetrics sweeps, StoreKind stores) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Alert, String, Alert> get() {
                return new SuppressionProcessor(window, grace, sweepInterval, metrics, lateness, sweeps);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(stores.keyValue(STORE, Serdes.String(), Serdes.ByteArray()), DueIndex.builder(DUE_STORE, stores));
            }
        };
    }

    /** Name-based (type 3) UUID of {@code rule|principal|windowStart}. */
    public static String alertId(String rule, String principal, Instant windowStart) {
        return UUID.nameUUIDFromBytes((rule + "|" + principal + "|" + windowStart).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.due = new DueIndex(context.getStateStore(DUE_STORE));
        sweeps.register(STORE);
        context.schedule(sweepInterval, PunctuationType.STREAM_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, Alert> record) {
        ensureIndex();
        Alert a = record.value();
        if (window.isZero()) {
            emit(record.key(), a, record.timestamp(), true);
            return;
        }
        String key = a.rule() + "|" + a.principal();
        byte[] bytes = store.get(key);
        Window open = bytes == null ? null : SERDE.read(bytes);
        if (open != null && !a.eventTime().isBefore(Instant.ofEpochMilli(open.start()).plus(window))) {
            close(key, open);
            open = null;
        }
        if (open == null) {
            if (a.eventTime().plus(grace).toEpochMilli() < context.currentStreamTimeMs()) {
                lateness.lateFiring(a.rule());
            }
            Alert first = withCount(a, alertId(a.rule(), a.principal(), a.eventTime()), a.severity(), a.detectedAt(),
                    a.evidence(), 1, a.eventTime(), a.eventTime());
            store.put(key, SERDE.write(new Window(a.eventTime().toEpochMilli(), 1, first)));
            due.add(bytes(key), closesAt(a.eventTime().toEpochMilli()));
            emit(record.key(), first, record.timestamp(), true);
            return;
        }
        Alert merged = open.alert();
        if (!a.evidence().isEmpty() && merged.evidence().containsAll(a.evidence())) {
            return; // the same event again (replay, duplicate delivery): nothing new
        }
        metrics.suppressed(a.rule());
        List<String> evidence = new ArrayList<>(merged.evidence());
        for (String id : a.evidence()) {
            if (evidence.size() < MAX_EVIDENCE && !evidence.contains(id)) {
                evidence.add(id);
            }
        }
        Severity severity = a.severity().compareTo(merged.severity()) > 0 ? a.severity() : merged.severity();
        Instant first = a.eventTime().isBefore(merged.firstSeen()) ? a.eventTime() : merged.firstSeen();
        Instant last = a.eventTime().isAfter(merged.lastSeen()) ? a.eventTime() : merged.lastSeen();
        Alert next = withCount(a, merged.alertId(), severity, a.detectedAt(), evidence, merged.count() + 1, first, last);
        store.put(key, SERDE.write(new Window(open.start(), open.emitted(), next)));
    }

    /** When a window opened at {@code startMs} closes: its end plus the grace. */
    private long closesAt(long startMs) {
        return Instant.ofEpochMilli(startMs).plus(window).plus(grace).toEpochMilli();
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Windows kept by a version without the index (or whose index writes were lost) are indexed once,
     * from the store, when the index is found empty beside a store that is not.
     */
    private void ensureIndex() {
        if (indexChecked) {
            return;
        }
        indexChecked = true;
        if (!due.isEmpty()) {
            return;
        }
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                due.add(bytes(kv.key), closesAt(SERDE.read(kv.value).start()));
            }
        }
    }

    /** Closes the windows the index names as due by stream time, in key order as a full scan would have. */
    private void sweep(long streamTimeMs) {
        ensureIndex();
        long started = System.nanoTime();
        Instant now = Instant.ofEpochMilli(streamTimeMs);
        List<DueIndex.Due> dueNow = due.dueBy(streamTimeMs);
        List<KeyValue<byte[], Window>> closing = new ArrayList<>();
        for (DueIndex.Due d : dueNow) {
            String key = new String(d.id(), StandardCharsets.UTF_8);
            byte[] bytes = store.get(key);
            Window w = bytes == null ? null : SERDE.read(bytes);
            long closes = w == null ? DueIndex.NONE : closesAt(w.start());
            if (closes != d.atMs()) {
                due.move(d.id(), d.atMs(), closes); // a stale entry, or a window whose close moved with the settings
            }
            if (w != null && !now.isBefore(Instant.ofEpochMilli(w.start()).plus(window).plus(grace))) {
                closing.add(KeyValue.pair(d.id(), w));
            }
        }
        closing.sort(Comparator.comparing(kv -> kv.key, Arrays::compareUnsigned));
        closing.forEach(kv -> close(new String(kv.key, StandardCharsets.UTF_8), kv.value));
        sweeps.swept(STORE, System.nanoTime() - started, dueNow.size());
    }

    /** Sends the window's final update when firings were folded in since the last send, and forgets it. */
    private void close(String key, Window w) {
        store.delete(key);
        due.move(bytes(key), closesAt(w.start()), DueIndex.NONE);
        if (w.alert().count() > w.emitted()) {
            Instant end = Instant.ofEpochMilli(w.start()).plus(window);
            Alert a = w.alert();
            Alert update = withCount(a, a.alertId(), a.severity(), end, a.evidence(), a.count(), a.firstSeen(), a.lastSeen());
            emit(a.principal(), update, end.toEpochMilli(), false);
        }
    }

    private void emit(String key, Alert alert, long timestamp, boolean isNew) {
        if (isNew) {
            metrics.alert(alert.rule(), alert.severity());
        } else {
            metrics.updated(alert.rule());
        }
        context.forward(new Record<>(key, alert, timestamp));
    }

    private static Alert withCount(Alert a, String alertId, Severity severity, Instant detectedAt, List<String> evidence,
                                   int count, Instant first, Instant last) {
        return new Alert(alertId, a.rule(), severity, detectedAt, a.eventTime(), a.principal(), a.exceptionId(),
                a.exceptionCategory(), a.summary(), a.source(), a.ip(), a.geo(), a.app(), a.clientProtocol(), a.factor(),
                evidence, count, first, last, a.attack(), a.response(), a.details());
    }
}
