package dev.mfawatch.detector.ingest.raw;

import static dev.mfawatch.detector.ingest.raw.RawRecords.bytes;
import static dev.mfawatch.detector.ingest.raw.RawRecords.cloudTrailConsoleLogin;
import static dev.mfawatch.detector.ingest.raw.RawRecords.cloudTrailDeactivateMfa;
import static dev.mfawatch.detector.ingest.raw.RawRecords.cloudTrailFile;
import static dev.mfawatch.detector.ingest.raw.RawRecords.entraCaExcludeUsers;
import static dev.mfawatch.detector.ingest.raw.RawRecords.entraMonitorBatch;
import static dev.mfawatch.detector.ingest.raw.RawRecords.entraSignIn;
import static dev.mfawatch.detector.ingest.raw.RawRecords.google2svDisable;
import static dev.mfawatch.detector.ingest.raw.RawRecords.googleLogin;
import static dev.mfawatch.detector.ingest.raw.RawRecords.googleLogout;
import static dev.mfawatch.detector.ingest.raw.RawRecords.oktaAccountLock;
import static dev.mfawatch.detector.ingest.raw.RawRecords.oktaFactorDeactivate;
import static dev.mfawatch.detector.ingest.raw.RawRecords.oktaMfaPush;
import static dev.mfawatch.detector.ingest.raw.RawRecords.oktaSessionStart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.DetectorTopology;
import dev.mfawatch.detector.fixtures.Poison;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.model.DeadLetterHeaders;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.RawRef;
import dev.mfawatch.model.signin.SatisfiedBy;
import dev.mfawatch.model.signin.SignInEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider records on {@code idp.raw.<source>} through the whole detector topology
 * ({@link DetectorTopology#build}): each source's sign-ins reach {@code signin.events} keyed by
 * principal and then the detectors, changes reach {@code directory.changes} keyed by target, skips
 * are counted, bad records are dead-lettered with their origin, and Okta sessions are correlated.
 * Raw records are stamped with their (last) event's time: TopologyTestDriver runs every
 * sub-topology in one task, so its stream time is the latest timestamp of the raw topics too, and
 * a later ingestion stamp would move the session correlator's clock ahead of the events.
 */
class RawIngestTopologyTest {

    private static final Instant WALL_CLOCK = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private SimpleMeterRegistry registry;
    private final Map<String, TestInputTopic<byte[], byte[]>> raw = new HashMap<>();
    private TestOutputTopic<String, SignInEvent> signIns;
    private TestOutputTopic<String, DirectoryChange> changes;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<byte[], byte[]> dlq;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private DetectorConfig config(Map<String, String> extra) {
        // Routing is under test here: one alert per firing, with per-event ids (no suppression window).
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", "unused:9092",
                DetectorConfig.STATE_DIR, stateDir.toString(), dev.mfawatch.detector.DetectionSettings.SUPPRESSION_WINDOW, "0s"));
        env.putAll(extra);
        return DetectorConfig.from(env);
    }

    private void start() {
        start(Map.of());
    }

    private void start(Map<String, String> env) {
        DetectorConfig config = config(env);
        List<Detector> detectors = Detectors.all(config);
        registry = new SimpleMeterRegistry();
        DetectorMetrics metrics = DetectorMetrics.bindTo(registry, Detectors.severities(detectors));
        driver = new TopologyTestDriver(DetectorTopology.build(config, detectors, metrics), config.streamsProperties(),
                WALL_CLOCK);
        for (String source : Topics.RAW_SOURCES) {
            raw.put(source, driver.createInputTopic(Topics.raw(source), Serdes.ByteArray().serializer(),
                    Serdes.ByteArray().serializer()));
        }
        signIns = driver.createOutputTopic(Topics.SIGNIN_EVENTS.name(), Serdes.String().deserializer(),
                Topics.SIGNIN_SERDE.deserializer());
        changes = driver.createOutputTopic(Topics.DIRECTORY_CHANGES.name(), Serdes.String().deserializer(),
                Topics.CHANGE_SERDE.deserializer());
        alerts = driver.createOutputTopic(Topics.ALERTS.name(), Serdes.String().deserializer(),
                Topics.ALERT_SERDE.deserializer());
        dlq = driver.createOutputTopic(Topics.DLQ.name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    /** Pipes one raw record stamped {@code timestamp}. */
    private void pipe(String source, String json, String timestamp) {
        raw.get(source).pipeInput(null, bytes(json), Instant.parse(timestamp));
    }

    private static String alertId(String rule, String principal, String eventId) {
        return UUID.nameUUIDFromBytes((rule + "|" + principal + "|" + eventId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private double count(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static String header(TestRecord<?, ?> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** An Okta event as a proxy or API client logs it: an IP but no geographicalContext. */
    private static String withoutGeo(String oktaEvent, String ip) {
        return oktaEvent.replaceAll(",\\s*\"geographicalContext\":\\{.*?\\}\\}", "")
                .replace("198.51.100.7", ip);
    }

    /** paula@contoso.example: Okta from 126.0.0.1 at 09:00 (push, then session start), Google from 91.0.0.1 at 10:00. */
    private void pipeJapanThenGermany() {
        String paula = "paula@contoso.example";
        pipe("okta", withoutGeo(oktaMfaPush("o-p-mfa", "2026-11-23T09:00:05Z", paula, "00u1paula", "102paula"),
                "126.0.0.1"), "2026-11-23T09:00:05Z");
        pipe("okta", withoutGeo(oktaSessionStart("o-p-start", "2026-11-23T09:00:06Z", paula, "00u1paula", "102paula"),
                "126.0.0.1"), "2026-11-23T09:00:06Z");
        pipe("google", googleLogin("-7001", "2026-11-23T10:00:06Z", paula, "login_success", "password",
                "google_authenticator").replace("192.0.2.55", "91.0.0.1"), "2026-11-23T10:00:06Z");
    }

    /**
     * Neither sign-in carries coordinates: Okta's lacks geographicalContext, Google's never has one.
     * With MFAWATCH_GEOIP_DB (the real database the build fetched) the first is placed in Japan
     * (126.0.0.0/8, SoftBank) and the second an hour later in Germany (91.0.0.0/10, Deutsche
     * Telekom), some 9,000 km apart: IMPOSSIBLE_TRAVEL across the two providers. Without the
     * database neither is located and nothing fires.
     */
    @Test
    void withAGeoIpDatabaseOktaAndGoogleSignInsAreLocatedAndTravelIsDetected() {
        String db = System.getProperty("mfawatch.test.geoipDb");
        start(Map.of("MFAWATCH_GEOIP_DB", db));
        pipeJapanThenGermany();

        List<SignInEvent> out = signIns.readValuesToList();
        assertThat(out).extracting(SignInEvent::eventId, e -> e.network().country())
                .containsExactly(tuple("o-p-start", "JP"), tuple("-7001", "DE"));
        assertThat(out).allSatisfy(e -> {
            assertThat(e.network().hasCoordinates()).isTrue();
            assertThat(e.network().accuracyKm()).isNotNull().isPositive();
        });
        List<Alert> travel = alerts.readValuesToList().stream().filter(a -> a.rule().equals("IMPOSSIBLE_TRAVEL"))
                .toList();
        assertThat(travel).hasSize(1);
        assertThat(travel.get(0).principal()).isEqualTo("paula@contoso.example");
        assertThat(travel.get(0).details()).containsEntry("fromCountry", "JP").containsEntry("toCountry", "DE");
        // Tokyo to Cologne is about 9,300 km: far more than 1000 km/h over one hour, even less both radii.
        assertThat(Long.parseLong(travel.get(0).details().get("speedKmh"))).isGreaterThan(8000);
        assertThat(travel.get(0).summary()).doesNotContainPattern("\\bnull\\b");
    }

    @Test
    void withoutAGeoIpDatabaseTheSameSignInsStayUnlocated() {
        start();
        pipeJapanThenGermany();
        assertThat(signIns.readValuesToList()).extracting(e -> e.network().hasCoordinates(), e -> e.network().country())
                .containsExactly(tuple(false, null), tuple(false, null));
        assertThat(alerts.readValuesToList()).extracting(Alert::rule).doesNotContain("IMPOSSIBLE_TRAVEL");
    }

    @Test
    void valuesOffTheGlobeAreDroppedCountedAndTheSignInStillPublished() {
        start();
        String ok = entraSignIn("e-hal", "2026-11-23T09:00:00Z", "hal@example.com",
                "aaaa0000-0000-4000-8000-000000000001", true);
        String broken = entraSignIn("e-ida", "2026-11-23T09:00:30Z", "ida@example.com",
                "bbbb0000-0000-4000-8000-000000000001", true).replace("\"longitude\":13.405", "\"longitude\":1e308");
        pipe("entra-signin", entraMonitorBatch("2026-11-23T09:00:30Z", ok, broken), "2026-11-23T09:00:30Z");
        pipe("cloudtrail", cloudTrailFile(cloudTrailConsoleLogin("ct-svc", "2026-11-23T09:01:00Z", "jo", "Yes")
                .replace("203.0.113.61", "signin.amazonaws.com")), "2026-11-23T09:01:00Z");

        List<TestRecord<String, SignInEvent>> out = signIns.readRecordsToList();
        assertThat(out).extracting(r -> r.value().eventId(), r -> r.value().network().lat(), r -> r.value().network().lon(),
                        r -> r.value().network().ip())
                .containsExactly(tuple("e-hal", 52.52, 13.405, "203.0.113.7"), tuple("e-ida", null, null, "203.0.113.7"),
                        tuple("ct-svc", null, null, null));
        assertThat(signIns.isEmpty()).isTrue();
        assertThat(dlq.isEmpty()).isTrue();
        // The broken longitude, then the latitude left without its pair; the service name where an IP belongs.
        assertThat(count("mfawatch.normalizer.dropped.values", "source", "entra-signin", "reason", "longitude_out_of_range"))
                .isEqualTo(1.0);
        assertThat(count("mfawatch.normalizer.dropped.values", "source", "entra-signin", "reason", "coordinates_incomplete"))
                .isEqualTo(1.0);
        assertThat(count("mfawatch.normalizer.dropped.values", "source", "cloudtrail", "reason", "ip_not_an_address"))
                .isEqualTo(1.0);
        assertThat(count("mfawatch.normalizer.dropped.values")).isEqualTo(3.0);
        assertThat(count("mfawatch.normalizer.events", "source", "entra-signin", "outcome", "signin")).isEqualTo(2.0);
    }

    @Test
    void entraGraphObjectAndMonitorBatchReachSignInEventsAndTheDetectors() {
        start();
        pipe("entra-signin", entraSignIn("e-erin", "2026-11-23T09:00:00Z", "Erin@Example.com",
                "EEEE0000-0000-4000-8000-000000000001", false), "2026-11-23T09:00:00Z");
        pipe("entra-signin", entraMonitorBatch("2026-11-23T09:01:00Z",
                entraSignIn("e-fay", "2026-11-23T09:01:00Z", "fay@example.com", "ffff0000-0000-4000-8000-000000000001", true),
                entraSignIn("e-gus", "2026-11-23T09:01:30Z", "gus@example.com", "99990000-0000-4000-8000-000000000001", false)),
                "2026-11-23T09:01:30Z");

        List<TestRecord<String, SignInEvent>> out = signIns.readRecordsToList();
        assertThat(out).extracting(TestRecord::key, r -> r.value().eventId(), r -> r.value().mfa().satisfied(),
                        TestRecord::getRecordTime)
                .containsExactly(
                        tuple("erin@example.com", "e-erin", false, Instant.parse("2026-11-23T09:00:00Z")),
                        tuple("fay@example.com", "e-fay", true, Instant.parse("2026-11-23T09:01:00Z")),
                        tuple("gus@example.com", "e-gus", false, Instant.parse("2026-11-23T09:01:30Z")));
        // The raw reference names the raw topic, its partition and offset.
        assertThat(out.get(0).value().raw()).isEqualTo(new RawRef("idp.raw.entra-signin", 0, 0L, "e-erin"));
        assertThat(out.get(2).value().raw()).isEqualTo(new RawRef("idp.raw.entra-signin", 0, 1L, "e-gus"));
        assertThat(signIns.isEmpty()).isTrue();

        assertThat(alerts.readRecordsToList()).extracting(TestRecord::key, r -> r.value().rule(), r -> r.value().alertId())
                .containsExactly(
                        tuple("erin@example.com", "MFA_NOT_SATISFIED", alertId("MFA_NOT_SATISFIED", "erin@example.com", "e-erin")),
                        tuple("gus@example.com", "MFA_NOT_SATISFIED", alertId("MFA_NOT_SATISFIED", "gus@example.com", "e-gus")));
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(count("mfawatch.normalizer.events", "source", "entra-signin", "outcome", "signin")).isEqualTo(3.0);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void entraPolicyExclusionOfTwoUsersBecomesOneChangePerTargetKeyedByTarget() {
        start();
        pipe("entra-audit", entraCaExcludeUsers("IPCGraph_77", "2026-11-23T09:00:00Z", "it.admin@example.com",
                "9c0ffee0-0000-4000-8000-00000000ca01", "Require MFA for all users",
                "11110000-0000-4000-8000-0000000000a1", "11110000-0000-4000-8000-0000000000a2"), "2026-11-23T09:00:00Z");

        List<TestRecord<String, DirectoryChange>> out = changes.readRecordsToList();
        assertThat(out).extracting(TestRecord::key, r -> r.value().eventId(), r -> r.value().targets(),
                        r -> r.value().operation(), r -> r.value().details().get("fanOutOf"))
                .containsExactly(
                        tuple("11110000-0000-4000-8000-0000000000a1", "IPCGraph_77/11110000-0000-4000-8000-0000000000a1",
                                List.of("11110000-0000-4000-8000-0000000000a1"), ChangeOperation.EXCLUSION_ADDED, "IPCGraph_77"),
                        tuple("11110000-0000-4000-8000-0000000000a2", "IPCGraph_77/11110000-0000-4000-8000-0000000000a2",
                                List.of("11110000-0000-4000-8000-0000000000a2"), ChangeOperation.EXCLUSION_ADDED, "IPCGraph_77"));
        assertThat(out.get(0).value().policy().name()).isEqualTo("Require MFA for all users");
        assertThat(out.get(0).value().actor().id()).isEqualTo("it.admin@example.com");
        assertThat(out.get(0).getRecordTime()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(changes.isEmpty()).isTrue();
        assertThat(signIns.isEmpty()).isTrue();
        // With an empty register, each excluded user is an unapproved exclusion (see ChangeTopologyTest).
        assertThat(alerts.readRecordsToList()).extracting(TestRecord::key, r -> r.value().rule())
                .containsExactly(tuple("11110000-0000-4000-8000-0000000000a1", "UNAPPROVED_EXCLUSION_CHANGE"),
                        tuple("11110000-0000-4000-8000-0000000000a2", "UNAPPROVED_EXCLUSION_CHANGE"));
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void oktaSessionStartMergedWithItsMfaStepRaisesNothing_loneStartFiresAfterTheWait() {
        start();
        // mia: the push comes a second before the session start (Okta's usual order).
        pipe("okta", oktaMfaPush("o-mia-mfa", "2026-11-23T09:00:05Z", "mia@example.org", "00u1mia", "102mia"),
                "2026-11-23T09:00:05Z");
        pipe("okta", oktaSessionStart("o-mia-start", "2026-11-23T09:00:06Z", "mia@example.org", "00u1mia", "102mia"),
                "2026-11-23T09:00:06Z");
        // ned: a session start without any MFA step.
        pipe("okta", oktaSessionStart("o-ned-start", "2026-11-23T09:00:10Z", "ned@example.org", "00u1ned", "102ned"),
                "2026-11-23T09:00:10Z");

        TestRecord<String, SignInEvent> mia = signIns.readRecord();
        assertThat(mia.key()).isEqualTo("mia@example.org");
        assertThat(mia.value().eventId()).isEqualTo("o-mia-start");
        assertThat(mia.value().mfa().satisfied()).isTrue();
        assertThat(mia.value().mfa().methodClass()).isEqualTo(MethodClass.PUSH);
        assertThat(mia.value().mfa().satisfiedBy()).isEqualTo(SatisfiedBy.MFA_STEP);
        // ned's start is held for 30 s of stream time: nothing yet.
        assertThat(signIns.isEmpty()).isTrue();
        assertThat(alerts.isEmpty()).isTrue();

        // 09:00:39 is still inside ned's wait (09:00:10 + 30 s).
        pipe("okta", oktaMfaPush("o-oz-mfa", "2026-11-23T09:00:39Z", "oz@example.org", "00u1oz", "102oz"),
                "2026-11-23T09:00:39Z");
        assertThat(signIns.isEmpty()).isTrue();
        // 09:00:41 is past it: ned's start is released without MFA and the detector fires.
        pipe("okta", oktaMfaPush("o-pat-mfa", "2026-11-23T09:00:41Z", "pat@example.org", "00u1pat", "102pat"),
                "2026-11-23T09:00:41Z");
        TestRecord<String, SignInEvent> ned = signIns.readRecord();
        assertThat(ned.key()).isEqualTo("ned@example.org");
        assertThat(ned.value().eventId()).isEqualTo("o-ned-start");
        assertThat(ned.value().mfa().satisfied()).isFalse();
        assertThat(ned.getRecordTime()).isEqualTo(Instant.parse("2026-11-23T09:00:10Z"));
        assertThat(signIns.isEmpty()).isTrue();

        assertThat(alerts.readRecordsToList()).extracting(TestRecord::key, r -> r.value().rule(), r -> r.value().alertId())
                .containsExactly(tuple("ned@example.org", "MFA_NOT_SATISFIED",
                        alertId("MFA_NOT_SATISFIED", "ned@example.org", "o-ned-start")));
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(count("mfawatch.normalizer.events", "source", "okta", "outcome", "signin_part")).isEqualTo(5.0);
    }

    @Test
    void aLoneOktaSessionStartOnAQuietPartitionIsReleasedAfterAWaitOfWallClockIdleness() {
        start();
        pipe("okta", oktaSessionStart("o-ned-start", "2026-11-23T09:00:10Z", "ned@example.org", "00u1ned", "102ned"),
                "2026-11-23T09:00:10Z");
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(29));
        assertThat(signIns.isEmpty()).isTrue();
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
        TestRecord<String, SignInEvent> ned = signIns.readRecord();
        assertThat(ned.value().eventId()).isEqualTo("o-ned-start");
        assertThat(ned.getRecordTime()).isEqualTo(Instant.parse("2026-11-23T09:00:10Z"));
        assertThat(alerts.readRecordsToList()).extracting(r -> r.value().alertId())
                .containsExactly(alertId("MFA_NOT_SATISFIED", "ned@example.org", "o-ned-start"));
        driver.advanceWallClockTime(java.time.Duration.ofMinutes(5));
        assertThat(signIns.isEmpty()).isTrue();
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void oktaFactorDeactivationIsAChange_accountLockIsCountedAsSkipped() {
        start();
        pipe("okta", oktaFactorDeactivate("o-deact", "2026-11-23T09:21:00Z", "okta.admin@example.org", "Pia.P@example.org"),
                "2026-11-23T09:21:00Z");
        pipe("okta", oktaAccountLock("o-lock", "2026-11-23T09:22:00Z", "pia.p@example.org"), "2026-11-23T09:22:00Z");

        assertThat(changes.readRecordsToList()).extracting(TestRecord::key, r -> r.value().eventId(), r -> r.value().operation())
                .containsExactly(tuple("pia.p@example.org", "o-deact", ChangeOperation.FACTOR_REMOVED));
        assertThat(changes.isEmpty()).isTrue();
        assertThat(alerts.readRecordsToList()).extracting(r -> r.value().alertId())
                .containsExactly(alertId("FACTOR_SWAP", "pia.p@example.org", "o-deact"),
                        alertId("UNAPPROVED_EXCLUSION_CHANGE", "pia.p@example.org", "o-deact"));
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(count("mfawatch.normalizer.skipped", "source", "okta", "reason", "unknown_event_type")).isEqualTo(1.0);
        assertThat(count("mfawatch.dead.letters")).isZero();
    }

    @Test
    void cloudTrailFileSplitsIntoAConsoleLoginAndAnMfaDeviceChange() {
        start();
        pipe("cloudtrail", cloudTrailFile(
                cloudTrailConsoleLogin("ct-ravi", "2026-11-23T08:00:00Z", "ravi", "No"),
                cloudTrailConsoleLogin("ct-sara", "2026-11-23T08:01:00Z", "sara", "yes"),
                cloudTrailDeactivateMfa("ct-deact", "2026-11-23T08:02:00Z", "Cloud-Admin", "sara")), "2026-11-23T08:02:00Z");

        assertThat(signIns.readRecordsToList()).extracting(TestRecord::key, r -> r.value().mfa().satisfied())
                .containsExactly(tuple("arn:aws:iam::444455556666:user/ravi", false),
                        tuple("arn:aws:iam::444455556666:user/sara", true));
        assertThat(changes.readRecordsToList()).extracting(TestRecord::key, r -> r.value().operation(), r -> r.value().actor().id())
                .containsExactly(tuple("arn:aws:iam::444455556666:user/sara", ChangeOperation.FACTOR_REMOVED,
                        "arn:aws:iam::444455556666:user/cloud-admin"));
        assertThat(alerts.readRecordsToList()).extracting(r -> r.value().alertId())
                .containsExactly(alertId("MFA_NOT_SATISFIED", "arn:aws:iam::444455556666:user/ravi", "ct-ravi"),
                        // A ticketless device deactivation is both a factor swap and an unapproved weakening.
                        alertId("FACTOR_SWAP", "arn:aws:iam::444455556666:user/sara", "ct-deact"),
                        alertId("UNAPPROVED_EXCLUSION_CHANGE", "arn:aws:iam::444455556666:user/sara", "ct-deact"));
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(signIns.isEmpty()).isTrue();
        assertThat(changes.isEmpty()).isTrue();
    }

    @Test
    void googleLoginsVerificationsAndTwoStepVerificationChanges() {
        start();
        pipe("google", googleLogin("-8100001", "2026-11-23T07:00:00Z", "yara@example.com", "login_success", "password"),
                "2026-11-23T07:00:00Z");
        pipe("google", googleLogin("-8100002", "2026-11-23T07:01:00Z", "zoe@example.com", "login_success",
                "password", "security_key"), "2026-11-23T07:01:00Z");
        pipe("google", googleLogin("-8100003", "2026-11-23T07:02:00Z", "zoe@example.com", "login_verification",
                "google_authenticator"), "2026-11-23T07:02:00Z");
        pipe("google", google2svDisable("-8100004", "2026-11-23T07:03:00Z", "yara@example.com"), "2026-11-23T07:03:00Z");
        pipe("google", googleLogout("-8100005", "2026-11-23T07:04:00Z", "yara@example.com"), "2026-11-23T07:04:00Z");

        // The verification went through the session correlator (no session id: passed straight on).
        assertThat(signIns.readRecordsToList()).extracting(TestRecord::key, r -> r.value().eventId(),
                        r -> r.value().mfa().satisfied(), r -> r.value().mfa().methodClass())
                .containsExactly(tuple("yara@example.com", "-8100001", false, MethodClass.NONE),
                        tuple("zoe@example.com", "-8100002", true, MethodClass.PHISHING_RESISTANT),
                        tuple("zoe@example.com", "-8100003", true, MethodClass.OTP));
        assertThat(changes.readRecordsToList()).extracting(TestRecord::key, r -> r.value().operation())
                .containsExactly(tuple("yara@example.com", ChangeOperation.MFA_DISABLED));
        assertThat(alerts.readRecordsToList()).extracting(r -> r.value().alertId())
                .containsExactly(alertId("MFA_NOT_SATISFIED", "yara@example.com", "-8100001"),
                        alertId("UNAPPROVED_EXCLUSION_CHANGE", "yara@example.com", "-8100004"));
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(count("mfawatch.normalizer.skipped", "source", "google", "reason", "unknown_event_type")).isEqualTo(1.0);
    }

    @Test
    void truncatedRecordIsDeadLetteredWithItsKeyBytesAndOrigin_theRestOfABatchIsStillPublished() {
        start();
        String whole = oktaFactorDeactivate("o-deact", "2026-11-23T09:21:00Z", "okta.admin@example.org", "pia@example.org");
        byte[] truncated = Arrays.copyOf(bytes(whole), 120);
        byte[] key = "raw-key-1".getBytes(StandardCharsets.UTF_8);
        raw.get("okta").pipeInput(new TestRecord<>(key, truncated,
                new RecordHeaders().add("trace", "t-1".getBytes(StandardCharsets.UTF_8)), Instant.parse("2026-11-23T09:22:00Z")));
        // A batch whose second element has no eventTime: the first is published, the record dead-lettered once.
        String noTime = cloudTrailConsoleLogin("ct-bad", "2026-11-23T08:01:00Z", "sara", "No")
                .replace("\"eventTime\":\"2026-11-23T08:01:00Z\",", "");
        byte[] batch = bytes(cloudTrailFile(cloudTrailConsoleLogin("ct-ok", "2026-11-23T08:00:00Z", "ravi", "yes"), noTime));
        raw.get("cloudtrail").pipeInput(null, batch, Instant.parse("2026-11-23T08:05:00Z"));

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).key()).isEqualTo(key);
        assertThat(dead.get(0).value()).isEqualTo(truncated);
        assertThat(header(dead.get(0), "trace")).isEqualTo("t-1");
        assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).isEqualTo("truncated_json");
        assertThat(header(dead.get(0), DeadLetterHeaders.TOPIC)).isEqualTo("idp.raw.okta");
        assertThat(header(dead.get(0), DeadLetterHeaders.PARTITION)).isEqualTo("0");
        assertThat(header(dead.get(0), DeadLetterHeaders.OFFSET)).isEqualTo("0");
        assertThat(header(dead.get(0), DeadLetterHeaders.EXCEPTION)).isEqualTo("none");
        assertThat(header(dead.get(0), DeadLetterHeaders.TIME)).isEqualTo("2026-11-23T12:00:00Z");
        assertThat(dead.get(1).key()).isNull();
        assertThat(dead.get(1).value()).isEqualTo(batch);
        assertThat(header(dead.get(1), DeadLetterHeaders.REASON)).isEqualTo("missing_field");
        assertThat(header(dead.get(1), DeadLetterHeaders.TOPIC)).isEqualTo("idp.raw.cloudtrail");
        assertThat(header(dead.get(1), DeadLetterHeaders.MESSAGE)).startsWith("element 1, event 0 (1 of 2 events failed): ")
                .contains("eventTime");
        assertThat(dlq.isEmpty()).isTrue();

        assertThat(signIns.readRecordsToList()).extracting(r -> r.value().eventId()).containsExactly("ct-ok");
        assertThat(changes.isEmpty()).isTrue();
        assertThat(count("mfawatch.dead.letters", "source", "idp.raw.okta", "reason", "truncated_json")).isEqualTo(1.0);
        assertThat(count("mfawatch.dead.letters", "source", "idp.raw.cloudtrail", "reason", "missing_field")).isEqualTo(1.0);
        assertThat(count("mfawatch.normalizer.skipped")).isZero();
    }

    @Test
    void poisonOfEveryKindIsDeadLetteredWithAReason_theNextGoodRecordIsStillPublished() {
        start();
        byte[] good = bytes(oktaFactorDeactivate("o-tpl", "2026-11-23T09:21:00Z", "okta.admin@example.org", "pia@example.org"));
        Map<Poison, String> reasons = Map.of(Poison.RANDOM_BYTES, "invalid_utf8", Poison.TRUNCATED_JSON, "truncated_json",
                Poison.FIVE_MEGABYTES, "record_too_large", Poison.DEEP_ARRAYS, "record_too_large",
                Poison.DEEP_OBJECTS, "record_too_large", Poison.INVALID_UTF8, "invalid_utf8");
        for (Poison p : Poison.values()) {
            raw.get("okta").pipeInput(null, p.bytes(good, p.ordinal()), Instant.parse("2026-11-23T09:22:00Z"));
        }
        raw.get("okta").pipeInput(null, bytes(oktaFactorDeactivate("o-after", "2026-11-23T09:23:00Z",
                "okta.admin@example.org", "pia@example.org")), Instant.parse("2026-11-23T09:23:00Z"));

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.REASON))
                .containsExactly(Arrays.stream(Poison.values()).map(reasons::get).toArray(String[]::new));
        assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.OFFSET)).containsExactly("0", "1", "2", "3", "4", "5");
        TestRecord<byte[], byte[]> huge = dead.get(Poison.FIVE_MEGABYTES.ordinal());
        assertThat(huge.value()).hasSize(dev.mfawatch.detector.ingest.DeadLetters.MAX_VALUE_BYTES);
        assertThat(header(huge, DeadLetterHeaders.TRUNCATED_FROM)).isEqualTo(Integer.toString(Poison.BIG));
        assertThat(header(dead.get(Poison.DEEP_ARRAYS.ordinal()), DeadLetterHeaders.MESSAGE)).contains("nesting depth");
        assertThat(changes.readRecordsToList()).extracting(r -> r.value().eventId()).containsExactly("o-after");
    }

    @Test
    void aFutureDatedEventIsStampedWithItsIngestionTime() {
        start();
        pipe("entra-signin", entraSignIn("e-future", "2026-11-23T09:00:00Z", "erin@example.com",
                "eeee0000-0000-4000-8000-000000000001", true), "2026-11-23T07:00:00Z");
        TestRecord<String, SignInEvent> r = signIns.readRecord();
        assertThat(r.getRecordTime()).isEqualTo(Instant.parse("2026-11-23T07:00:00Z"));
        assertThat(r.value().time()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
    }

    @Test
    void everyRawNodeStoreAndRepartitionTopicIsNamed() {
        DetectorConfig config = config(Map.of());
        String text = DetectorTopology.build(config, Detectors.all(config),
                DetectorMetrics.bindTo(new SimpleMeterRegistry(), Map.of())).describe().toString();
        assertThat(text).doesNotContain("KSTREAM-").doesNotContain("KTABLE-").doesNotContain("STATE-STORE-");
        for (String source : Topics.RAW_SOURCES) {
            assertThat(text).contains("Source: raw-" + source + "-source (topics: [idp.raw." + source + "])",
                    "Processor: raw-" + source + "-normalize", "Sink: raw-" + source + "-signin-sink (topic: signin.events)",
                    "Sink: raw-" + source + "-change-sink (topic: directory.changes)",
                    "Sink: raw-" + source + "-dlq-sink (topic: mfa.dlq)");
        }
        assertThat(text).contains("Sink: session-parts-repartition-sink (topic: session-parts-repartition)",
                "Processor: session-correlate (stores: [", "session-mfa-store", "session-mfa-deadlines",
                "Sink: session-signin-sink (topic: signin.events)");
    }

    @Test
    void onlyTheConfiguredSourcesAreRead() {
        DetectorConfig config = config(Map.of(DetectorConfig.SOURCES, " okta, Google "));
        assertThat(config.rawSources()).containsExactly("okta", "google");
        assertThat(config.rawTopics()).containsExactly("idp.raw.okta", "idp.raw.google");
        String text = DetectorTopology.build(config, Detectors.all(config),
                DetectorMetrics.bindTo(new SimpleMeterRegistry(), Map.of())).describe().toString();
        assertThat(text).contains("idp.raw.okta", "idp.raw.google").doesNotContain("idp.raw.entra").doesNotContain("cloudtrail");

        DetectorConfig none = config(Map.of(DetectorConfig.SOURCES, "none"));
        assertThat(none.rawSources()).isEmpty();
        assertThat(DetectorTopology.build(none, Detectors.all(none), DetectorMetrics.bindTo(new SimpleMeterRegistry(),
                Map.of())).describe().toString()).doesNotContain("idp.raw.").doesNotContain("session-");

        assertThatThrownBy(() -> config(Map.of(DetectorConfig.SOURCES, "okta,azure")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MFAWATCH_SOURCES")
                .hasMessageContaining("azure");
    }
}
