package dev.mfawatch.register.cli;

import dev.mfawatch.register.RegisterSync;
import dev.mfawatch.register.validate.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code register validate FILE}: the register rules, no broker needed. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        header = "Checks a register file offline and prints one line per problem.",
        description = {"Checks a register file (CSV or JSON) against the register rules and prints one line per "
                + "problem. CSV problems name the spreadsheet row (the header is row 1); JSON problems name the "
                + "entry (1-based).",
                "Exit codes: 0 valid (warnings allowed), 1 an entry is invalid, 2 the file cannot be read."})
public final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The register, .csv or .json")
    Path register;

    @Option(names = "--principals", paramLabel = "FILE", description = "Identity inventory (CSV or JSON) to check scope principals against")
    Path principals;

    @Option(names = "--now", paramLabel = "ISO-INSTANT", description = "Validate as of this instant (default: now)")
    String now;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ValidationReport report = RegisterSync.validate(register, principals, Settings.clock(now).instant());
        report.lines().forEach(out::println);
        long errors = report.problems().stream().filter(p -> p.isError()).count();
        out.println(register.getFileName() + ": " + report.valid().size() + " valid entries, "
                + report.invalidIds().size() + " invalid, " + errors + " errors, "
                + (report.problems().size() - errors) + " warnings");
        out.flush();
        boolean unreadable = !report.readable() || report.problems().stream()
                .anyMatch(p -> p.isError() && "inventory".equals(p.location()));
        return unreadable ? 2 : report.hasErrors() ? 1 : 0;
    }
}
