package dev.mfawatch.detector.api;

import com.fasterxml.jackson.databind.JavaType;
import dev.mfawatch.detector.state.StoreKind;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.JsonSerde;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.usage.ExceptionUsage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
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
 * The stores the query API reads that nothing else keeps: the detector's own outputs read back.
 *
 * <pre>
 * mfa.alerts (by principal)               ──► views-alerts-source  ──► views-alerts-view  [principal-alerts]      last {@value #ALERTS_KEPT} per principal, 90 days
 * mfa.register.notices (by exception id)  ──► views-notices-source ──► views-notices-view [exception-notices]     last {@value #NOTICES_KEPT} per exception
 * mfa.exception.usage (compacted, by id)  ──► views-usage-source   ──► views-usage-view   [exception-usage-view]  the latest ledger per exception
 * </pre>
 *
 * Kafka Streams numbers sub-topologies in the order they are added, and a task id is
 * {@code <sub-topology>_<partition>}: added after everything else, these views take the last
 * numbers and the existing sub-topologies keep their task ids (and state directories) on upgrade.
 *
 * Each topic is read as bytes and parsed here, so a record that does not bind is skipped with a
 * warning instead of stopping the app; these views feed answers, never detections. They are keyed
 * like their topics, so {@code KafkaStreams#queryMetadataForKey} names the instance holding a key.
 * With exactly-once the detector reads its own alerts and notices once they are committed.
 */
public final class ApiViews {

    public static final String ALERTS_STORE = "principal-alerts";
    public static final String NOTICES_STORE = "exception-notices";
    public static final String USAGE_STORE = "exception-usage-view";
    public static final int ALERTS_KEPT = 20;
    public static final int NOTICES_KEPT = 50;
    /** A principal whose newest alert is this much older than the partition's stream time leaves {@value #ALERTS_STORE}. */
    public static final Duration ALERTS_RETENTION = Duration.ofDays(90);
    private static final Duration RETENTION_SWEEP = Duration.ofHours(1);

    static final Serde<List<Alert>> ALERT_LIST = listSerde(Alert.class);
    static final Serde<List<Notice>> NOTICE_LIST = listSerde(Notice.class);

    private static final Logger LOG = LoggerFactory.getLogger(ApiViews.class);

    private ApiViews() {
    }

    /**
     * Adds the three views; once per topology. Returns {@code mfa.alerts} as read back (key, alert JSON), the one
     * source of that topic, for other consumers of every alert (the OCSF findings, see
     * {@link dev.mfawatch.detector.ocsf.OcsfTopology}).
     */
    public static KStream<String, byte[]> addTo(StreamsBuilder builder, StoreKind stores) {
        Comparator<Alert> newestAlert = Comparator.comparing(Alert::eventTime, Comparator.reverseOrder())
                .thenComparing(Alert::alertId);
        KStream<String, byte[]> alerts = view(builder, Topics.ALERTS.name(), "views-alerts", Recent.supplier(ALERTS_STORE, stores, ALERT_LIST, Topics.ALERT_SERDE,
                Alert::alertId, newestAlert, ALERTS_KEPT, Alert::eventTime, ALERTS_RETENTION));
        Comparator<Notice> newestNotice = Comparator.comparing(Notice::at, Comparator.reverseOrder())
                .thenComparing(Notice::noticeId);
        // Notices are few per exception and exceptions few: kept without an age limit.
        view(builder, Topics.NOTICES.name(), "views-notices", Recent.supplier(NOTICES_STORE, stores, NOTICE_LIST,
                Topics.NOTICE_SERDE, Notice::noticeId, newestNotice, NOTICES_KEPT, Notice::at, null));
        view(builder, Topics.EXCEPTION_USAGE.name(), "views-usage", Latest.supplier(USAGE_STORE, stores));
        return alerts;
    }

    private static KStream<String, byte[]> view(StreamsBuilder builder, String topic, String prefix,
                                                ProcessorSupplier<String, byte[], Void, Void> processor) {
        // Views have no time semantics: a record with a bad timestamp is kept, not fatal.
        KStream<String, byte[]> stream = builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray())
                .withTimestampExtractor(new UsePartitionTimeOnInvalidTimestamp()).withName(prefix + "-source"));
        stream.process(processor, Named.as(prefix + "-view"));
        return stream;
    }

    private static <T> Serde<List<T>> listSerde(Class<T> type) {
        JavaType listType = Json.MAPPER.getTypeFactory().constructCollectionType(List.class, type);
        return Serdes.serdeFrom(
                (topic, list) -> {
                    try {
                        return list == null ? null : Json.MAPPER.writerFor(listType).writeValueAsBytes(list);
                    } catch (IOException e) {
                        throw new SerializationException("cannot write a list of " + type.getSimpleName(), e);
                    }
                },
                (topic, bytes) -> {
                    try {
                        return bytes == null ? null : Json.MAPPER.readerFor(listType).readValue(bytes);
                    } catch (IOException e) {
                        throw new SerializationException("cannot read a list of " + type.getSimpleName(), e);
                    }
                });
    }

    private static void skipped(String store, RuntimeException e) {
        // The exception message may quote the value: its type only.
        LOG.warn("{}: skipped a record that does not bind ({})", store, e.getClass().getSimpleName());
    }

    /**
     * The newest {@code kept} values per key, deduplicated by id (a later record with the same id
     * replaces it). With a retention, a key whose newest value is older than stream time minus the
     * retention is removed at an hourly stream-time sweep, so keys that fell silent do not stay forever.
     */
    static final class Recent<T> implements Processor<String, byte[], Void, Void> {

        private final String storeName;
        private final JsonSerde<T> serde;
        private final Function<T, String> id;
        private final Comparator<T> newestFirst;
        private final int kept;
        private final Function<T, Instant> timeOf;
        private final Duration retention;
        private KeyValueStore<String, List<T>> store;

        private Recent(String storeName, JsonSerde<T> serde, Function<T, String> id, Comparator<T> newestFirst, int kept,
                       Function<T, Instant> timeOf, Duration retention) {
            this.storeName = storeName;
            this.serde = serde;
            this.id = id;
            this.newestFirst = newestFirst;
            this.kept = kept;
            this.timeOf = timeOf;
            this.retention = retention;
        }

        static <T> ProcessorSupplier<String, byte[], Void, Void> supplier(String storeName, StoreKind stores,
                                                                          Serde<List<T>> listSerde, JsonSerde<T> serde,
                                                                          Function<T, String> id, Comparator<T> newestFirst,
                                                                          int kept, Function<T, Instant> timeOf,
                                                                          Duration retention) {
            return new ProcessorSupplier<>() {
                @Override
                public Processor<String, byte[], Void, Void> get() {
                    return new Recent<>(storeName, serde, id, newestFirst, kept, timeOf, retention);
                }

                @Override
                public Set<StoreBuilder<?>> stores() {
                    return Set.of(stores.keyValue(storeName, Serdes.String(), listSerde));
                }
            };
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(storeName);
            if (retention != null) {
                context.schedule(RETENTION_SWEEP, PunctuationType.STREAM_TIME, this::expire);
            }
        }

        private void expire(long streamTimeMs) {
            Instant oldest = Instant.ofEpochMilli(streamTimeMs).minus(retention);
            List<String> gone = new ArrayList<>();
            try (KeyValueIterator<String, List<T>> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<String, List<T>> kv = it.next();
                    if (kv.value.isEmpty() || timeOf.apply(kv.value.get(0)).isBefore(oldest)) {
                        gone.add(kv.key);
                    }
                }
            }
            gone.forEach(store::delete);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null || record.value() == null) {
                return;
            }
            T value;
            try {
                value = serde.read(record.value());
            } catch (SerializationException e) {
                skipped(storeName, e);
                return;
            }
            List<T> old = store.get(record.key());
            List<T> next = new ArrayList<>(old == null ? List.of() : old);
            String valueId = id.apply(value);
            next.removeIf(v -> id.apply(v).equals(valueId));
            next.add(value);
            next.sort(newestFirst);
            store.put(record.key(), List.copyOf(next.subList(0, Math.min(kept, next.size()))));
        }
    }

    /** The latest value per key of a compacted topic; a tombstone removes the key. */
    static final class Latest implements Processor<String, byte[], Void, Void> {

        private final String storeName;
        private KeyValueStore<String, ExceptionUsage> store;

        private Latest(String storeName) {
            this.storeName = storeName;
        }

        static ProcessorSupplier<String, byte[], Void, Void> supplier(String storeName, StoreKind stores) {
            return new ProcessorSupplier<>() {
                @Override
                public Processor<String, byte[], Void, Void> get() {
                    return new Latest(storeName);
                }

                @Override
                public Set<StoreBuilder<?>> stores() {
                    return Set.of(stores.keyValue(storeName, Serdes.String(), Topics.USAGE_SERDE));
                }
            };
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
                return;
            }
            try {
                store.put(record.key(), Topics.USAGE_SERDE.read(record.value()));
            } catch (SerializationException e) {
                skipped(storeName, e);
            }
        }
    }
}
