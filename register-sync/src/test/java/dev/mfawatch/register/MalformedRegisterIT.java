package dev.mfawatch.register;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A broken register never costs a published entry: nothing invalid goes out, nothing good is removed. */
class MalformedRegisterIT {

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    @Test
    void malformedFilesPublishNothingAndKeepThePreviousVersions(@TempDir Path dir) throws Exception {
        Map<String, Object> props = kafka.clientProps();
        MutableClock clock = new MutableClock(Instant.parse("2026-03-10T00:00:00Z"));
        Path csv = dir.resolve("register.csv");
        Files.writeString(csv, new RegisterCsv().row("EXC-1").row("EXC-2", "scopePrincipals", "scanner@example.com").text());
        try (RegisterSync sync = new RegisterSync(props, clock)) {
            assertThat(sync.syncOnce(csv, null, false).upserts()).isEqualTo(2);
            List<ConsumerRecord<String, byte[]>> before = TopicContents.all(props, Topics.REGISTER.name());

            // A header without the owner column: the whole file is refused, nothing is tombstoned.
            Files.writeString(csv, "id,category,status\nEXC-1,LEGACY_PROTOCOL,ACTIVE\n");
            SyncResult noHeader = sync.syncOnce(csv, null, false);
            assertThat(List.of(noHeader.upserts(), noHeader.tombstones())).containsExactly(0, 0);
            assertThat(noHeader.hasErrors()).isTrue();
            assertThat(noHeader.problems()).contains("row 1, field owner: required column is missing");

            // Not JSON at all.
            Path json = dir.resolve("register.json");
            Files.writeString(json, "[{\"id\": \"EXC-1\",");
            SyncResult broken = sync.syncOnce(json, null, false);
            assertThat(List.of(broken.upserts(), broken.tombstones())).containsExactly(0, 0);
            assertThat(broken.problems()).singleElement().asString().startsWith("register: cannot parse JSON");

            // Every row broken in a different way: both previous versions stay, nothing is added.
            Files.writeString(csv, new RegisterCsv().row("EXC-1", "expiresAt", "soon")
                    .row("EXC-2", "scopePrincipals", "*").row("", "owner", "").text());
            SyncResult rows = sync.syncOnce(csv, null, false);
            assertThat(List.of(rows.upserts(), rows.tombstones(), rows.unchanged())).containsExactly(0, 0, 0);
            assertThat(rows.problems()).containsExactly(
                    "row 2, field expiresAt: not an ISO-8601 date or instant: \"soon\" (write 2026-03-01 or 2026-03-01T08:00:00Z)",
                    "row 3, field scopePrincipals: \"*\" is a blanket scope; name each principal explicitly",
                    "row 4, field id: required but blank",
                    "register: warning: 0 break-glass accounts registered and in force; keep at least two independent accounts");

            List<ConsumerRecord<String, byte[]>> after = TopicContents.all(props, Topics.REGISTER.name());
            assertThat(after).hasSameSizeAs(before);
            assertThat(after).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("EXC-1", "EXC-2");
            assertThat(after).allSatisfy(r -> assertThat(r.value()).isNotNull());
        }
    }
}
