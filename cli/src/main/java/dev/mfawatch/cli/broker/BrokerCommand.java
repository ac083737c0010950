package dev.mfawatch.cli.broker;

import dev.mfawatch.kafka.StandaloneBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code broker}: a standalone single-node Kafka broker for the other commands, without Docker. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        header = "Runs a single-node Kafka broker on localhost (no Docker).",
        description = {
                "Starts a single-node Apache Kafka broker (KRaft, broker and controller in one process, the same "
                        + "Kafka build as the demo) listening on localhost:PORT, and prints 'broker ready on "
                        + "localhost:PORT' once it accepts clients. Internal topics use replication factor 1 and "
                        + "topics are not created automatically (the apps create theirs). Records are kept without a time "
                        + "limit (log.retention.ms=-1): replayed logs carry their events' old timestamps.",
                "With --data-dir the logs are kept in DIR across restarts (DIR is formatted only the first "
                        + "time); without it a fresh temporary directory is used and removed on exit. Ctrl-C or "
                        + "SIGTERM stops the broker cleanly."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped on request", "1:could not start (port in use, unreadable data directory)"})
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the broker's data here across restarts; default: a temporary directory.")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "The client port on localhost (default: ${DEFAULT-VALUE}).")
    int port;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StandaloneBroker broker;
        try {
            broker = StandaloneBroker.start(dataDir, port, Map.of());
            awaitClients(broker);
        } catch (Exception e) {
            err.println("broker: could not start on localhost:" + port + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        // SIGTERM / Ctrl-C: a controlled shutdown, then the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "mfawatch-broker-shutdown"));
        out.println("broker ready on " + broker.bootstrapServers());
        out.flush();
        broker.awaitShutdown();
        return 0;
    }

    /** The ready line promises that a client gets an answer: ask for the cluster's nodes once. */
    private static void awaitClients(StandaloneBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        }
    }
}
