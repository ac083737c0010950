package dev.mfawatch.cli.report;

import dev.mfawatch.detector.backtest.Backtest;
import dev.mfawatch.model.Reasons;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code report}: the audit evidence report, one self-contained HTML page, from the topics of a
 * running deployment or, with {@code --register}, from files through backtest.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        header = "Writes the audit evidence report: one self-contained HTML page.",
        description = {
                "Writes one HTML page an auditor can read offline: the register (owners, approvers, review dates, "
                        + "compensating controls), key indicators (counts by category and status, median duration, share "
                        + "with compensating controls, review SLA adherence, time to closure), usage per exception, "
                        + "unused and re-requested exceptions, MFA resets and factor changes and who performed them, "
                        + "alerts by rule and severity, notices, and charts of coverage, usage and alerts over time. "
                        + "The page loads nothing from anywhere: styles inline, charts embedded.",
                "From Kafka (default): reads mfa.register, mfa.exception.usage, mfa.register.notices, mfa.alerts and "
                        + "directory.changes from the beginning up to their current end (committed records only, no "
                        + "consumer group); KAFKA_* environment variables pass through to the consumer.",
                "From files: --register FILE [--principals FILE] [--input SOURCE:FILE …] runs the inputs through the "
                        + "detector's topology as backtest does (same SOURCE names).",
                "DATE is a day (2026-11-01, midnight UTC) or an instant (2026-11-01T12:00:00Z); the period is "
                        + "[--from, --to) by event time."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the page was written", "1:the data could not be read or the page not written",
                "2:invalid usage, unreadable register or input"})
public final class ReportCommand implements Callable<Integer> {

    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    private static final Duration STALL = Duration.ofSeconds(60);

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "The Kafka brokers; overrides KAFKA_BOOTSTRAP_SERVERS.")
    String bootstrapServers;

    @Option(names = "--from", paramLabel = "DATE", description = "Start of the period, inclusive (default: 30 days before --to).")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "End of the period, exclusive (default: now).")
    String to;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "mfa-watch-report.html",
            description = "Where to write the page (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--register", paramLabel = "FILE",
            description = "Read from files instead of Kafka: the exception register (CSV or JSON), validated as register-sync does.")
    Path register;

    @Option(names = "--principals", paramLabel = "FILE", description = "With --register: the identity inventory (CSV or JSON).")
    Path principals;

    @Option(names = "--input", paramLabel = "SOURCE:FILE",
            description = "With --register: an input as for backtest (canonical, changes or a raw source; a file or a "
                    + "directory); repeat for several.")
    List<String> inputs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final Supplier<Instant> clock;

    public ReportCommand() {
        this(System.getenv(), Instant::now);
    }

    /** For tests and embedding: the environment (Kafka and detector settings) and the clock. */
    public ReportCommand(Map<String, String> env, Supplier<Instant> clock) {
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant now = clock.get().truncatedTo(ChronoUnit.SECONDS);
        Instant end;
        Instant start;
        List<Backtest.Input> in = new ArrayList<>();
        try {
            end = to == null ? now : parseTime("--to", to);
            start = from == null ? end.minus(DEFAULT_PERIOD) : parseTime("--from", from);
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("--from " + start + " must be before --to " + end);
            }
            if (register == null && (principals != null || !inputs.isEmpty())) {
                throw new IllegalArgumentException("--principals and --input read files: give --register FILE too");
            }
            if (register != null && bootstrapServers != null) {
                throw new IllegalArgumentException("give either --bootstrap-servers (Kafka) or --register (files), not both");
            }
            for (String s : inputs) {
                Backtest.Input i = Backtest.Input.parse(s);
                if (i.path().equals("-")) {
                    throw new IllegalArgumentException("--input " + s + ": report reads its inputs twice; give a file");
                }
                if (!Files.isReadable(Path.of(i.path()))) {
                    throw new IllegalArgumentException("cannot read " + i.path());
                }
                in.add(i);
            }
        } catch (IllegalArgumentException e) {
            err.println("report: " + e.getMessage());
            err.flush();
            return 2;
        }
        ReportData data;
        try {
            data = register != null
                    ? FileReportSource.read(env, register, principals, in, start, end, now, err)
                    : KafkaReportSource.read(KafkaReportSource.consumerProps(env, bootstrapServers), start, end, now, STALL);
        } catch (IllegalArgumentException e) {
            err.println("report: " + e.getMessage());
            err.flush();
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("report: could not read " + (register != null ? "the files" : "Kafka") + ": " + Reasons.of(e));
            err.flush();
            return 1;
        }
        try {
            Path target = out.toAbsolutePath().normalize();
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.writeString(target, HtmlReport.render(data), StandardCharsets.UTF_8);
            stdout.printf("report: wrote %s (%d register entries, %d alerts, %d notices, %d changes; %s to %s)%n", target,
                    data.register().size(), data.alerts().size(), data.notices().size(), data.changes().size(),
                    data.from(), data.to());
            data.caveats().forEach(c -> err.println("report: note: " + c));
            stdout.flush();
            err.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("report: could not write " + out + ": " + Reasons.of(e));
            err.flush();
            return 1;
        }
    }

    /** A day ({@code 2026-11-01}, midnight UTC), an instant ({@code …Z}) or a time with offset. */
    static Instant parseTime(String option, String value) {
        String v = value.trim();
        try {
            return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notADay) {
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException notATime) {
                throw new IllegalArgumentException(option + ": expected a day (2026-11-01) or an instant "
                        + "(2026-11-01T12:00:00Z), got " + value);
            }
        }
    }
}
