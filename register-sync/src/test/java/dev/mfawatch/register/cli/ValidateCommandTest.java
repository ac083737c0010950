package dev.mfawatch.register.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.register.RegisterCsv;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {

    private record Run(int code, String out) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new RegisterCommand()).setOut(new PrintWriter(out)).execute(args);
        return new Run(code, out.toString());
    }

    @Test
    void exitCodes(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.csv");
        Files.writeString(good, new RegisterCsv()
                .row("BG-1", "category", "BREAK_GLASS", "scopePrincipals", "bg1@example.com")
                .row("BG-2", "category", "BREAK_GLASS", "scopePrincipals", "bg2@example.com").text());
        Run ok = run("validate", good.toString(), "--now", "2026-03-10T00:00:00Z");
        assertThat(ok.code()).isZero();
        assertThat(ok.out().lines()).containsExactly("good.csv: 2 valid entries, 0 invalid, 0 errors, 0 warnings");

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, new RegisterCsv().row("EXC-1", "category", "ADMIN_EXCLUSION").text());
        Run invalid = run("validate", bad.toString(), "--now", "2026-03-10T00:00:00Z");
        assertThat(invalid.code()).isEqualTo(1);
        // 2026-03-01 → 2026-05-30 is 90 days; admin exclusions may last 14.
        assertThat(invalid.out().lines()).containsExactly(
                "row 2, field expiresAt: ADMIN_EXCLUSION may last at most 14 days after activation",
                "register: warning: 0 break-glass accounts registered and in force; keep at least two independent accounts",
                "bad.csv: 0 valid entries, 1 invalid, 1 errors, 1 warnings");

        assertThat(run("validate", dir.resolve("missing.csv").toString()).code()).isEqualTo(2);
    }

    @Test
    void registerAloneShowsUsage() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new RegisterCommand()).setErr(new PrintWriter(err)).execute();
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("validate");
    }
}
