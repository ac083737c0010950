package dev.mfawatch.register.cli;

import dev.mfawatch.model.AccessDenied;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.model.config.KafkaSettings;
import dev.mfawatch.model.ops.OpsServer;
import dev.mfawatch.register.RegisterSync;
import dev.mfawatch.register.SyncResult;
import dev.mfawatch.register.metrics.RegisterMetrics;
import dev.mfawatch.register.watch.RegisterWatcher;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code register-sync --register FILE}: publishes the register (and inventory) to Kafka. */
@Command(name = "register-sync", mixinStandardHelpOptions = true,
        header = "Validates the register and publishes its changes to Kafka.",
        description = {"Validates the register and publishes what changed to mfa.register (tombstones for removed "
                + "entries), the identity inventory to directory.principals and due notices to mfa.register.notices.",
                "Kafka settings come from KAFKA_* environment variables (KAFKA_BOOTSTRAP_SERVERS, "
                        + "KAFKA_SECURITY_PROTOCOL, ...).",
                "Exit codes: 0 all entries valid and published, 1 some entries invalid (the valid ones were "
                        + "published), 2 the file could not be read or Kafka could not be reached."})
public final class RegisterSyncCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RegisterSyncCommand.class);

    @Option(names = "--register", required = true, paramLabel = "FILE", description = "The register, .csv or .json")
    Path register;

    @Option(names = "--principals", paramLabel = "FILE", description = "Identity inventory, .csv or .json")
    Path principals;

    @Option(names = "--watch", description = "Keep running: re-sync when the file changes, at each expiry and every "
            + "MFAWATCH_REGISTER_RESYNC (default 5m); serve /metrics, /health, /ready on MFAWATCH_HTTP_PORT (default 8081)")
    boolean watch;

    @Option(names = "--dry-run", description = "Print what would be published and publish nothing")
    boolean dryRun;

    @Option(names = "--now", hidden = true, paramLabel = "ISO-INSTANT", description = "Pin the clock (testing)")
    String now;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "The Kafka brokers; overrides KAFKA_BOOTSTRAP_SERVERS.")
    String bootstrapServers;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    public RegisterSyncCommand() {
        this(System.getenv());
    }

    /** For tests and embedding: the environment to read settings from. */
    public RegisterSyncCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Settings settings = Settings.from(KafkaSettings.withBootstrap(env, bootstrapServers));
        if (settings.kafka().get(Settings.BOOTSTRAP) == null) {
            err.println("KAFKA_BOOTSTRAP_SERVERS is not set and no --bootstrap-servers given: register-sync needs a Kafka cluster"
                    + " (use 'register validate FILE' to check a register without one)");
            err.flush();
            return 2;
        }
        LOG.info("register-sync on Kafka {}", KafkaSettings.redacted(settings.kafka()));
        Clock clock = Settings.clock(now);
        RegisterMetrics metrics = new RegisterMetrics();
        try (RegisterSync sync = new RegisterSync(settings.kafka(), clock, settings.options(), metrics)) {
            if (!watch) {
                SyncResult result = sync.syncOnce(register, principals, dryRun);
                print(result, out);
                return exitCode(result);
            }
            return watch(sync, metrics, settings, clock, out);
        } catch (RuntimeException e) {
            // A missing ACL or a failed login: one line naming what to grant or fix.
            err.println("register-sync failed: " + AccessDenied.explain(e, settings.kafka(), RegisterSync.accessNeeds())
                    .orElseGet(() -> Reasons.of(e)));
            err.flush();
            return 2;
        }
    }

    private int watch(RegisterSync sync, RegisterMetrics metrics, Settings settings, Clock clock, PrintWriter out)
            throws InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics.bindTo(registry);
        try (RegisterWatcher watcher = new RegisterWatcher(sync, register, principals, clock, settings.poll(),
                settings.resync(), r -> print(r, out));
             OpsServer ops = OpsServer.start(settings.httpHost(), settings.httpPort(), registry::scrape,
                     watcher::healthy, watcher::ready)) {
            // Ctrl-C / SIGTERM end the watch loop; try-with-resources then closes the server and clients.
            Runtime.getRuntime().addShutdownHook(new Thread(watcher::close, "register-sync-shutdown"));
            out.println("watching " + register + "; /metrics, /health, /ready on port " + ops.port());
            out.flush();
            watcher.run();
            return 0;
        }
    }

    private static void print(SyncResult result, PrintWriter out) {
        result.problems().forEach(out::println);
        if (result.dryRun()) {
            result.changes().forEach(out::println);
        }
        out.println(result.summary());
        out.flush();
    }

    private static int exitCode(SyncResult result) {
        boolean unreadable = result.problems().stream().anyMatch(p -> p.startsWith("register:") && !p.contains("warning:")
                || p.startsWith("inventory:"));
        return unreadable ? 2 : result.hasErrors() ? 1 : 0;
    }
}
