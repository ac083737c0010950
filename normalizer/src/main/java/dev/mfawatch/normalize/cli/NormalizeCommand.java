package dev.mfawatch.normalize.cli;

import dev.mfawatch.model.Json;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.model.Topics;
import dev.mfawatch.normalize.NormalizerConfig;
import dev.mfawatch.normalize.Outcome;
import dev.mfawatch.normalize.read.ExportNormalizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mfa-watch normalize --source S [FILE|DIR|-]…}: checks offline, without a broker, that a
 * provider export is understood. Prints canonical events as JSON lines on stdout; every record
 * that cannot be mapped goes to stderr with its position and reason; a summary line ends stderr.
 * Reading, normalizing and correlating are {@link ExportNormalizer}'s, shared with backtest and drift.
 */
@Command(name = "normalize", mixinStandardHelpOptions = true,
        header = "Turns a provider's exported log into canonical events, offline.",
        description = {"Turns an identity-provider export into canonical sign-in and directory-change events "
                + "(JSON lines on stdout), reporting every record it cannot map on stderr.",
                "Input: files, directories (read recursively in name order) or - for stdin; gzip or plain; "
                        + "JSON lines, JSON documents, arrays, provider envelopes ({\"value\":[…]}, {\"records\":[…]}, "
                        + "{\"Records\":[…]}, {\"items\":[…]}, Log Analytics {\"tables\":[…]}) or CSV "
                        + "(Log Analytics / Sentinel exports)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the input was read; every mappable event was printed (unmappable records are on stderr)",
            "1:--strict was given and at least one record could not be mapped",
            "2:usage error (unknown --source, bad option)",
            "3:the input could not be read"})
public final class NormalizeCommand implements Callable<Integer> {

    public static final int EXIT_STRICT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNREADABLE = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "SOURCE",
            description = "One of: entra-signin, entra-audit, okta, cloudtrail, google.")
    private String source;

    @Parameters(arity = "0..*", paramLabel = "FILE", defaultValue = "-",
            description = "Files or directories to read; - (the default) reads stdin.")
    private List<String> files;

    @Option(names = "--max-record-bytes", paramLabel = "BYTES", defaultValue = "" + NormalizerConfig.DEFAULT_MAX_RECORD_BYTES,
            description = "Largest record (line, array element or document) accepted (default: ${DEFAULT-VALUE}).")
    private int maxRecordBytes;

    @Option(names = "--strict", description = "Exit 1 when any record could not be mapped.")
    private boolean strict;

    @Option(names = "--show-skipped", description = "Also list deliberately skipped events on stderr.")
    private boolean showSkipped;

    @Option(names = "--no-correlate", negatable = false,
            description = "Print Okta session starts, MFA steps and policy evaluations as they are, instead of "
                    + "merging each session's MFA steps into its session start (30 s wait, as the live topology).")
    private boolean noCorrelate;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Topics.RAW_SOURCES.contains(source)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown --source '" + source
                    + "', expected one of " + Topics.RAW_SOURCES);
        }
        if (maxRecordBytes <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-record-bytes must be positive");
        }
        NormalizerConfig config;
        try {
            // MFAWATCH_GEOIP_DB locates sign-ins without coordinates, as in the detector.
            config = NormalizerConfig.from(System.getenv()).withMaxRecordBytes(maxRecordBytes);
        } catch (IllegalArgumentException e) {
            err.println("normalize: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        try (config) {
            return run(config, out, err);
        }
    }

    private int run(NormalizerConfig config, PrintWriter out, PrintWriter err) {
        ExportNormalizer pipeline = new ExportNormalizer(source, config, !noCorrelate);
        ExportNormalizer.Listener listener = new ExportNormalizer.Listener() {
            @Override
            public void event(Object event) {
                try {
                    out.println(Json.MAPPER.writeValueAsString(event));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void problem(Outcome o, String position) {
                if (o instanceof Outcome.Failure f) {
                    err.println(position + ": " + f.reason() + ": " + f.message());
                } else if (o instanceof Outcome.Skip s && showSkipped) {
                    err.println(position + ": skipped: " + s.reason());
                }
            }
        };
        try {
            pipeline.run(files, System.in, listener);
        } catch (IOException | RuntimeException e) {
            out.flush();
            err.println("normalize: cannot read " + String.join(" ", files) + ": " + Reasons.of(e));
            err.flush();
            return EXIT_UNREADABLE;
        }
        ExportNormalizer.Summary summary = pipeline.summary();
        err.println("normalize: " + summary.events() + " events printed, " + summary.skipped() + " skipped "
                + summary.skipReasons() + ", " + summary.failed() + " failed " + summary.failReasons()
                + summary.droppedPart());
        out.flush();
        err.flush();
        return strict && summary.failed() > 0 ? EXIT_STRICT_FAILURE : 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new NormalizeCommand()).execute(args));
    }
}
