package dev.mfawatch.register;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.register.HistoryEntry;
import dev.mfawatch.register.read.RegisterReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The register's life on a real broker: publish, re-run (nothing), edit one entry, remove one, let
 * one expire, break one — and the exact records on mfa.register and mfa.register.notices.
 */
class RegisterSyncIT {

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    /**
     * v1 at 2026-03-10: EXC-1 legacy (03-01..05-30), EXC-2 admin (03-01..03-14, reviewed 03-08),
     * EXC-3 testing (03-08..03-12), BG-1 and BG-2 break-glass (03-01..05-29, reviewed 03-05).
     */
    private static RegisterCsv v1() {
        return new RegisterCsv()
                .row("EXC-1")
                .row("EXC-2", "category", "ADMIN_EXCLUSION", "scopePrincipals", "adm-bob@example.com",
                        "expiresAt", "2026-03-14", "lastReviewedAt", "2026-03-08")
                .row("EXC-3", "category", "TESTING", "scopePrincipals", "qa-bot@example.com",
                        "createdAt", "2026-03-08", "activatedAt", "2026-03-08", "expiresAt", "2026-03-12")
                .row("BG-1", "category", "BREAK_GLASS", "scopePrincipals", "bg1@example.com", "expiresAt", "2026-05-29",
                        "lastReviewedAt", "2026-03-05", "riskRating", "CRITICAL", "compensatingControls", "FIDO2 key in safe")
                .row("BG-2", "category", "BREAK_GLASS", "scopePrincipals", "bg2@example.com", "expiresAt", "2026-05-29",
                        "lastReviewedAt", "2026-03-05", "riskRating", "CRITICAL", "compensatingControls", "FIDO2 key in safe");
    }

    /** v2 at 2026-03-13: EXC-1 re-justified, EXC-2 removed, EXC-3 now past expiry, BG-1 broken by a self-approval. */
    private static RegisterCsv v2() {
        RegisterCsv csv = new RegisterCsv()
                .row("EXC-1", "justification", "Printer fleet replacement slipped to May")
                .row("EXC-3", "category", "TESTING", "scopePrincipals", "qa-bot@example.com",
                        "createdAt", "2026-03-08", "activatedAt", "2026-03-08", "expiresAt", "2026-03-12")
                .row("BG-1", "category", "BREAK_GLASS", "scopePrincipals", "bg1@example.com", "expiresAt", "2026-05-29",
                        "lastReviewedAt", "2026-03-05", "riskRating", "CRITICAL", "compensatingControls", "FIDO2 key in safe",
                        "approvers", "alice@example.com")
                .row("BG-2", "category", "BREAK_GLASS", "scopePrincipals", "bg2@example.com", "expiresAt", "2026-05-29",
                        "lastReviewedAt", "2026-03-05", "riskRating", "CRITICAL", "compensatingControls", "FIDO2 key in safe");
        return csv;
    }

