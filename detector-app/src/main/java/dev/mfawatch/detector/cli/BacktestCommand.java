package dev.mfawatch.detector.cli;

import dev.mfawatch.detector.backtest.Backtest;
import dev.mfawatch.detector.ocsf.DetectionFindings;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.register.RegisterSync;
import dev.mfawatch.register.read.InventoryFile;
import dev.mfawatch.register.read.InventoryReader;
import dev.mfawatch.register.validate.Problem;
import dev.mfawatch.register.validate.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backtest}: the live topology over exported files, without a broker. Alerts go to standard
 * output as JSON lines (an update of a suppressed alert repeats its alertId with a higher count), or with
 * {@code --format ocsf} as OCSF Detection Findings (Create, then Update for such an update);
 * register problems, skipped lines and the summary by rule go to standard error, so the output
 * pipes straight into {@code jq}.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        header = "Runs the detector offline over exported logs.",
        description = {
                "Run the detector's topology offline over exported logs, in event-time order, and print the alerts",
                "as JSON lines (stdout), then a summary by rule (stderr). Thresholds and windows come from the same",
                "MFAWATCH_* variables as the detector. SOURCE is canonical (signin.events JSON lines), changes",
                "(directory.changes JSON lines), or a raw provider source (entra-signin, okta, ...) read as",
                "idp.raw.SOURCE when this build's topology normalizes raw topics."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:ran (alerts or not)", "1:the run failed", "2:invalid usage, unreadable register or input"})
public final class BacktestCommand implements Callable<Integer> {

    @Option(names = "--register", required = true, paramLabel = "FILE", description = "The exception register (CSV or JSON), validated as register-sync does.")
    Path register;

    @Option(names = "--principals", paramLabel = "FILE", description = "The identity inventory (CSV or JSON), as for register-sync.")
    Path principals;

    @Option(names = "--input", required = true, paramLabel = "SOURCE:FILE",
            description = "An input: a file, a directory (read recursively) or - for stdin, in any shape normalize reads; "
                    + "repeat for several.")
    List<String> inputs;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json (the alerts as on mfa.alerts, default) or ocsf (each alert as an OCSF " + DetectionFindings.OCSF_VERSION + " Detection "
                    + "Finding, as on mfa.alerts.ocsf).")
    String format;

    @Option(names = "--now", paramLabel = "INSTANT", description = "The time the register is validated at (default: now).")
    String now;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    public BacktestCommand() {
        this(System.getenv());
    }

    public BacktestCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Backtest.Input> in = new ArrayList<>();
        Function<Alert, String> render = switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> BacktestCommand::alertJson;
            // The same mapper as the live mfa.alerts.ocsf topic.
            case "ocsf" -> DetectionFindings::json;
            default -> null;
        };
        if (render == null) {
            err.println("backtest: --format: expected json or ocsf, got " + format);
            return 2;
        }
        Instant at;
        try {
            at = now == null ? Instant.now() : Instant.parse(now);
            for (String spec : inputs) {
                Backtest.Input i = Backtest.Input.parse(spec);
                if (!i.path().equals("-") && !Files.isReadable(Path.of(i.path()))) {
                    err.println("backtest: cannot read " + i.path());
                    return 2;
                }
                in.add(i);
            }
        } catch (RuntimeException e) {
            err.println("backtest: " + e.getMessage());
            return 2;
        }
        ValidationReport report = RegisterSync.validate(register, principals, at);
        for (Problem p : report.problems()) {
            err.println(p.line());
        }
        if (!report.readable()) {
            err.println("backtest: cannot read the register " + register);
            return 2;
        }
        List<Principal> inventory = List.of();
        if (principals != null) {
            InventoryFile file = InventoryReader.read(principals);
            if (!file.readable()) {
                err.println("backtest: cannot read the inventory " + principals);
                return 2;
            }
            inventory = file.principals();
        }
        Path stateDir = null;
        try {
            stateDir = Files.createTempDirectory("mfa-watch-backtest");
            Backtest.Result result = Backtest.run(env, stateDir, report.valid(), inventory, in, System.in,
                    alert -> out.println(render.apply(alert)));
            out.flush();
            result.problems().forEach(err::println);
            result.summaries().forEach((input, line) -> err.println("read " + input + ": " + line));
            summary(err, result, report.valid().size(), inventory.size());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("backtest: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("backtest: failed: " + e.getMessage());
            return 1;
        } finally {
            delete(stateDir);
        }
    }

    private static String alertJson(Alert alert) {
        try {
            return Json.MAPPER.writeValueAsString(alert);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void summary(PrintWriter err, Backtest.Result r, int entries, int principals) {
        Map<String, long[]> byRule = new TreeMap<>();
        for (Alert a : r.alerts()) {
            long[] c = byRule.computeIfAbsent(a.rule(), k -> new long[2]);
            c[0]++;
        }
        // Distinct alerts (an update repeats the id): count ids per rule.
        Map<String, java.util.Set<String>> ids = new TreeMap<>();
        r.alerts().forEach(a -> ids.computeIfAbsent(a.rule(), k -> new java.util.HashSet<>()).add(a.alertId()));
        err.printf(Locale.ROOT, "summary: %d records, %d register entries, %d principals, %d alerts (%d records), %.0f events/s%n",
                r.records(), entries, principals, ids.values().stream().mapToInt(java.util.Set::size).sum(), r.alerts().size(),
                r.eventsPerSecond());
        byRule.forEach((rule, c) -> err.printf(Locale.ROOT, "  %-28s %d%n", rule, ids.get(rule).size()));
        if (!r.problems().isEmpty()) {
            err.printf(Locale.ROOT, "  %d input events could not be read (listed above)%n", r.problems().size());
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
