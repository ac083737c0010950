package dev.mfawatch.detector.cli;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.suppress.SuppressionProcessor;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code backtest} over files, with the project's example register: no broker. */
class BacktestCommandTest {

    private static final Path REGISTER = Path.of("../examples/register.csv");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new BacktestCommand(Map.of()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static String line(SignInEvent e) {
        return new String(Topics.SIGNIN_SERDE.write(e), StandardCharsets.UTF_8);
    }

    private static SignInEvent oath(String id, String at) {
        return signIn(id).at(at).principal("carol@northwind.example").result(SignInResult.FAILURE).session("s-carol")
                .mfa(new MfaInfo(true, false, "hardwareOath", MethodClass.OTP, MfaResult.CODE_INCORRECT, null, "TOTP")).build();
    }

    @Test
    void runsTheTopologyOverFilesInEventTimeOrder_printingAlertsThenASummary() throws Exception {
        List<String> canonical = new ArrayList<>(List.of(
                // New York first in the file, London two hours earlier second: only event-time order finds the pair.
                line(signIn("nyc").principal("traveller@northwind.example").at("2026-11-23T10:00:00Z")
                        .located(40.7128, -74.0060, null, "New York", "US").withMfa(MethodClass.PUSH, "push").build()),
                line(signIn("lon").principal("traveller@northwind.example").at("2026-11-23T08:00:00Z")
                        .located(51.5074, -0.1278, null, "London", "GB").withMfa(MethodClass.PUSH, "push").build()),
                line(signIn("bg").principal("bg-admin-01@northwind.example").at("2026-11-23T09:00:00Z")
                        .result(SignInResult.FAILURE).build()),
                line(oath("o1", "2026-11-23T09:00:00Z")), line(oath("o2", "2026-11-23T09:01:00Z")),
                line(oath("o3", "2026-11-23T09:02:00Z")), line(oath("o4", "2026-11-23T09:03:00Z")),
                "{not json",
                ""));
        Path signIns = Files.write(dir.resolve("signins.jsonl"), canonical);
        DirectoryChange reset = new DirectoryChange("chg-1", "okta", Instant.parse("2026-11-23T09:30:00Z"),
                new Actor("helpdesk-7@northwind.example", "USER"), ChangeOperation.FACTOR_RESET,
                List.of("dave@northwind.example"), null, null, Map.of(), null);
        Path changes = Files.writeString(dir.resolve("changes.jsonl"),
                new String(Topics.CHANGE_SERDE.write(reset), StandardCharsets.UTF_8) + "\n");

        int code = run("--register", REGISTER.toString(), "--now", "2026-11-23T08:00:00Z",
                "--input", "canonical:" + signIns, "--input", "changes:" + changes);

        assertThat(code).as(err.toString()).isZero();
        List<Alert> alerts = out.toString().lines().map(l -> Topics.ALERT_SERDE.read(l.getBytes(StandardCharsets.UTF_8))).toList();
        String oathId = SuppressionProcessor.alertId("OATH_DESYNC", "carol@northwind.example", Instant.parse("2026-11-23T09:02:00Z"));
        assertThat(alerts).extracting(Alert::rule, Alert::severity, Alert::principal, Alert::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple("BREAK_GLASS_SIGNIN", Severity.CRITICAL, "bg-admin-01@northwind.example", 1),
                org.assertj.core.groups.Tuple.tuple("OATH_DESYNC", Severity.MEDIUM, "carol@northwind.example", 1),
                org.assertj.core.groups.Tuple.tuple("FACTOR_SWAP", Severity.MEDIUM, "dave@northwind.example", 1),
                // The same ticketless reset is also a weakening change no register entry approves.
                org.assertj.core.groups.Tuple.tuple("UNAPPROVED_EXCLUSION_CHANGE", Severity.HIGH, "dave@northwind.example", 1),
                org.assertj.core.groups.Tuple.tuple("IMPOSSIBLE_TRAVEL", Severity.MEDIUM, "traveller@northwind.example", 1),
                org.assertj.core.groups.Tuple.tuple("OATH_DESYNC", Severity.MEDIUM, "carol@northwind.example", 2));
        assertThat(alerts.get(1).alertId()).isEqualTo(oathId);
        assertThat(alerts.get(5).alertId()).isEqualTo(oathId);
        assertThat(alerts.get(0).exceptionId()).isEqualTo("EXC-2026-0001");
        assertThat(Long.parseLong(alerts.get(4).details().get("speedKmh"))).isBetween(2782L, 2788L);
        assertThat(err.toString()).contains("summary: 8 records", "5 alerts (6 records)", "BREAK_GLASS_SIGNIN",
                "IMPOSSIBLE_TRAVEL", "OATH_DESYNC", "FACTOR_SWAP", "1 input events could not be read", "signins.jsonl: line 8: invalid_record: ");
    }

    @Test
    void aRawProviderExportRunsThroughTheNormalizersOfTheSameTopology() throws Exception {
        // An Entra sign-in without MFA, exported from Microsoft Graph, by a user no exception names.
        Path raw = Files.writeString(dir.resolve("entra.jsonl"), dev.mfawatch.detector.ingest.raw.RawRecords.entraSignIn(
                "e-1", "2026-11-23T09:00:00Z", "erin@northwind.example", "7d1c0a52-0000-4000-8000-000000000001", false)
                .replace("\n", " ") + "\n");
        int code = run("--register", REGISTER.toString(), "--now", "2026-11-23T08:00:00Z", "--input", "entra-signin:" + raw);
        assertThat(code).as(err.toString()).isZero();
        List<Alert> alerts = out.toString().lines().map(l -> Topics.ALERT_SERDE.read(l.getBytes(StandardCharsets.UTF_8))).toList();
        assertThat(alerts).extracting(Alert::rule, Alert::principal)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MFA_NOT_SATISFIED", "erin@northwind.example"));
    }

    @Test
    void anUnknownSourceIsAUsageError() throws Exception {
        Path raw = Files.writeString(dir.resolve("x.jsonl"), "{}\n");
        assertThat(run("--register", REGISTER.toString(), "--input", "myidp:" + raw)).isEqualTo(2);
        assertThat(err.toString()).contains("myidp");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void badUsageIsExitCode2() {
        assertThat(run("--register", REGISTER.toString(), "--input", "canonical")).isEqualTo(2);
        assertThat(run("--register", REGISTER.toString(), "--input", "canonical:" + dir.resolve("missing.jsonl"))).isEqualTo(2);
    }
}
