package dev.mfawatch.register;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.register.metrics.RegisterMetrics;
import dev.mfawatch.register.watch.RegisterWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code --watch}: a changed file, a reached expiry and the schedule each trigger a sync; nothing else does. */
class RegisterWatchIT {

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    @Test
    void resyncsOnChangeOnExpiryAndOnSchedule(@TempDir Path dir) throws Exception {
        Map<String, Object> props = kafka.clientProps();
        MutableClock clock = new MutableClock(Instant.parse("2026-03-10T00:00:00Z"));
        Path file = dir.resolve("register.csv");
        Files.writeString(file, new RegisterCsv().row("EXC-1", "category", "TESTING", "createdAt", "2026-03-08",
                "activatedAt", "2026-03-08", "expiresAt", "2026-03-12").text());
        List<SyncResult> results = new CopyOnWriteArrayList<>();
        try (RegisterSync sync = new RegisterSync(props, clock, SyncOptions.defaults(), new RegisterMetrics());
             RegisterWatcher watcher = new RegisterWatcher(sync, file, null, clock, Duration.ofMillis(50),
                     Duration.ofDays(3), results::add)) {
            assertThat(watcher.checkOnce()).isTrue();
            assertThat(watcher.ready()).isTrue();
            assertThat(watcher.checkOnce()).isFalse();

            Files.writeString(file, new RegisterCsv().row("EXC-1", "category", "TESTING", "createdAt", "2026-03-08",
                    "activatedAt", "2026-03-08", "expiresAt", "2026-03-12", "justification", "load test of the VPN").text());
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            assertThat(watcher.checkOnce()).isTrue();
            assertThat(results.get(1).upserts()).isEqualTo(1);

            clock.set(Instant.parse("2026-03-11T23:59:59Z"));
            assertThat(watcher.checkOnce()).isFalse();
            clock.set(Instant.parse("2026-03-12T00:00:00Z"));
            assertThat(watcher.checkOnce()).isTrue();
            assertThat(results.get(2).upserts()).isEqualTo(1);

            // The schedule: three days after the last sync, even with nothing changed.
            clock.set(Instant.parse("2026-03-14T23:59:59Z"));
            assertThat(watcher.checkOnce()).isFalse();
            clock.set(Instant.parse("2026-03-15T00:00:00Z"));
            assertThat(watcher.checkOnce()).isTrue();
            assertThat(results.get(3).upserts()).isZero();
        }
        List<ConsumerRecord<String, byte[]>> records = TopicContents.all(props, Topics.REGISTER.name());
        List<ExceptionStatus> statuses = new ArrayList<>();
        records.forEach(r -> statuses.add(Topics.REGISTER_SERDE.read(r.value()).status()));
        assertThat(statuses).containsExactly(ExceptionStatus.ACTIVE, ExceptionStatus.ACTIVE, ExceptionStatus.EXPIRED);
    }
}
