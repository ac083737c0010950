package dev.mfawatch.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker (combined broker + controller) on {@code localhost:PORT} with its data
 * in a directory that survives restarts: the same Kafka server classes as {@link LocalKafka}, but a
 * fixed client port and a persistent log directory, which the test kit does not offer. The directory
 * is formatted only when it holds no {@code meta.properties} yet; a restart reuses its cluster id and
 * node id. The controller listens on a free loopback port picked at each start (static quorum of one:
 * the voter's address lives in the configuration, not in the data).
 */
public final class StandaloneBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneBroker.class);
    static final int NODE_ID = 1;
    private static final String CONTROLLER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final int port;
    private final Path dataDir;
    private final boolean temporary;
    private boolean closed;

    private StandaloneBroker(KafkaRaftServer server, int port, Path dataDir, boolean temporary) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
        this.temporary = temporary;
    }

    /**
     * Starts the broker and returns once it has started (clients can connect).
     *
     * @param dataDir   where the logs live; {@code null} for a fresh temporary directory removed on close
     * @param port      the client port on localhost
     * @param overrides broker settings that win over {@link LocalKafka#SINGLE_NODE}
     */
    public static StandaloneBroker start(Path dataDir, int port, Map<String, String> overrides) throws IOException {
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("mfa-watch-broker-") : dataDir.toAbsolutePath();
        Files.createDirectories(dir);
        Properties props = properties(dir, port, freePort(), overrides);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        boolean fresh = !formatted(dir);
        if (fresh) {
            format(dir);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            if (temporary) {
                deleteQuietly(dir);
            }
            throw e;
        }
        LOG.info("broker started on localhost:{} with data in {} ({})", port, dir, fresh ? "formatted" : "existing data");
        return new StandaloneBroker(server, port, dir, temporary);
    }

    /** True when {@code dir} already holds a formatted log directory. */
    public static boolean formatted(Path dir) {
        return Files.isRegularFile(dir.resolve("meta.properties"));
    }

    static Properties properties(Path dir, int port, int controllerPort, Map<String, String> overrides) {
        Map<String, String> p = new HashMap<>(LocalKafka.SINGLE_NODE);
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("log.dirs", dir.toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // No time-based retention: replay stamps records with their events' own (often weeks-old)
        // times, and Kafka's default 7 days would delete such records (and the alerts, which inherit
        // the time) at the first retention check, 30 s after start.
        p.put("log.retention.ms", "-1");
        p.putAll(overrides);
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    /** Writes meta.properties and the bootstrap metadata, as {@code kafka-storage format} does. */
    private static void format(Path dir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dir.toString()))
                    .setMetadataLogDirectory(dir.toString())
                    .setControllerListenerName(CONTROLLER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format " + dir + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("localhost", 0));
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Blocks until the broker has shut down. */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    /** Stops the broker cleanly (a controlled shutdown) and removes a temporary data directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (temporary) {
            deleteQuietly(dataDir);
        }
        LOG.info("broker on localhost:{} stopped", port);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not remove {}: {}", dir, e.toString());
        }
    }
}
