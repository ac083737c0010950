package dev.mfawatch.detector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DetectorCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cmd = new CommandLine(new DetectorCommand(env));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void helpDescribesTheCommandAndItsEnvironment() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString()).contains("Usage: detector", "--duration", "KAFKA_BOOTSTRAP_SERVERS", "MFAWATCH_HTTP_PORT",
                "Exit codes:");
    }

    @Test
    void invalidConfigurationExitsWith2AndSaysWhy() {
        assertThat(run(Map.of("MFAWATCH_HTTP_PORT", "not-a-port"))).isEqualTo(2);
        assertThat(err.toString()).contains("MFAWATCH_HTTP_PORT");
        assertThat(run(Map.of(), "--duration", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("--duration");
    }
}
