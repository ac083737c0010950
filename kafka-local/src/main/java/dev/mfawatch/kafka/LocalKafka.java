package dev.mfawatch.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller) inside this JVM,
 * on 127.0.0.1 with a random port and its data in a temporary directory deleted on close.
 * Integration tests and the demo both use it; nothing here is a mock.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

    /**
     * A single node cannot meet the default replication factor of 3 for the internal topics;
     * without these settings consumers and transactions silently stall (see docs/KAFKA-LOCAL.md).
     */
    public static final Map<String, String> SINGLE_NODE = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "4",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "4",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0",
            "group.streams.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "false");

    private final KafkaClusterTestKit cluster;
    private final Duration startup;

    private LocalKafka(KafkaClusterTestKit cluster, Duration startup) {
        this.cluster = cluster;
        this.startup = startup;
    }

    public static LocalKafka start() {
        return start(Map.of());
    }

    /** Starts the broker and waits until it accepts clients; {@code overrides} win over {@link #SINGLE_NODE}. */
    public static LocalKafka start(Map<String, String> overrides) {
        Instant begin = Instant.now();
        Map<String, String> props = new HashMap<>(SINGLE_NODE);
        props.putAll(overrides);
        KafkaClusterTestKit cluster = null;
        try {
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build());
            props.forEach(builder::setConfigProp);
            cluster = builder.build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            closeQuietly(cluster);
            throw new IllegalStateException("could not start the local Kafka broker: " + e.getMessage(), e);
        }
        LocalKafka kafka = new LocalKafka(cluster, Duration.between(begin, Instant.now()));
        LOG.info("local Kafka broker ready on {} in {} ms", kafka.bootstrapServers(), kafka.startup.toMillis());
        return kafka;
    }

    /**
     * Kafka's storage formatter prints its bootstrap metadata to {@code System.out}; callers such as
     * the demo use stdout for their own output, so the formatter's lines are kept out of it.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        java.io.PrintStream out = System.out;
        synchronized (LocalKafka.class) {
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            try {
                cluster.format();
            } finally {
                System.setOut(out);
            }
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** How long start() took from call to a broker ready for clients. */
    public Duration startupTime() {
        return startup;
    }

    /** Client settings that reach this broker. */
    public Map<String, Object> clientProps() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    @Override
    public void close() {
        closeQuietly(cluster);
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("error while stopping the local Kafka broker: {}", e.toString());
        }
    }
}
