package dev.mfawatch.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.cli.MfaWatch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code drift} over an Entra audit export and a register: on 2026-11-23 it.admin excludes alice,
 * bob and carol from "Require MFA for all users"; on 2026-11-25 bob's exclusion is removed. alice's
 * and bob's register entries run 2026-11-20 to 2026-12-03; carol has none.
 */
class DriftCommandTest {

    private static final String POLICY_ID = "9c0ffee0-0000-4000-8000-00000000ca01";
    private static final String ALICE = "11110000-0000-4000-8000-0000000000a1";
    private static final String BOB = "11110000-0000-4000-8000-0000000000b2";
    private static final String CAROL = "11110000-0000-4000-8000-0000000000c3";

    @TempDir
    Path dir;

    private Path register;
    private Path audit;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void files() throws Exception {
        register = dir.resolve("register.csv");
        Files.writeString(register, String.join("\n",
                "id,category,status,requestor,owner,approvers,implementer,scopePrincipals,scopeApps,scopeProtocols,"
                        + "scopeNetworks,scopeCountries,scopePolicies,justification,riskRating,compensatingControls,"
                        + "monitoringPlan,createdAt,activatedAt,expiresAt,reviewCadenceDays,lastReviewedAt,nextReviewAt,"
                        + "plannedRetirementAt,ticket,history",
                entry("EXC-2026-0101", ALICE), entry("EXC-2026-0102", BOB)) + "\n");
        audit = dir.resolve("audit.json");
        Files.writeString(audit, "[" + String.join(",",
                update("IPCGraph_1", "2026-11-23T09:00:00Z", List.of(), List.of(ALICE, BOB, CAROL)),
                update("IPCGraph_2", "2026-11-25T09:00:00Z", List.of(ALICE, BOB, CAROL), List.of(ALICE, CAROL))) + "]");
    }

    private static String entry(String id, String principal) {
        return id + ",ADMIN_EXCLUSION,ACTIVE,ivan@example.com,judy@example.com,kim@example.com,leo@example.com," + principal
                + ",,,,," + POLICY_ID + ",Phone replacement,MEDIUM,Sign-in alert to the SOC,Daily review,"
                + "2026-11-19T00:00:00Z,2026-11-20T00:00:00Z,2026-12-03T00:00:00Z,7,,,2026-12-03T00:00:00Z,CHG-1,";
    }

    /** An Entra audit record (Azure Monitor shape) changing the policy's excludeUsers. */
    private static String update(String id, String time, List<String> before, List<String> after) {
        return ("{\"time\":\"%s\",\"category\":\"AuditLogs\",\"operationName\":\"Update conditional access policy\","
                + "\"properties\":{\"id\":\"%s\",\"category\":\"Policy\",\"result\":\"success\","
                + "\"activityDisplayName\":\"Update conditional access policy\",\"activityDateTime\":\"%s\","
                + "\"loggedByService\":\"Conditional Access\",\"operationType\":\"Update\","
                + "\"initiatedBy\":{\"user\":{\"id\":\"aaaa0000-0000-4000-8000-0000000000ad\",\"userPrincipalName\":\"it.admin@example.com\"}},"
                + "\"targetResources\":[{\"id\":\"%s\",\"displayName\":\"Require MFA for all users\",\"type\":\"Policy\","
                + "\"modifiedProperties\":[{\"displayName\":\"ConditionalAccessPolicy\",\"oldValue\":\"%s\",\"newValue\":\"%s\"}]}]}}")
                .formatted(time, id, time, POLICY_ID, policy(before), policy(after));
    }

    private static String policy(List<String> excluded) {
        String ids = excluded.stream().map(u -> "\\\"" + u + "\\\"").collect(Collectors.joining(","));
        return ("{\\\"id\\\":\\\"" + POLICY_ID + "\\\",\\\"displayName\\\":\\\"Require MFA for all users\\\",\\\"state\\\":\\\"enabled\\\","
                + "\\\"conditions\\\":{\\\"users\\\":{\\\"includeUsers\\\":[\\\"All\\\"],\\\"excludeUsers\\\":[" + ids + "]}},"
                + "\\\"grantControls\\\":{\\\"operator\\\":\\\"OR\\\",\\\"builtInControls\\\":[\\\"mfa\\\"]}}");
    }

    private int run(String... args) {
        CommandLine cmd = MfaWatch.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void anExclusionStillInForceAfterItsEntryExpiredIsPrinted() {
        int code = run("drift", "--register", register.toString(), "--input", "entra-audit:" + audit, "--at",
                "2026-12-05T00:00:00Z");
        assertThat(out.toString().lines().toList()).containsExactly("EXC-2026-0101 (owner judy@example.com): " + ALICE
                + " is still excluded from MFA policy \"Require MFA for all users\" (since 2026-11-23T09:00:00Z, change "
                + "IPCGraph_1) although register entry EXC-2026-0101 expired at 2026-12-03T00:00:00Z: remove the exclusion"
                + " or renew the entry.");
        assertThat(err.toString()).contains("drift: 2 directory changes read (0 records failed), 2 exclusions in force at "
                + "2026-12-05T00:00:00Z, 1 outlived their register entry, 1 named by no register entry");
        assertThat(code).isEqualTo(1);
    }

    @Test
    void noDriftWhileTheEntriesAreInForce() {
        assertThat(run("drift", "--register", register.toString(), "--input", "entra-audit:" + audit, "--at",
                "2026-11-30T00:00:00Z")).isZero();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void usageErrors() {
        assertThat(run("drift", "--register", register.toString(), "--input", "azure:" + audit)).isEqualTo(2);
        assertThat(run("drift", "--register", register.toString(), "--input", "entra-audit:" + dir.resolve("missing.json")))
                .isEqualTo(3);
    }
}
