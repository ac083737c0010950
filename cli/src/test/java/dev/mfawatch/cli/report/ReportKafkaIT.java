package dev.mfawatch.cli.report;

import static dev.mfawatch.cli.report.Fixtures.alert;
import static dev.mfawatch.cli.report.Fixtures.change;
import static dev.mfawatch.cli.report.Fixtures.entry;
import static dev.mfawatch.cli.report.Fixtures.notice;
import static dev.mfawatch.cli.report.Fixtures.usage;
import static dev.mfawatch.cli.scenario.Commands.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.cli.scenario.Commands;
import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report} against a real KRaft broker: a register with an update and a removal, usage
 * ledger publications before, in and after the period, notices, alerts (one updated, one in an
 * aborted transaction) and directory changes, on two partitions each. The page holds what falls
 * in November 2026 and nothing else.
 */
class ReportKafkaIT {

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void thePageHoldsThePeriodsRecordsFromTheTopics() throws Exception {
        TopicSetup.ensureAll(kafka.clientProps(), 2);
        ExceptionEntry r1 = entry("R1", ExceptionCategory.BREAK_GLASS, ExceptionStatus.ACTIVE, "2026-09-25", "2026-10-01",
                "2026-12-30", 30, "2026-11-05", List.of("FIDO2 key in the safe"));
        ExceptionEntry r2 = entry("R2", ExceptionCategory.TESTING, ExceptionStatus.ACTIVE, "2026-10-01", "2026-10-02",
                "2026-12-01", 7, null, List.of());
        ExceptionEntry r3old = entry("R3", ExceptionCategory.LEGACY_PROTOCOL, ExceptionStatus.ACTIVE, "2026-10-01",
                "2026-10-02", "2027-01-30", 30, null, List.of());
        ExceptionEntry r3 = new ExceptionEntry("R3", r3old.category(), r3old.status(), r3old.requestor(),
                "new.owner@example.test", r3old.approvers(), r3old.implementer(), r3old.scope(), r3old.justification(),
                r3old.riskRating(), List.of("printer VLAN only"), r3old.monitoringPlan(), r3old.createdAt(),
                r3old.activatedAt(), r3old.expiresAt(), r3old.reviewCadenceDays(), r3old.lastReviewedAt(),
                r3old.nextReviewAt(), r3old.plannedRetirementAt(), r3old.ticket(), r3old.lastValidationResult(),
                r3old.history());

        Map<String, Object> props = new HashMap<>(kafka.clientProps());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "report-it");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, Topics.REGISTER.name(), "R1", Topics.REGISTER_SERDE.write(r1));
            send(producer, Topics.REGISTER.name(), "R2", Topics.REGISTER_SERDE.write(r2));
            send(producer, Topics.REGISTER.name(), "R3", Topics.REGISTER_SERDE.write(r3old));
            send(producer, Topics.REGISTER.name(), "R3", Topics.REGISTER_SERDE.write(r3));
            send(producer, Topics.REGISTER.name(), "R2", null);
            send(producer, Topics.EXCEPTION_USAGE.name(), "R1", Topics.USAGE_SERDE.write(
                    usage("R1", 4, "2026-10-20T08:00:00Z", "Azure Portal", "NL", "Browser", "bg-admin@example.test")));
            send(producer, Topics.EXCEPTION_USAGE.name(), "R1", Topics.USAGE_SERDE.write(
                    usage("R1", 10, "2026-11-14T08:00:00Z", "Azure Portal", "NL", "Browser", "bg-admin@example.test")));
            send(producer, Topics.EXCEPTION_USAGE.name(), "R1", Topics.USAGE_SERDE.write(
                    usage("R1", 50, "2026-12-03T08:00:00Z", "Azure Portal", "NL", "Browser", "bg-admin@example.test")));
            send(producer, Topics.NOTICES.name(), "R1", Topics.NOTICE_SERDE.write(notice("R1", NoticeKind.RE_REQUESTED,
                    "2026-11-06T00:00:00Z", "bg-admin@example.test covered by a third entry in 12 months")));
            send(producer, Topics.NOTICES.name(), "R1", Topics.NOTICE_SERDE.write(notice("R1", NoticeKind.UNUSED_EXCEPTION,
                    "2026-10-06T00:00:00Z", "an old notice from October")));
            send(producer, Topics.ALERTS.name(), "bg-admin@example.test", Topics.ALERT_SERDE.write(alert("al-in",
                    "BREAK_GLASS_SIGNIN", Severity.CRITICAL, "2026-11-14T08:00:00Z", "bg-admin@example.test", "R1",
                    "break-glass sign-in, first record", 1)));
            send(producer, Topics.ALERTS.name(), "bg-admin@example.test", Topics.ALERT_SERDE.write(alert("al-in",
                    "BREAK_GLASS_SIGNIN", Severity.CRITICAL, "2026-11-14T08:00:00Z", "bg-admin@example.test", "R1",
                    "break-glass sign-in, updated", 2)));
            send(producer, Topics.ALERTS.name(), "late.user@example.test", Topics.ALERT_SERDE.write(alert("al-out",
                    "MFA_NOT_SATISFIED", Severity.HIGH, "2026-12-01T00:00:00Z", "late.user@example.test", null,
                    "sign-in without MFA at the period's end", 1)));
            send(producer, Topics.DIRECTORY_CHANGES.name(), "morgan@example.test", Topics.CHANGE_SERDE.write(change("ch-in",
                    "2026-11-20T08:00:00Z", "helpdesk@example.test", ChangeOperation.FACTOR_RESET, null, "morgan@example.test")));
            send(producer, Topics.DIRECTORY_CHANGES.name(), "morgan@example.test", Topics.CHANGE_SERDE.write(change("ch-out",
                    "2026-10-31T23:59:59Z", "earlier.agent@example.test", ChangeOperation.FACTOR_RESET, "INC-9",
                    "morgan@example.test")));
            producer.commitTransaction();
            // Never committed: read_committed must leave it out.
            producer.beginTransaction();
            send(producer, Topics.ALERTS.name(), "ghost.user@example.test", Topics.ALERT_SERDE.write(alert("al-aborted",
                    "MFA_NOT_SATISFIED", Severity.HIGH, "2026-11-15T08:00:00Z", "ghost.user@example.test", null,
                    "an alert of an aborted transaction", 1)));
            producer.flush();
            producer.abortTransaction();
        }

        Path out = dir.resolve("audit.html");
        Commands.Ran ran = run(new ReportCommand(Map.of(), Instant::now), "--bootstrap-servers", kafka.bootstrapServers(),
                "--from", "2026-11-01", "--to", "2026-12-01", "--out", out.toString()).expectSuccess();
        assertThat(ran.out()).startsWith("report: wrote " + out.toAbsolutePath() + " (2 register entries, 1 alerts, "
                + "1 notices, 1 changes;");
        String html = Files.readString(out);
        HtmlReport.SECTIONS.values().forEach(title -> assertThat(html).contains("<h2>" + title + "</h2>"));

        // The compacted view: R3 as last published, R2 removed by its tombstone.
        assertThat(section(html, "register")).contains("<td>R1</td>").contains("<td>R3</td>")
                .contains("new.owner@example.test").contains("printer VLAN only")
                .doesNotContain("owner-of-r3@example.test").doesNotContain("<td>R2</td>");
        // R1's ledger: 4 uses before November, 10 by its end (the 50 of December do not count): 6 in the period.
        assertThat(section(html, "usage")).contains("<td>R1</td><td>BREAK_GLASS</td><td>6</td><td>10</td>")
                .contains("Azure Portal (10)");
        // R3 was in force all November with no ledger: unused. R1 was used.
        assertThat(section(html, "unused")).contains("<td>R3</td>").doesNotContain("<td>R1</td>");
        assertThat(section(html, "re-requested")).contains("bg-admin@example.test covered by a third entry in 12 months");
        assertThat(section(html, "notices")).doesNotContain("an old notice from October");
        assertThat(section(html, "alerts")).contains("break-glass sign-in, updated").contains("<td>2</td>")
                .doesNotContain("first record").doesNotContain("late.user@example.test")
                .doesNotContain("ghost.user@example.test");
        assertThat(section(html, "mfa-changes")).contains("helpdesk@example.test (USER)")
                .doesNotContain("earlier.agent@example.test");

        // The KAFKA_* settings pass through: the bootstrap from the environment alone.
        Path viaEnv = dir.resolve("env.html");
        run(new ReportCommand(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "KAFKA_CLIENT_ID", "report-it"),
                Instant::now), "--from", "2026-11-01", "--to", "2026-12-01", "--out", viaEnv.toString()).expectSuccess();
        assertThat(Files.readString(viaEnv)).contains("break-glass sign-in, updated");
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    private static String section(String html, String id) {
        int start = html.indexOf("<section id=\"" + id + "\">");
        return html.substring(start, html.indexOf("</section>", start));
    }
}
