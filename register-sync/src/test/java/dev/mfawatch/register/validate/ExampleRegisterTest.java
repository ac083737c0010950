package dev.mfawatch.register.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.register.RegisterSync;
import dev.mfawatch.register.cli.RegisterCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A realistic 50-entry register (spreadsheet export: BOM, CRLF, a notes column) with deliberate
 * mistakes planted on known rows; validate must explain each of them and nothing else.
 */
class ExampleRegisterTest {

    private static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");

    private static final List<String> EXPECTED = List.of(
            "row 1, field notes: warning: unknown column, ignored",
            // activated 2026-11-10T08:00Z, expires 2026-12-01T08:00Z: 21 days
            "row 7, field expiresAt: ADMIN_EXCLUSION may last at most 14 days after activation",
            "row 12, field approvers: the requestor cannot approve their own request (segregation of duties)",
            "row 18, field compensatingControls: HIGH risk needs at least one compensating control",
            "row 23, field scopePrincipals: \"all users\" is a blanket scope; name each principal explicitly",
            "row 27, field category: unknown value \"PARTNER_ACCESS\"; allowed: BREAK_GLASS, ADMIN_EXCLUSION, LEGACY_PROTOCOL, "
                    + "SERVICE_ACCOUNT, ENROLLMENT_PENDING, ACCESSIBILITY, FEDERATED_PARTNER, INCIDENT_RESPONSE, TESTING",
            "row 31, field expiresAt: not an ISO-8601 date or instant: \"30/11/2026\" (write 2026-03-01 or 2026-03-01T08:00:00Z)",
            "row 35, field id: duplicate id EXC-2026-0034, also on row 36",
            "row 36, field id: duplicate id EXC-2026-0034, also on row 35",
            "row 40, field reviewCadenceDays: BREAK_GLASS must be reviewed at least every 30 days",
            "row 44, field scopePrincipals: group \"group:finance-admins\" is named without its members; list each member principal",
            // created 2026-01-05, 2026-04-02 and 2026-10-20: three within 365 days
            "row 47, field scopePrincipals: warning: \"printer-floor3@example.com\" is in 3 LEGACY_PROTOCOL exceptions created "
                    + "within a year; fix the cause instead of renewing the exception",
            "row 48, field implementer: required unless status is REQUESTED");

    private static Path example() throws URISyntaxException {
        return Path.of(ExampleRegisterTest.class.getResource("/registers/example-50.csv").toURI());
    }

    @Test
    void explainsEveryPlantedMistake() throws Exception {
        ValidationReport report = RegisterSync.validate(example(), null, NOW);
        assertThat(report.lines()).containsExactlyElementsOf(EXPECTED);
        // 50 rows, 11 of them broken (rows 35 and 36 share one id): 39 publishable, 10 ids held back.
        assertThat(report.valid()).hasSize(39);
        assertThat(report.invalidIds()).hasSize(10);
        assertThat(report.idsInFile()).hasSize(49);
    }

    @Test
    void theValidateCommandPrintsTheSameLinesAndFails() throws Exception {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new RegisterCommand()).setOut(new PrintWriter(out))
                .execute("validate", example().toString(), "--now", NOW.toString());
        assertThat(code).isEqualTo(1);
        List<String> expected = new ArrayList<>(EXPECTED);
        expected.add("example-50.csv: 39 valid entries, 10 invalid, 11 errors, 2 warnings");
        assertThat(out.toString().lines().toList()).containsExactlyElementsOf(expected);
    }
}
