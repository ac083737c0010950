package dev.mfawatch.cli.scenario;

import dev.mfawatch.detector.cli.BacktestCommand;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.alert.Alert;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs a command object in this JVM as the launcher would, capturing what it prints. */
public final class Commands {

    private Commands() {
    }

    public record Ran(int exitCode, String out, String err) {
        public Ran expectSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    public static Ran run(Object command, String... args) {
        CommandLine cli = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Ran(code, out.toString(), err.toString());
    }

    /** Each stdout line parsed as an {@link Alert} (what {@code alerts --json} and {@code backtest} print). */
    public static List<Alert> alerts(String jsonLines) {
        List<Alert> alerts = new ArrayList<>();
        for (String line : jsonLines.split("\n")) {
            if (!line.isBlank()) {
                try {
                    alerts.add(Json.MAPPER.readValue(line, Alert.class));
                } catch (IOException e) {
                    throw new UncheckedIOException("not an alert: " + line, e);
                }
            }
        }
        return alerts;
    }

    /** {@code backtest --register R [--principals P] --input …}: the alerts it computes. */
    public static List<Alert> backtest(Map<String, String> env, String register, List<String> inputs) {
        List<String> args = new ArrayList<>(List.of("--register", register));
        inputs.forEach(i -> args.addAll(List.of("--input", i)));
        return alerts(run(new BacktestCommand(env), args.toArray(String[]::new)).expectSuccess().out());
    }
}
