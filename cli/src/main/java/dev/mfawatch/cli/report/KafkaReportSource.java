package dev.mfawatch.cli.report;

import dev.mfawatch.model.JsonSerde;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.config.EnvConfig;
import dev.mfawatch.model.config.KafkaSettings;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.usage.ExceptionUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The report's data from the topics: each read from its beginning up to the end offsets taken at
 * the start (committed transactions only, no consumer group), so the report describes one moment
 * and a busy detector cannot keep it reading. The register is the compacted topic's view (latest
 * record per id, a tombstone removing it); usage ledgers are every publication kept; notices,
 * alerts and changes are filtered to the period by {@link ReportData#inPeriod}.
 */
final class KafkaReportSource {

    static final List<String> TOPICS = List.of(Topics.REGISTER.name(), Topics.EXCEPTION_USAGE.name(),
            Topics.NOTICES.name(), Topics.ALERTS.name(), Topics.DIRECTORY_CHANGES.name());
    private static final Duration POLL = Duration.ofMillis(500);

    private KafkaReportSource() {
    }

    /**
     * The consumer's settings: {@code KAFKA_*} (TLS, SASL, …) as every command passes them through,
     * {@code --bootstrap-servers} overriding the bootstrap, partitions assigned (no group, nothing committed).
     */
    static Map<String, Object> consumerProps(Map<String, String> env, String bootstrapServers) {
        Map<String, Object> props = new HashMap<>(EnvConfig.of(KafkaSettings.withBootstrap(env, bootstrapServers)).kafka());
        if (props.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("no Kafka: give --bootstrap-servers HOST:PORT or set KAFKA_BOOTSTRAP_SERVERS, "
                    + "or read files with --register FILE --input SOURCE:FILE");
        }
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }

    /**
     * Reads the five topics.
     *
     * @param stall how long reading may go without progress before it fails (a broker gone mid-read)
     */
    static ReportData read(Map<String, Object> props, Instant from, Instant to, Instant now, Duration stall) {
        Map<String, ExceptionEntry> register = new TreeMap<>();
        List<ExceptionUsage> usage = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        List<DirectoryChange> changes = new ArrayList<>();
        List<String> caveats = new ArrayList<>();
        Map<String, Integer> unreadable = new TreeMap<>();
        String bootstrap = String.valueOf(props.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Map<String, List<PartitionInfo>> existing = consumer.listTopics(Duration.ofSeconds(30));
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                List<PartitionInfo> infos = existing.get(topic);
                if (infos == null || infos.isEmpty()) {
                    caveats.add("Topic " + topic + " does not exist on " + bootstrap + ": nothing of it is shown.");
                    continue;
                }
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            if (!partitions.isEmpty()) {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                // read_committed: the end is the last stable offset, so an open transaction is not waited for.
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                long progressAt = System.nanoTime();
                long lastPositions = -1;
                while (!reached(consumer, end)) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                        try {
                            accept(r, register, usage, notices, alerts, changes);
                        } catch (RuntimeException e) {
                            unreadable.merge(r.topic(), 1, Integer::sum);
                        }
                    }
                    long positions = positions(consumer, end);
                    if (positions != lastPositions) {
                        lastPositions = positions;
                        progressAt = System.nanoTime();
                    } else if (System.nanoTime() - progressAt > stall.toNanos()) {
                        throw new IllegalStateException("no progress reading " + TOPICS + " from " + bootstrap + " for "
                                + stall.toSeconds() + " s");
                    }
                }
            }
        }
        unreadable.forEach((topic, n) -> caveats.add(n + " record(s) of " + topic + " could not be read and are left out."));
        if (usage.isEmpty()) {
            caveats.add("No usage ledger was read from " + Topics.EXCEPTION_USAGE.name()
                    + ": no exception shows any use, so every exception in force is listed as unused.");
        }
        return ReportData.inPeriod(from, to, now, "Kafka " + bootstrap + " (topics read from the beginning up to their "
                + "end at " + Html.time(now) + ", committed records only)", List.copyOf(register.values()), usage,
                notices, alerts, changes, caveats);
    }

    private static void accept(ConsumerRecord<byte[], byte[]> r, Map<String, ExceptionEntry> register,
                               List<ExceptionUsage> usage, List<Notice> notices, List<Alert> alerts,
                               List<DirectoryChange> changes) {
        String topic = r.topic();
        if (topic.equals(Topics.REGISTER.name())) {
            if (r.key() == null) {
                throw new IllegalArgumentException("register record without key");
            }
            String id = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                register.remove(id);
            } else {
                register.put(id, read(Topics.REGISTER_SERDE, r));
            }
        } else if (r.value() == null) {
            // A usage tombstone: its entry left the register; earlier publications still tell the period's story.
            return;
        } else if (topic.equals(Topics.EXCEPTION_USAGE.name())) {
            usage.add(read(Topics.USAGE_SERDE, r));
        } else if (topic.equals(Topics.NOTICES.name())) {
            notices.add(read(Topics.NOTICE_SERDE, r));
        } else if (topic.equals(Topics.ALERTS.name())) {
            alerts.add(read(Topics.ALERT_SERDE, r));
        } else if (topic.equals(Topics.DIRECTORY_CHANGES.name())) {
            changes.add(read(Topics.CHANGE_SERDE, r));
        }
    }

    private static <T> T read(JsonSerde<T> serde, ConsumerRecord<byte[], byte[]> r) {
        try {
            return serde.read(r.value());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(r.topic() + "-" + r.partition() + "@" + r.offset() + ": " + Reasons.of(e), e);
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static long positions(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        long sum = 0;
        for (TopicPartition p : end.keySet()) {
            sum += consumer.position(p);
        }
        return sum;
    }
}
