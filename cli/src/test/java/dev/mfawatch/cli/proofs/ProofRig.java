package dev.mfawatch.cli.proofs;

import static org.awaitility.Awaitility.await;

import dev.mfawatch.cli.alerts.AlertsCommand;
import dev.mfawatch.cli.process.Launched;
import dev.mfawatch.cli.scenario.Commands;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.register.cli.RegisterSyncCommand;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the proofs share: a {@code broker} process on a fixed port with a persistent data directory
 * (restartable), the example register published, detector and replay processes started as a user
 * starts them, the committed alerts read back with {@code alerts}, and the comparison with
 * {@code backtest}.
 */
final class ProofRig implements AutoCloseable {

    static final Path REGISTER = Path.of("..", "examples", "register.csv").toAbsolutePath().normalize();

    private final Path dir;
    private final int port;
    private Launched broker;
    private int brokerStarts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ProofRig(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static ProofRig start(Path dir) {
        ProofRig rig = new ProofRig(dir, Launched.freePort());
        rig.startBroker();
        return rig;
    }

    String bootstrap() {
        return "localhost:" + port;
    }

    Path dir() {
        return dir;
    }

    void startBroker() {
        brokerStarts++;
        broker = Launched.start(dir, "broker-" + brokerStarts, Map.of(), "broker", "--data-dir",
                dir.resolve("kafka-data").toString(), "--port", String.valueOf(port));
        broker.awaitLine("broker ready on " + bootstrap(), Duration.ofSeconds(120));
    }

    /** SIGTERM: the broker's clean stop; returns its exit code. */
    int stopBroker() {
        return broker.terminate();
    }

    void publishRegister() {
        Commands.run(new RegisterSyncCommand(Map.of("MFAWATCH_HTTP_PORT", "0")), "--bootstrap-servers", bootstrap(),
                "--register", REGISTER.toString()).expectSuccess();
    }

    /** A detector process; {@code env} adds to the defaults (its own state dir and HTTP port come from the caller). */
    Launched detector(String name, String applicationId, Path stateDir, int httpPort, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("MFAWATCH_APPLICATION_ID", applicationId,
                "MFAWATCH_STATE_DIR", stateDir.toString(), "MFAWATCH_HTTP_PORT", String.valueOf(httpPort),
                "MFAWATCH_HTTP_HOST", "127.0.0.1", "MFAWATCH_SOURCES", "none",
                // Several detectors run at once: each serves its query API on a free port.
                "MFAWATCH_API_PORT", "0"));
        all.putAll(env);
        return Launched.start(dir, name, all, "detector", "--bootstrap-servers", bootstrap());
    }

    Launched replay(String name, Path file, int rate) {
        return Launched.start(dir, name, Map.of(), "replay", "--bootstrap-servers", bootstrap(), "--source", "canonical",
                "--rate", String.valueOf(rate), file.toString());
    }

    /** True when the app's {@code /ready} answers 200. */
    boolean ready(int httpPort) {
        return status(httpPort, "/ready") == 200;
    }

    /** The HTTP status of {@code path}, or -1 when nothing answers. */
    int status(int httpPort, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Every committed alert record on mfa.alerts, in partition order, through {@code alerts --json}. */
    List<Alert> liveAlerts() {
        return Commands.alerts(Commands.run(new AlertsCommand(Map.of()), "--bootstrap-servers", bootstrap(),
                "--from-beginning", "--json").expectSuccess().out());
    }

    /** Waits until every alert id of {@code expected} is on mfa.alerts (or the deadline passes). */
    List<Alert> awaitAlerts(List<Alert> expected, Duration deadline) {
        Set<String> want = ids(expected);
        try {
            await("every backtest alert id on mfa.alerts").atMost(deadline).pollInterval(Duration.ofSeconds(2))
                    .until(() -> ids(liveAlerts()).containsAll(want));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Compared (and reported) below.
        }
        return liveAlerts();
    }

    static List<Alert> backtest(Path canonical) {
        return Commands.backtest(Map.of(), REGISTER.toString(), List.of("canonical:" + canonical));
    }

    static Set<String> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::alertId).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Up to 10 of {@code ids} as {@code rule principal firstSeen count}, for a failure's diagnosis. */
    static String describe(Set<String> ids, List<Alert> from) {
        return from.stream().filter(a -> ids.contains(a.alertId())).collect(Collectors.toMap(Alert::alertId, a -> a, (x, y) -> y,
                TreeMap::new)).values().stream().limit(10)
                .map(a -> a.rule() + " " + a.principal() + " " + a.firstSeen() + " x" + a.count()).toList().toString();
    }

    /** The live alerts against backtest's: ids missing and extra, repeated (alertId, count, lastSeen), per-rule ids. */
    record Verdict(Set<String> missing, Set<String> extra, int duplicates, Map<String, Long> liveByRule,
                   Map<String, Long> backtestByRule, int liveRecords, int backtestIds) {
        static Verdict of(List<Alert> live, List<Alert> backtest) {
            Set<String> liveIds = ids(live);
            Set<String> expected = ids(backtest);
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(liveIds);
            Set<String> extra = new TreeSet<>(liveIds);
            extra.removeAll(expected);
            Map<String, Long> versions = live.stream().collect(Collectors.groupingBy(
                    a -> a.alertId() + "|" + a.count() + "|" + a.lastSeen(), Collectors.counting()));
            int duplicates = (int) versions.values().stream().mapToLong(n -> n - 1).sum();
            return new Verdict(missing, extra, duplicates, byRule(live), byRule(backtest), live.size(), expected.size());
        }

        private static Map<String, Long> byRule(List<Alert> alerts) {
            return alerts.stream().collect(Collectors.groupingBy(Alert::rule, TreeMap::new,
                    Collectors.mapping(Alert::alertId, Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
        }

        String figures() {
            return "alerts=" + (backtestIds - missing.size() + extra.size()) + " backtest=" + backtestIds + " missing="
                    + missing.size() + " extra=" + extra.size() + " duplicates=" + duplicates + " records=" + liveRecords
                    + " byRule=" + liveByRule;
        }
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
