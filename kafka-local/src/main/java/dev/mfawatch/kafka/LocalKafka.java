package dev.mfawatch.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.network.ListenerName;
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
    private final SecuredListener secured;

    private LocalKafka(KafkaClusterTestKit cluster, Duration startup, SecuredListener secured) {
        this.cluster = cluster;
        this.startup = startup;
        this.secured = secured;
    }

    public static LocalKafka start() {
        return start(Map.of());
    }

    /** Starts the broker and waits until it accepts clients; {@code overrides} win over {@link #SINGLE_NODE}. */
    public static LocalKafka start(Map<String, String> overrides) {
        return start(overrides, null);
    }

    /**
     * Starts the broker with a second listener, SASL_SSL with SCRAM-SHA-512 and ACLs enforced, beside
     * the usual PLAINTEXT one; each of {@code scramUsers} (name → password) can log in on it, with no
     * permission until {@link #grant} gives some. See {@link SecuredListener}.
     */
    public static LocalKafka startSecured(Map<String, String> scramUsers) {
        SecuredListener.Setup setup = SecuredListener.Setup.create();
        LocalKafka kafka = null;
        try {
            kafka = start(Map.of(), setup);
            kafka.secured().orElseThrow().addUsers(kafka.clientProps(), scramUsers);
            return kafka;
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            } else {
                setup.delete();
            }
            throw e;
        }
    }

    private static LocalKafka start(Map<String, String> overrides, SecuredListener.Setup secure) {
        Instant begin = Instant.now();
        Map<String, String> props = new HashMap<>(SINGLE_NODE);
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        if (secure != null) {
            props.putAll(secure.brokerProps(nodes.brokerListenerName().value(), nodes.controllerListenerName().value()));
        }
        props.putAll(overrides);
        KafkaClusterTestKit cluster = null;
        SecuredListener secured = null;
        try {
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            props.forEach(builder::setConfigProp);
            cluster = builder.build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            if (secure != null) {
                int port = cluster.brokers().values().iterator().next().boundPort(new ListenerName(SecuredListener.NAME));
                secured = secure.listener("localhost:" + port);
            }
        } catch (Exception e) {
            closeQuietly(cluster);
            throw new IllegalStateException("could not start the local Kafka broker: " + e.getMessage(), e);
        }
        LocalKafka kafka = new LocalKafka(cluster, Duration.between(begin, Instant.now()), secured);
        LOG.info("local Kafka broker ready on {}{} in {} ms", kafka.bootstrapServers(),
                secured == null ? "" : " (SASL_SSL on " + secured.bootstrapServers() + ")", kafka.startup.toMillis());
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

    /**
     * Client settings that reach this broker on its PLAINTEXT listener. On a broker started by
     * {@link #startSecured} that listener's anonymous principal is a super user: the test's own door.
     */
    public Map<String, Object> clientProps() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    /** The SASL_SSL listener, on a broker started by {@link #startSecured}. */
    public Optional<SecuredListener> secured() {
        return Optional.ofNullable(secured);
    }

    /** Creates ACLs (as the super user) and returns once the broker enforces them. */
    public void grant(java.util.Collection<org.apache.kafka.common.acl.AclBinding> acls) {
        secured().orElseThrow(() -> new IllegalStateException("ACLs need a broker from startSecured()"))
                .grant(clientProps(), acls);
    }

    @Override
    public void close() {
        closeQuietly(cluster);
        if (secured != null) {
            secured.delete();
        }
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
