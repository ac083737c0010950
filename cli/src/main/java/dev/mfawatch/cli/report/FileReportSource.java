package dev.mfawatch.cli.report;

import dev.mfawatch.detector.backtest.Backtest;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.usage.ExceptionUsage;
import dev.mfawatch.normalize.NormalizerConfig;
import dev.mfawatch.normalize.read.ExportNormalizer;
import dev.mfawatch.normalize.read.ExportReader;
import dev.mfawatch.register.RegisterSync;
import dev.mfawatch.register.notice.NoticePlanner;
import dev.mfawatch.register.read.InventoryFile;
import dev.mfawatch.register.read.InventoryReader;
import dev.mfawatch.register.validate.Problem;
import dev.mfawatch.register.validate.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The report's data from files, without a broker: the register (validated as register-sync
 * validates it) and the inputs run through the detector's topology by {@link Backtest}, which
 * gives the alerts, each exception's usage ledger at the end of the inputs and the notices. The
 * directory changes are read from the same inputs ({@code changes} files, and the changes a raw
 * audit source normalizes to).
 */
final class FileReportSource {

    private FileReportSource() {
    }

    /**
     * @param err where register problems and unreadable input go, as {@code backtest} prints them
     * @throws IllegalArgumentException the register or the inventory cannot be read, or an input is refused
     */
    static ReportData read(Map<String, String> env, Path registerFile, Path principalsFile, List<Backtest.Input> inputs,
                           Instant from, Instant to, Instant now, PrintWriter err) throws IOException {
        ValidationReport report = RegisterSync.validate(registerFile, principalsFile, now);
        List<String> caveats = new ArrayList<>();
        for (Problem p : report.problems()) {
            err.println(p.line());
        }
        if (!report.readable()) {
            throw new IllegalArgumentException("cannot read the register " + registerFile);
        }
        if (!report.problems().isEmpty()) {
            caveats.add(report.problems().size() + " register problem(s) (listed by ./mfa-watch register validate); "
                    + "entries that fail validation are left out, as register-sync leaves them out.");
        }
        List<Principal> inventory = List.of();
        if (principalsFile != null) {
            InventoryFile file = InventoryReader.read(principalsFile);
            if (!file.readable()) {
                throw new IllegalArgumentException("cannot read the inventory " + principalsFile);
            }
            inventory = file.principals();
        }
        List<Alert> alerts = List.of();
        List<ExceptionUsage> usage = List.of();
        List<Notice> notices = List.of();
        if (!inputs.isEmpty()) {
            Path stateDir = Files.createTempDirectory("mfa-watch-report");
            try {
                Backtest.Result result = Backtest.run(env, stateDir, report.valid(), inventory, inputs, a -> { });
                result.problems().forEach(err::println);
                if (!result.problems().isEmpty()) {
                    caveats.add(result.problems().size()
                            + " input event(s) could not be read or normalized and are left out.");
                }
                alerts = result.alerts();
                usage = result.usage();
                notices = result.notices();
            } finally {
                delete(stateDir);
            }
        }
        // register-sync's own notices (expiring, review overdue, expired, rotation due) come from its
        // planner, not from the topology: from files, those it would raise at the period's last instant.
        List<Notice> all = new ArrayList<>(notices);
        Instant last = to.minusMillis(1);
        List<Notice> planned = new NoticePlanner(NoticePlanner.DEFAULT_HORIZON).plan(report.valid(), last);
        all.addAll(planned);
        if (!planned.isEmpty()) {
            caveats.add(planned.size() + " register notice(s) are those register-sync would raise at the period's end ("
                    + Html.time(last) + "); from files their earlier sending times are unknown.");
        }
        notices = all;
        List<DirectoryChange> changes = new ArrayList<>();
        for (Backtest.Input in : inputs) {
            changes.addAll(changes(in));
        }
        long afterPeriod = usage.stream().filter(u -> !UsageTimeline.time(u).isBefore(to)).count();
        if (afterPeriod > 0) {
            caveats.add(afterPeriod + " usage ledger(s) were last updated after the period's end: from files only the "
                    + "ledger at the end of the inputs is known, so their uses are left out. Give inputs that end "
                    + "with the period.");
        }
        if (!inputs.isEmpty() && usage.isEmpty()) {
            caveats.add("The run produced no usage ledger: no exception shows any use, so every exception in force is "
                    + "listed as unused.");
        }
        return ReportData.inPeriod(from, to, now, "files: register " + registerFile.getFileName()
                        + (principalsFile == null ? "" : ", inventory " + principalsFile.getFileName())
                        + (inputs.isEmpty() ? ", no inputs" : ", inputs " + inputs + " run through the detector's topology "
                        + "offline (backtest); usage as at the end of the inputs"),
                report.valid(), usage, notices, alerts, changes, caveats);
    }

    /** The directory changes of one input: a changes file's records, or what a raw audit source normalizes to. */
    static List<DirectoryChange> changes(Backtest.Input in) throws IOException {
        List<DirectoryChange> out = new ArrayList<>();
        if (in.source().equals(Backtest.CHANGES)) {
            ExportReader.read(in.path(), InputStream.nullInputStream(), r -> {
                try {
                    out.add(Topics.CHANGE_SERDE.read(r.bytes()));
                } catch (RuntimeException unreadable) {
                    // Backtest has reported it already.
                }
            });
        } else if (in.raw()) {
            new ExportNormalizer(in.source(), NormalizerConfig.DEFAULTS, false).run(List.of(in.path()),
                    InputStream.nullInputStream(), new ExportNormalizer.Listener() {
                        @Override
                        public void event(Object event) {
                            if (event instanceof DirectoryChange c) {
                                out.add(c);
                            }
                        }
                    });
        }
        return out;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
