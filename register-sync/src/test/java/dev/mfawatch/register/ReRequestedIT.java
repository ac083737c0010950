package dev.mfawatch.register;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * RE_REQUESTED on a real broker: a printer's SMTP exception was granted twice in the past year (both
 * expired, kept in the file); a third request for it is announced once on mfa.register.notices.
 */
class ReRequestedIT {

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    private static RegisterCsv history() {
        return new RegisterCsv()
                .row("EXC-1", "status", "EXPIRED", "createdAt", "2025-06-01", "activatedAt", "2025-06-01",
                        "expiresAt", "2025-08-01", "plannedRetirementAt", "", "history", "")
                .row("EXC-2", "status", "EXPIRED", "createdAt", "2025-11-01", "activatedAt", "2025-11-01",
                        "expiresAt", "2026-01-15", "plannedRetirementAt", "", "history", "");
    }

    private static List<Notice> notices(Map<String, Object> props) {
        return TopicContents.all(props, Topics.NOTICES.name()).stream().map(r -> Topics.NOTICE_SERDE.read(r.value())).toList();
    }

    @Test
    void aThirdRequestForTheSameBypassIsAnnouncedOnce(@TempDir Path dir) throws Exception {
        Map<String, Object> props = kafka.clientProps();
        Path file = dir.resolve("register.csv");
        Files.writeString(file, history().text());
        MutableClock clock = new MutableClock(Instant.parse("2026-03-10T00:00:00Z"));
        try (RegisterSync sync = new RegisterSync(props, clock)) {
            assertThat(sync.syncOnce(file, null, false).hasErrors()).isFalse();
            assertThat(notices(props)).extracting(Notice::kind).doesNotContain(NoticeKind.RE_REQUESTED);

            Files.writeString(file, history().row("EXC-3", "status", "REQUESTED", "createdAt", "2026-03-09",
                    "activatedAt", "", "approvers", "", "implementer", "", "expiresAt", "2026-05-30", "history", "").text());
            SyncResult third = sync.syncOnce(file, null, false);
            assertThat(third.hasErrors()).isFalse();
            assertThat(third.changes()).contains("notice RE_REQUESTED for EXC-3 to mfa.register.notices");

            clock.set(Instant.parse("2026-03-11T00:00:00Z"));
            assertThat(sync.syncOnce(file, null, false).notices()).isZero();
        }
        List<ConsumerRecord<String, byte[]>> records = TopicContents.all(props, Topics.NOTICES.name());
        List<ConsumerRecord<String, byte[]>> reRequested = records.stream()
                .filter(r -> Topics.NOTICE_SERDE.read(r.value()).kind() == NoticeKind.RE_REQUESTED).toList();
        assertThat(reRequested).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("EXC-3");
            Notice n = Topics.NOTICE_SERDE.read(r.value());
            assertThat(n.noticeId()).isEqualTo("EXC-3/RE_REQUESTED/2026-03-09T00:00:00Z");
            assertThat(n.owner()).isEqualTo("owen@example.com");
            assertThat(n.message()).contains("principal printer@example.com after 2 earlier LEGACY_PROTOCOL entries"
                    + " within 12 months (EXC-1, EXC-2)");
        });
    }
}
