package dev.mfawatch.cli.drift;

import dev.mfawatch.detector.changes.ExclusionInForce;
import dev.mfawatch.detector.changes.ExclusionLedger;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.normalize.NormalizerConfig;
import dev.mfawatch.normalize.Outcome;
import dev.mfawatch.normalize.read.ExportNormalizer;
import dev.mfawatch.register.RegisterSync;
import dev.mfawatch.register.validate.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drift}: the live drift report, offline. Replays the directory changes found in provider
 * exports (through the same normalizers) in time order, keeps the exclusions still in force, and
 * prints one line per exclusion that outlived every register entry for it at {@code --at}.
 */
@Command(name = "drift", mixinStandardHelpOptions = true,
        header = "Lists MFA exclusions still in force after their approval ended.",
        description = {"Prints the MFA exclusions still in force (learned from provider audit exports) whose register "
                + "entries have expired or been revoked: the offline form of the EXCLUSION_OUTLIVED_APPROVAL notices.",
                "Exit codes: 0 no drift, 1 drift found, 2 usage error, 3 an input cannot be read."})
public final class DriftCommand implements Callable<Integer> {

    @Option(names = "--register", required = true, paramLabel = "FILE", description = "The register, .csv or .json")
    Path register;

    @Option(names = "--input", required = true, paramLabel = "SOURCE:FILE",
            description = "A provider export, e.g. entra-audit:audit.jsonl, okta:systemlog.json (repeatable); "
                    + "sources: entra-signin, entra-audit, okta, cloudtrail, google")
    List<String> inputs;

    @Option(names = "--at", paramLabel = "ISO-INSTANT", description = "Judge the register as of this instant (default: now)")
    String at;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant now;
        try {
            now = at == null ? Instant.now() : Instant.parse(at);
        } catch (DateTimeParseException e) {
            err.println("drift: --at: not an ISO-8601 instant: " + at);
            err.flush();
            return 2;
        }
        ValidationReport report = RegisterSync.validate(register, null, now);
        if (!report.readable()) {
            err.println("drift: cannot read the register " + register);
            err.flush();
            return 3;
        }
        RegisterIndex index = new RegisterIndex();
        report.valid().forEach(index::put);

        List<DirectoryChange> changes = new ArrayList<>();
        int failed = 0;
        for (String input : inputs) {
            int colon = input.indexOf(':');
            if (colon <= 0) {
                err.println("drift: --input must be SOURCE:FILE, got " + input);
                err.flush();
                return 2;
            }
            String source = input.substring(0, colon);
            String path = input.substring(colon + 1);
            ExportNormalizer pipeline;
            try {
                pipeline = new ExportNormalizer(source, NormalizerConfig.DEFAULTS, false); // changes need no geolocation
            } catch (IllegalArgumentException e) {
                err.println("drift: " + e.getMessage());
                err.flush();
                return 2;
            }
            try {
                pipeline.run(List.of(path), System.in, new ExportNormalizer.Listener() {
                    @Override
                    public void event(Object event) {
                        if (event instanceof DirectoryChange c) {
                            changes.add(c);
                        }
                    }

                    @Override
                    public void problem(Outcome o, String position) {
                        if (o instanceof Outcome.Failure f) {
                            err.println(input + ": " + position + ": " + f.reason() + ": " + f.message());
                        }
                    }
                });
            } catch (IOException | RuntimeException e) {
                err.println("drift: cannot read " + path + ": " + Reasons.of(e));
                err.flush();
                return 3;
            }
            failed += pipeline.summary().failed();
        }
        changes.sort(Comparator.comparing(DirectoryChange::time).thenComparing(DirectoryChange::eventId));

        TreeMap<String, ExclusionInForce> inForce = new TreeMap<>();
        ExclusionLedger.Store store = new ExclusionLedger.Store() {
            @Override
            public ExclusionInForce get(String key) {
                return inForce.get(key);
            }

            @Override
            public void put(String key, ExclusionInForce value) {
                inForce.put(key, value);
            }

            @Override
            public void delete(String key) {
                inForce.remove(key);
            }
        };
        changes.stream().filter(c -> !c.time().isAfter(now)).forEach(c -> ExclusionLedger.apply(c, store));

        int drift = 0;
        int unregistered = 0;
        for (ExclusionInForce x : inForce.values()) {
            List<ExceptionEntry> entries = index.entriesFor(List.of(x.principal()));
            if (entries.isEmpty()) {
                unregistered++;
                continue;
            }
            Optional<ExceptionEntry> lapsed = ExclusionLedger.lapsed(x, entries, now);
            if (lapsed.isPresent()) {
                Notice n = ExclusionLedger.notice(x, lapsed.get(), now);
                out.println(n.exceptionId() + " (owner " + (n.owner() == null ? "unknown" : n.owner()) + "): " + n.message());
                drift++;
            }
        }
        out.flush();
        err.println("drift: " + changes.size() + " directory changes read (" + failed + " records failed), "
                + inForce.size() + " exclusions in force at " + now + ", " + drift + " outlived their register entry, "
                + unregistered + " named by no register entry");
        err.flush();
        return drift > 0 ? 1 : 0;
    }
}