    private static Map<String, ExceptionEntry> latest(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, ExceptionEntry> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.value() == null) {
                latest.remove(r.key());
            } else {
                latest.put(r.key(), Topics.REGISTER_SERDE.read(r.value()));
            }
        }
        return latest;
    }

    private static ExceptionEntry fromCsv(RegisterCsv csv, String id) {
        return RegisterReader.readCsv(csv.text()).rows().stream().filter(r -> id.equals(r.id())).findFirst().orElseThrow().entry();
    }

    /** What the file's entry looks like published: cadence filled by category, verdict "valid". */
    private static ExceptionEntry published(ExceptionEntry e, int cadence, ExceptionStatus status, List<HistoryEntry> history) {
        return new ExceptionEntry(e.id(), e.category(), status, e.requestor(), e.owner(), e.approvers(), e.implementer(),
                e.scope(), e.justification(), e.riskRating(), e.compensatingControls(), e.monitoringPlan(), e.createdAt(),
                e.activatedAt(), e.expiresAt(), cadence, e.lastReviewedAt(), e.nextReviewAt(), e.plannedRetirementAt(),
                e.ticket(), "valid", history);
    }

    @Test
    void publishesOnlyTheDifferenceAndAnnouncesEachConditionOnce(@TempDir Path dir) throws Exception {
        Map<String, Object> props = new HashMap<>(kafka.clientProps());
        MutableClock clock = new MutableClock(Instant.parse("2026-03-10T00:00:00Z"));
        Path file = dir.resolve("register.csv");
        Files.writeString(file, v1().text());

        try (RegisterSync sync = new RegisterSync(props, clock)) {
            SyncResult first = sync.syncOnce(file, null, false);
            assertThat(first.upserts()).isEqualTo(5);
            assertThat(first.tombstones()).isZero();
            assertThat(first.unchanged()).isZero();
            assertThat(first.problems()).isEmpty();
            assertThat(first.hasErrors()).isFalse();
            assertThat(first.notices()).isEqualTo(2);

            SyncResult again = sync.syncOnce(file, null, false);
            assertThat(List.of(again.upserts(), again.tombstones(), again.unchanged(), again.notices())).containsExactly(0, 0, 5, 0);

            clock.set(Instant.parse("2026-03-13T00:00:00Z"));
            Files.writeString(file, v2().text());
            SyncResult dry = sync.syncOnce(file, null, true);
            assertThat(dry.changes()).containsExactlyInAnyOrder(
                    "update EXC-1 on mfa.register",
                    "update EXC-3 on mfa.register",
                    "remove EXC-2 from mfa.register (tombstone)",
                    "notice EXPIRED for EXC-3 to mfa.register.notices");
            assertThat(TopicContents.all(props, Topics.REGISTER.name())).hasSize(5);

            SyncResult edit = sync.syncOnce(file, null, false);
            assertThat(List.of(edit.upserts(), edit.tombstones(), edit.unchanged(), edit.notices())).containsExactly(2, 1, 1, 1);
            assertThat(edit.problems()).containsExactly(
                    "row 4, field approvers: the requestor cannot approve their own request (segregation of duties)",
                    "register: warning: 1 break-glass account registered and in force; keep at least two independent accounts");
            assertThat(edit.hasErrors()).isTrue();

            SyncResult quiet = sync.syncOnce(file, null, false);
            assertThat(List.of(quiet.upserts(), quiet.tombstones(), quiet.notices())).containsExactly(0, 0, 0);
        }

        List<ConsumerRecord<String, byte[]>> register = TopicContents.all(props, Topics.REGISTER.name());
        // 5 first versions, EXC-1 and EXC-3 updated, one tombstone for EXC-2.
        assertThat(register).hasSize(8);
        assertThat(register).filteredOn(r -> r.value() == null).extracting(ConsumerRecord::key).containsExactly("EXC-2");
        Map<String, ExceptionEntry> now = latest(register);
        assertThat(now.keySet()).containsExactlyInAnyOrder("EXC-1", "EXC-3", "BG-1", "BG-2");
        assertThat(now.get("EXC-1")).isEqualTo(published(fromCsv(v2(), "EXC-1"), 30, ExceptionStatus.ACTIVE,
                fromCsv(v2(), "EXC-1").history()));
        assertThat(now.get("EXC-3")).isEqualTo(published(fromCsv(v2(), "EXC-3"), 7, ExceptionStatus.EXPIRED, List.of(
                new HistoryEntry(Instant.parse("2026-03-01T09:00:00Z"), "ACTIVATED", "ivan@example.com", "connector rule deployed"),
                new HistoryEntry(Instant.parse("2026-03-12T00:00:00Z"), "EXPIRED", "register-sync", "expiry date passed"))));
        // BG-1's bad edit was not published: the v1 version stays.
        assertThat(now.get("BG-1")).isEqualTo(published(fromCsv(v1(), "BG-1"), 30, ExceptionStatus.ACTIVE,
                fromCsv(v1(), "BG-1").history()));

        List<Notice> notices = TopicContents.all(props, Topics.NOTICES.name()).stream()
                .map(r -> Topics.NOTICE_SERDE.read(r.value())).toList();
        assertThat(notices).extracting(Notice::noticeId).containsExactlyInAnyOrder(
                "EXC-2/EXPIRING_SOON/2026-03-14T00:00:00Z",
                "EXC-3/EXPIRING_SOON/2026-03-12T00:00:00Z",
                "EXC-3/EXPIRED/2026-03-12T00:00:00Z");
        assertThat(TopicContents.all(props, Topics.NOTICES.name())).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("EXC-2", "EXC-3", "EXC-3");
    }
}
