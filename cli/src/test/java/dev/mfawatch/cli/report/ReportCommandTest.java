package dev.mfawatch.cli.report;

import static dev.mfawatch.cli.scenario.Commands.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfawatch.cli.scenario.CanonicalLoad;
import dev.mfawatch.cli.scenario.Commands;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.ClientProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report} from files, end to end through backtest, and its options. */
class ReportCommandTest {

    private static final String REGISTER = Path.of("..", "examples", "register.csv").toAbsolutePath().normalize().toString();
    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

    @TempDir
    Path dir;

    private ReportCommand command() {
        return new ReportCommand(Map.of(), () -> NOW);
    }

    @Test
    void fromFilesThePageHoldsTheRegisterTheAlertsAndTheChangesOfThePeriodOnly() throws Exception {
        Path signIns = dir.resolve("signins.jsonl");
        Files.writeString(signIns, String.join("\n",
                // The break-glass account of the example register signs in: BREAK_GLASS_SIGNIN, in the period.
                json(CanonicalLoad.event("s-1", Instant.parse("2026-11-10T08:00:00Z"), "bg-admin-01@northwind.example",
                        true, ClientProtocol.BROWSER, "198.51.100.10", "NL", "Amsterdam", 52.37, 4.89)),
                // No MFA and no exception: MFA_NOT_SATISFIED, once in the period and once after it.
                json(CanonicalLoad.event("s-2", Instant.parse("2026-11-15T08:00:00Z"), "nina.inside@northwind.example",
                        false, ClientProtocol.BROWSER, "198.51.100.11", "NL", "Amsterdam", 52.37, 4.89)),
                json(CanonicalLoad.event("s-3", Instant.parse("2026-12-05T08:00:00Z"), "oscar.outside@northwind.example",
                        false, ClientProtocol.BROWSER, "198.51.100.12", "NL", "Amsterdam", 52.37, 4.89))) + "\n");
        Path changes = dir.resolve("changes.jsonl");
        Files.writeString(changes, String.join("\n",
                json(new DirectoryChange("c-in", "entra-audit", Instant.parse("2026-11-20T08:00:00Z"),
                        new Actor("helpdesk.agent@northwind.example", "USER"), ChangeOperation.FACTOR_RESET,
                        List.of("morgan.reset@northwind.example"), null, null, Map.of(), null)),
                json(new DirectoryChange("c-out", "entra-audit", Instant.parse("2026-10-15T08:00:00Z"),
                        new Actor("old.agent@northwind.example", "USER"), ChangeOperation.FACTOR_RESET,
                        List.of("morgan.reset@northwind.example"), null, "INC-1", Map.of(), null))) + "\n");
        Path out = dir.resolve("sub/audit.html");

        Commands.Ran ran = run(command(), "--register", REGISTER, "--input", "canonical:" + signIns,
                "--input", "changes:" + changes, "--from", "2026-11-01", "--to", "2026-12-01", "--out", out.toString())
                .expectSuccess();

        assertThat(ran.out()).startsWith("report: wrote " + out.toAbsolutePath())
                .contains("2026-11-01T00:00:00Z to 2026-12-01T00:00:00Z");
        String html = Files.readString(out);
        HtmlReport.SECTIONS.values().forEach(title -> assertThat(html).contains("<h2>" + title + "</h2>"));
        String register = section(html, "register");
        // The example register's entries, with their owners, approvers and compensating controls.
        assertThat(register).contains("EXC-2026-0001").contains("EXC-2026-0101").contains("facilities.mgr@northwind.example")
                .contains("SMTP AUTH allowed from the printer VLAN only").contains("CHG-4502");
        String alerts = section(html, "alerts");
        assertThat(alerts).contains("BREAK_GLASS_SIGNIN").contains("bg-admin-01@northwind.example")
                .contains("nina.inside@northwind.example").doesNotContain("oscar.outside@northwind.example");
        // register-sync's notices as at 2026-11-30 23:59:59.999: EXC-2026-0090 (EXPIRED, expired 11-19) and
        // EXC-2026-0102 (expires 12-04, within the 7-day horizon); no review is overdue yet (0001 and 0002,
        // reviewed 11-01 every 30 days, fall due at 12-01 00:00, the period's end).
        String notices = section(html, "notices");
        assertThat(notices).contains("<td>EXPIRED</td><td>EXC-2026-0090</td>")
                .contains("<td>EXPIRING_SOON</td><td>EXC-2026-0102</td>").doesNotContain("REVIEW_OVERDUE");
        String mfa = section(html, "mfa-changes");
        assertThat(mfa).contains("helpdesk.agent@northwind.example (USER)").contains("morgan.reset@northwind.example")
                .doesNotContain("old.agent@northwind.example");
    }

    @Test
    void refusesInvalidUsage() {
        assertThat(run(command(), "--from", "2026-12-01", "--to", "2026-11-01", "--register", REGISTER))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("must be before"));
        assertThat(run(command(), "--input", "canonical:x.jsonl", "--bootstrap-servers", "localhost:1"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("give --register FILE too"));
        assertThat(run(command(), "--register", REGISTER, "--bootstrap-servers", "localhost:1"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2));
        assertThat(run(command(), "--register", REGISTER, "--from", "last tuesday"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("--from: expected a day"));
        assertThat(run(command(), "--register", REGISTER, "--input", "canonical:-"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2));
        // Neither files nor Kafka.
        assertThat(run(command())).satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("no Kafka"));
    }

    @Test
    void aDayIsItsMidnightUtcAndAnInstantIsItself() {
        assertThat(ReportCommand.parseTime("--from", "2026-11-01")).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(ReportCommand.parseTime("--to", "2026-11-01T12:30:00Z")).isEqualTo(Instant.parse("2026-11-01T12:30:00Z"));
        assertThat(ReportCommand.parseTime("--to", "2026-11-01T12:30:00+02:00")).isEqualTo(Instant.parse("2026-11-01T10:30:00Z"));
        assertThatThrownBy(() -> ReportCommand.parseTime("--to", "01/11/2026")).hasMessageContaining("--to");
    }

    @Test
    void withoutDatesThePeriodIsTheLast30Days() throws Exception {
        Path out = dir.resolve("r.html");
        Commands.Ran ran = run(command(), "--register", REGISTER, "--out", out.toString()).expectSuccess();
        assertThat(ran.out()).contains("2026-11-02T09:00:00Z to 2026-12-02T09:00:00Z");
    }

    private static String json(Object value) throws Exception {
        return Json.MAPPER.writeValueAsString(value);
    }

    private static String section(String html, String id) {
        int start = html.indexOf("<section id=\"" + id + "\">");
        return html.substring(start, html.indexOf("</section>", start));
    }
}
