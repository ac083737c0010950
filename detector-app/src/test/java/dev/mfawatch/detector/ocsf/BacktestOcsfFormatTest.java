package dev.mfawatch.detector.ocsf;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.detector.cli.BacktestCommand;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code backtest --format ocsf}: one Detection Finding per line, one per alert record of the default output. */
class BacktestOcsfFormatTest {

    private static final Path REGISTER = Path.of("../examples/register.csv");

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new BacktestCommand(Map.of()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    private static String line(SignInEvent e) {
        return new String(Topics.SIGNIN_SERDE.write(e), StandardCharsets.UTF_8);
    }

    @Test
    void printsTheSameAlertsAsFindings() throws IOException {
        List<String> canonical = new ArrayList<>();
        for (String t : List.of("09:00", "09:01", "09:02", "09:03")) {
            canonical.add(line(signIn("o-" + t).principal("carol@northwind.example").at("2026-11-23T" + t + ":00Z")
                    .result(SignInResult.FAILURE).session("s-carol")
                    .mfa(new MfaInfo(true, false, "hardwareOath", MethodClass.OTP, MfaResult.CODE_INCORRECT, null, "TOTP"))
                    .build()));
        }
        canonical.add(line(signIn("bg").principal("bg-admin-01@northwind.example").at("2026-11-23T09:05:00Z")
                .result(SignInResult.FAILURE).build()));
        Path input = Files.write(dir.resolve("signins.jsonl"), canonical);
        String[] common = {"--register", REGISTER.toString(), "--now", "2026-11-23T08:00:00Z", "--input", "canonical:" + input};

        Run json = run(common);
        Run ocsf = run(concat(common, "--format", "ocsf"));

        assertThat(json.code()).as(json.err()).isZero();
        assertThat(ocsf.code()).as(ocsf.err()).isZero();
        List<Alert> alerts = json.out().lines().map(l -> Topics.ALERT_SERDE.read(l.getBytes(StandardCharsets.UTF_8))).toList();
        List<String> lines = ocsf.out().lines().toList();
        assertThat(alerts).extracting(Alert::rule).contains("OATH_DESYNC", "BREAK_GLASS_SIGNIN");
        assertThat(lines).hasSameSizeAs(alerts);
        List<Long> oathTypes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode f = tree(lines.get(i));
            assertThat(OcsfSchema.errors(f)).as(lines.get(i)).isEmpty();
            assertThat(f.at("/finding_info/uid").asText()).isEqualTo(alerts.get(i).alertId());
            // What the live mfa.alerts.ocsf topic would carry for the same alert.
            assertThat(lines.get(i)).isEqualTo(DetectionFindings.json(alerts.get(i)));
            if (alerts.get(i).rule().equals("OATH_DESYNC")) {
                oathTypes.add(f.get("type_uid").asLong());
            }
        }
        assertThat(oathTypes).containsExactly(200401L, 200402L);
        // The summary on stderr is the same whatever the format (but for the measured rate).
        assertThat(ocsf.err().replaceAll("\\d+ events/s", "")).isEqualTo(json.err().replaceAll("\\d+ events/s", ""));
    }

    @Test
    void anUnknownFormatIsAUsageError() throws IOException {
        Path input = Files.writeString(dir.resolve("empty.jsonl"), "");
        Run r = run("--register", REGISTER.toString(), "--input", "canonical:" + input, "--format", "cef");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--format", "cef");
        assertThat(r.out()).isEmpty();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
