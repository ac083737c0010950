package dev.mfawatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MfaWatchTest {

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cmd = MfaWatch.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(out, true));
        assertThat(cmd.execute(args)).isZero();
        return out.toString();
    }

    @Test
    void helpListsEveryCommand() {
        assertThat(run("--help")).contains("demo").contains("detector").contains("register-sync").contains("register")
                .contains("normalize");
    }

    @Test
    void everyCommandHasHelp() {
        assertThat(run("demo", "--help")).contains("--duration").contains("--http-port");
        assertThat(run("detector", "--help")).contains("Usage: mfa-watch detector");
        assertThat(run("register-sync", "--help")).contains("--register");
        assertThat(run("register", "validate", "--help")).contains("FILE");
        assertThat(run("normalize", "--help")).contains("--source");
        assertThat(run("drift", "--help")).contains("--register").contains("--input").contains("--at");
        assertThat(run("report", "--help")).contains("Usage: mfa-watch report").contains("--from").contains("--to")
                .contains("--out").contains("--register").contains("--input");
    }
}
