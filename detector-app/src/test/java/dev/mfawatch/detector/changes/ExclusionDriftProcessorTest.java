package dev.mfawatch.detector.changes;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.ingest.raw.RawRecords.bytes;
import static dev.mfawatch.detector.ingest.raw.RawRecords.entraCaUpdate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.DetectorTopology;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.register.ExceptionEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live drift report through the whole topology: Entra exclusions learned from
 * {@code idp.raw.entra-audit}, the register on {@code mfa.register}, notices on
 * {@code mfa.register.notices} on the (mock) wall clock, which starts at 2026-11-23T12:00Z and is
 * checked every minute.
 */
class ExclusionDriftProcessorTest {

    private static final String POLICY_ID = "9c0ffee0-0000-4000-8000-00000000ca01";
    private static final String POLICY = "Require MFA for all users";
    private static final String ALICE = "11110000-0000-4000-8000-0000000000a1";
    private static final String BOB = "11110000-0000-4000-8000-0000000000b2";
    private static final String CAROL = "11110000-0000-4000-8000-0000000000c3";

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private SimpleMeterRegistry registry;
    private TestInputTopic<byte[], byte[]> audit;
    private TestInputTopic<String, byte[]> register;
    private TestOutputTopic<String, Notice> notices;
    private TestOutputTopic<String, Alert> alerts;

    @BeforeEach
    void start() {
        DetectorConfig config = DetectorConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "unused:9092",
                DetectorConfig.STATE_DIR, stateDir.toString()));
        List<Detector> detectors = Detectors.all(config);
        registry = new SimpleMeterRegistry();
        DetectorMetrics metrics = DetectorMetrics.bindTo(registry, Detectors.severities(detectors));
        driver = new TopologyTestDriver(DetectorTopology.build(config, detectors, metrics), config.streamsProperties(),
                Instant.parse("2026-11-23T12:00:00Z"));
        audit = driver.createInputTopic(Topics.raw("entra-audit"), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        register = driver.createInputTopic(Topics.REGISTER.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        notices = driver.createOutputTopic(Topics.NOTICES.name(), Serdes.String().deserializer(), Topics.NOTICE_SERDE.deserializer());
        alerts = driver.createOutputTopic(Topics.ALERTS.name(), Serdes.String().deserializer(), Topics.ALERT_SERDE.deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private void publish(ExceptionEntry e) {
        register.pipeInput(e.id(), Topics.REGISTER_SERDE.write(e), Instant.parse("2026-11-01T00:00:00Z"));
    }

    private void exclusions(String id, String time, List<String> before, List<String> after) {
        audit.pipeInput(null, bytes(entraCaUpdate(id, time, "it.admin@example.com", POLICY_ID, POLICY, "excludeUsers",
                before, after)), Instant.parse(time));
    }

    private static String noticeId(String entry, String principal) {
        return UUID.nameUUIDFromBytes(("EXCLUSION_OUTLIVED_APPROVAL|" + entry + "|" + principal + "|EXCLUSION|" + POLICY_ID)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Test
    void anExclusionStillInForceAfterItsEntryEndsIsAnnouncedOnce() {
        // alice: in force until governance revokes it at 12:00:30. carol: expires at 12:05.
        publish(entry("EXC-A").principals(ALICE).build());
        publish(entry("EXC-C").principals(CAROL).active("2026-11-01T00:00:00Z", "2026-11-23T12:05:00Z").build());
        // bob: expires at 12:05 too, but his exclusion is removed before.
        publish(entry("EXC-B").principals(BOB).active("2026-11-01T00:00:00Z", "2026-11-23T12:05:00Z").build());
        exclusions("IPCGraph_1", "2026-11-23T09:00:00Z", List.of(), List.of(ALICE, BOB, CAROL));
        assertThat(alerts.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(notices.isEmpty()).isTrue();

        publish(entry("EXC-A").principals(ALICE).revokedAt("2026-11-23T12:00:30Z").build());
        exclusions("IPCGraph_2", "2026-11-23T12:02:00Z", List.of(ALICE, BOB, CAROL), List.of(ALICE, CAROL));
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        TestRecord<String, Notice> a = notices.readRecord();
        assertThat(a.key()).isEqualTo("EXC-A");
        assertThat(a.value().noticeId()).isEqualTo(noticeId("EXC-A", ALICE));
        assertThat(a.value().kind()).isEqualTo(NoticeKind.EXCLUSION_OUTLIVED_APPROVAL);
        assertThat(a.value().at()).isEqualTo(Instant.parse("2026-11-23T12:02:00Z"));
        assertThat(a.value().owner()).isEqualTo("carol@example.com");
        assertThat(a.value().message()).isEqualTo(ALICE + " is still excluded from MFA policy \"" + POLICY
                + "\" (since 2026-11-23T09:00:00Z, change IPCGraph_1/" + ALICE + ") although register entry EXC-A was revoked"
                + " at 2026-11-23T12:00:30Z: remove the exclusion or renew the entry.");
        assertThat(notices.isEmpty()).isTrue();

        // 12:06: carol's entry has expired, bob's too but his exclusion is gone; alice is not announced again.
        driver.advanceWallClockTime(Duration.ofMinutes(4));
        assertThat(notices.readRecordsToList()).extracting(TestRecord::key, r -> r.value().noticeId())
                .containsExactly(tuple("EXC-C", noticeId("EXC-C", CAROL)));
        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(notices.isEmpty()).isTrue();
        assertThat(registry.find("mfawatch.exclusion.drift.notices").counter().count()).isEqualTo(2.0);
    }

    @Test
    void anExclusionNoEntryEverNamedIsTheAlertsBusinessNotDrift() {
        exclusions("IPCGraph_3", "2026-11-23T09:00:00Z", List.of(), List.of(ALICE));
        assertThat(alerts.readValuesToList()).extracting(Alert::rule).containsExactly("UNAPPROVED_EXCLUSION_CHANGE");
        driver.advanceWallClockTime(Duration.ofMinutes(10));
        assertThat(notices.isEmpty()).isTrue();
    }
}
