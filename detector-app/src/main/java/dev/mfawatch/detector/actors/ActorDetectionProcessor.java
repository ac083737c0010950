package dev.mfawatch.detector.actors;

import dev.mfawatch.detector.alerting.AlertFactory;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.rules.ActorDetector;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.StatefulDetector.Step;
import dev.mfawatch.detector.state.StoreKind;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.directory.DirectoryChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * Runs every {@link ActorDetector} on the directory changes re-keyed by actor id (each record one change and
 * its one target, see {@link ActorTopology}) and forwards one alert per finding, keyed and named by the actor.
 * Knows no rule. State: {@value #STORE}, one record per rule and actor ({@code ruleId|actorId} → the rule's
 * codec bytes), expired as of each change's time before the rule sees it and swept on stream time. Actors
 * are few (admins, helpdesk agents, automation) and a state lives one rule window, so the sweep reads the
 * whole store rather than keeping a due index.
 */
public final class ActorDetectionProcessor implements Processor<String, DirectoryChange, String, Alert> {

    public static final String STORE = "actor-state";

    private static final Logger LOG = LoggerFactory.getLogger(ActorDetectionProcessor.class);

    private final List<ActorDetector<?>> detectors;
    private final DetectorMetrics metrics;
    private final Duration sweepInterval;
    private final Duration grace;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, byte[]> store;

    ActorDetectionProcessor(List<ActorDetector<?>> detectors, DetectorMetrics metrics, Duration sweepInterval, Duration grace) {
        this.detectors = List.copyOf(detectors);
        this.metrics = metrics;
        this.sweepInterval = sweepInterval;
        this.grace = grace;
    }

    static ProcessorSupplier<String, DirectoryChange, String, Alert> supplier(List<ActorDetector<?>> detectors,
                                                                          DetectorMetrics metrics, Duration sweepInterval,
                                                                          Duration grace, StoreKind stores) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, DirectoryChange, String, Alert> get() {
                return new ActorDetectionProcessor(detectors, metrics, sweepInterval, grace);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(stores.keyValue(STORE, Serdes.String(), Serdes.ByteArray()));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        context.schedule(sweepInterval, PunctuationType.STREAM_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, DirectoryChange> record) {
        String actor = record.key();
        DirectoryChange change = record.value();
        if (actor == null || change == null || change.targets().isEmpty()) {
            return;
        }
        String target = change.targets().get(0);
        for (ActorDetector<?> d : detectors) {
            String rule = d.metadata().id();
            Optional<Finding> finding;
            try {
                if (!d.acceptsActorChange(target, change)) {
                    continue;
                }
                finding = step(d, actor, target, change);
            } catch (KafkaException e) {
                throw e; // a store or changelog failure belongs to Kafka Streams
            } catch (RuntimeException e) {
                metrics.alerts().detectorError(rule);
                LOG.warn("actor detector {} failed on change {}: {}", rule, change.eventId(), e.getClass().getName());
                LOG.debug("actor detector {} failure detail", rule, e);
                continue;
            }
            if (finding.isPresent()) {
                Alert alert = AlertFactory.create(d.metadata(), finding.get(), actor, change, Instant.ofEpochMilli(record.timestamp()));
                metrics.alerts().alert(alert.rule(), alert.severity());
                context.forward(new Record<>(actor, alert, record.timestamp()));
            }
        }
    }

    private <A> Optional<Finding> step(ActorDetector<A> d, String actor, String target, DirectoryChange change) {
        String key = d.metadata().id() + "|" + actor;
        byte[] before = store.get(key);
        A stored = before == null ? null : d.actorCodec().decode(before);
        A state = stored == null ? null : d.expireActor(stored, change.time());
        Step<A> step = d.onActorChange(actor, target, change, state);
        put(d, key, stored, step.state());
        return step.finding();
    }

    private <A> void put(ActorDetector<A> d, String key, A stored, A next) {
        if (next == null) {
            if (stored != null) {
                store.delete(key);
            }
        } else if (next != stored) {
            store.put(key, d.actorCodec().encode(next));
        }
    }

    /** Expires every actor's state as of stream time minus the grace, so a change that late still finds its window. */
    private void sweep(long streamTime) {
        Instant now = Instant.ofEpochMilli(streamTime).minus(grace);
        List<KeyValue<String, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, byte[]> kv : all) {
            int bar = kv.key.indexOf('|');
            String rule = bar < 0 ? kv.key : kv.key.substring(0, bar);
            ActorDetector<?> d = detectors.stream().filter(x -> x.metadata().id().equals(rule)).findFirst().orElse(null);
            if (d == null) {
                store.delete(kv.key); // a rule no longer configured
                continue;
            }
            expire(d, kv.key, kv.value, now);
        }
    }

    private <A> void expire(ActorDetector<A> d, String key, byte[] bytes, Instant now) {
        A stored = d.actorCodec().decode(bytes);
        put(d, key, stored, d.expireActor(stored, now));
    }
}
