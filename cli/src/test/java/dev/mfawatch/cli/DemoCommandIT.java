package dev.mfawatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs {@code mfa-watch demo} end to end on the real in-JVM broker and reads what a user would see. */
class DemoCommandIT {

    @Test
    void demoStartsShowsEveryKindOfAlertAndStopsByItself() {
        StringWriter out = new StringWriter();
        CommandLine cmd = MfaWatch.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        // One generator cycle (45 s) holds each scripted case once; its last case comes at 24 s.
        int code = cmd.execute("demo", "--duration", "30s", "--http-port", "0", "--register-http-port", "0");
        String text = out.toString();
        assertThat(code).as(text).isZero();
        List<String> alertLines = Arrays.stream(text.split("\\R")).filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\dZ .*"))
                .toList();
        assertThat(alertLines).as(text).hasSize(11);
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("MFA_NOT_SATISFIED").contains("mallory.contractor@northwind.example").contains("via IMAP"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("MFA_NOT_SATISFIED").contains("svc-backup@northwind.example"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("EXPIRED_EXCEPTION_USED").contains("ops.admin@northwind.example").contains("[EXC-2026-0090]"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("EXCEPTION_SCOPE_VIOLATION").contains("svc-scanner@northwind.example")
                .contains("203.0.113.77").contains("[EXC-2026-0101]"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("EXCEPTION_SCOPE_VIOLATION").contains("sam.lee@northwind.example").contains("[EXC-2026-0103]"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("CRITICAL").contains("BREAK_GLASS_SIGNIN").contains("bg-admin-01@northwind.example")
                .contains("[EXC-2026-0001]"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("IMPOSSIBLE_TRAVEL").contains("riley.travel@northwind.example").contains("New York"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("OATH_DESYNC").contains("avery.token@northwind.example"));
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("FACTOR_SWAP").contains("morgan.reset@northwind.example").contains("helpdesk.agent@northwind.example"));
        // The same ticketless reset weakens MFA with no register entry approving it.
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("UNAPPROVED_EXCLUSION_CHANGE").contains("morgan.reset@northwind.example"));
        // Two exclusions added to the MFA policy: the contractor's has no register entry, the
        // scanner's is approved by EXC-2026-0101 and raises nothing.
        assertThat(alertLines).anySatisfy(l -> assertThat(l)
                .contains("UNAPPROVED_EXCLUSION_CHANGE").contains("mallory.contractor@northwind.example")
                .contains("it.admin2@northwind.example"));
        assertThat(alertLines).noneSatisfy(l -> assertThat(l)
                .contains("UNAPPROVED_EXCLUSION_CHANGE").contains("svc-scanner@northwind.example"));
        // Covered use of an exception raises nothing.
        assertThat(text).doesNotContain("dana.new@").doesNotContain("partner.audit@").doesNotContain("10.20.4.15");
        assertThat(text).contains("register-sync published 8 exception(s)")
                .contains("alerts by rule: {BREAK_GLASS_SIGNIN=1, EXCEPTION_SCOPE_VIOLATION=2, EXPIRED_EXCEPTION_USED=1, "
                        + "FACTOR_SWAP=1, IMPOSSIBLE_TRAVEL=1, MFA_NOT_SATISFIED=2, OATH_DESYNC=1, UNAPPROVED_EXCLUSION_CHANGE=2}")
                .contains("demo stopped");
    }
}
