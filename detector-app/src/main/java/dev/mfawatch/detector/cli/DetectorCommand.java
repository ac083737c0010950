package dev.mfawatch.detector.cli;

import dev.mfawatch.detector.DetectorApp;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.model.config.Durations;
import dev.mfawatch.model.config.KafkaSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code detector}: runs the detector against the Kafka named by {@code KAFKA_BOOTSTRAP_SERVERS}
 * until SIGTERM / Ctrl-C (or {@code --duration}). Exit code 0 after a requested stop, 1 if Kafka
 * Streams died, 2 for a configuration error. This is the only place that reads the environment.
 */
@Command(name = "detector", mixinStandardHelpOptions = true,
        header = "Runs the detector on a Kafka cluster (KAFKA_* settings).",
        description = {
                "Watches canonical sign-ins on signin.events and directory changes on directory.changes (and "
                        + "normalizes raw provider logs from idp.raw.SOURCE) against the MFA exception register on "
                        + "mfa.register and the identity inventory on directory.principals, and publishes alerts to "
                        + "mfa.alerts: MFA_NOT_SATISFIED, EXPIRED_EXCEPTION_USED, EXCEPTION_SCOPE_VIOLATION, "
                        + "UNAPPROVED_EXCLUSION_CHANGE, BREAK_GLASS_SIGNIN, IMPOSSIBLE_TRAVEL, OATH_DESYNC, "
                        + "FACTOR_SWAP, MFA_FATIGUE and RECOVERY_CODE_USED, one per rule and principal per window.",
                "Configured by environment variables: KAFKA_* pass through to the Kafka clients (e.g. "
                        + "KAFKA_BOOTSTRAP_SERVERS, TLS and SASL settings); MFAWATCH_* configure the app "
                        + "(MFAWATCH_HTTP_PORT, default 8080, serves /metrics, /health and /ready). "
                        + "MFAWATCH_CONFIG_FILE names an optional properties file."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped on request", "1:could not start, or Kafka Streams failed", "2:invalid configuration or usage"})
public final class DetectorCommand implements Callable<Integer> {

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stop by itself after this long (e.g. 90s, 10m); default: run until SIGTERM / Ctrl-C.")
    String duration;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "The Kafka brokers; overrides KAFKA_BOOTSTRAP_SERVERS.")
    String bootstrapServers;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    public DetectorCommand() {
        this(System.getenv());
    }

    /** For tests and embedding: the environment to read instead of the process's. */
    public DetectorCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DetectorCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        DetectorConfig config;
        Duration runFor;
        try {
            config = DetectorConfig.from(KafkaSettings.withBootstrap(env, bootstrapServers));
            runFor = duration == null ? null : Durations.parse("--duration", duration);
        } catch (IllegalArgumentException e) {
            err.println("detector: " + e.getMessage());
            return 2;
        }
        DetectorApp app;
        try {
            app = DetectorApp.start(config);
        } catch (RuntimeException e) {
            // Unreachable brokers, a port in use, bad client settings: say so in one line.
            err.println("detector: could not start: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(app::close, "mfawatch-detector-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            boolean stopped = runFor == null ? awaitForever(app) : app.awaitTermination(runFor);
            if (!stopped) {
                // --duration elapsed while running normally.
                app.close();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting and the hook is closing the app.
            }
        }
        if (app.failed()) {
            err.println("detector: Kafka Streams failed: " + app.failureReason());
            app.close();
            return 1;
        }
        app.close();
        return 0;
    }

    private static boolean awaitForever(DetectorApp app) throws InterruptedException {
        app.awaitTermination();
        return true;
    }
}
