package dev.mfawatch.cli;

import dev.mfawatch.cli.alerts.AlertsCommand;
import dev.mfawatch.cli.bench.BenchCommand;
import dev.mfawatch.cli.broker.BrokerCommand;
import dev.mfawatch.cli.demo.DemoCommand;
import dev.mfawatch.cli.drift.DriftCommand;
import dev.mfawatch.cli.replay.ReplayCommand;
import dev.mfawatch.cli.report.ReportCommand;
import dev.mfawatch.detector.cli.BacktestCommand;
import dev.mfawatch.detector.cli.DetectorCommand;
import dev.mfawatch.normalize.cli.NormalizeCommand;
import dev.mfawatch.register.cli.RegisterCommand;
import dev.mfawatch.register.cli.RegisterSyncCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one launcher: {@code ./mfa-watch COMMAND}. Each command lives with the app it runs. */
@Command(name = "mfa-watch",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = Version.class,
        description = "Watches identity-provider sign-in and audit logs and proves that every MFA exception "
                + "is approved, in scope and unexpired.",
        subcommands = {DemoCommand.class, DetectorCommand.class, RegisterSyncCommand.class, RegisterCommand.class,
                NormalizeCommand.class, DriftCommand.class, BacktestCommand.class,
                BrokerCommand.class, ReplayCommand.class, AlertsCommand.class, ReportCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class MfaWatch implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && ("demo".equals(args[0]) || "bench".equals(args[0]))) {
            // The demo and the bench run a broker in this JVM; keep its chatter out of their output.
            // Must be set before the first logger is created.
            System.setProperty("MFAWATCH_KAFKA_LOG_LEVEL", System.getProperty("MFAWATCH_KAFKA_LOG_LEVEL", "ERROR"));
            if (System.getenv("MFAWATCH_LOG_LEVEL") == null) {
                // The bench dead-letters poison on purpose: one WARN per record would bury its progress.
                System.setProperty("MFAWATCH_LOG_LEVEL", System.getProperty("MFAWATCH_LOG_LEVEL",
                        "bench".equals(args[0]) ? "ERROR" : "WARN"));
            }
        }
        int code = commandLine().execute(args);
        // An in-process broker leaves non-daemon threads behind: exit explicitly.
        System.exit(code);
    }

    public static CommandLine commandLine() {
        return HelpLayout.apply(new CommandLine(new MfaWatch()).setCaseInsensitiveEnumValuesAllowed(true));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
