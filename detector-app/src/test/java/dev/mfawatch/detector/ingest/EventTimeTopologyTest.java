package dev.mfawatch.detector.ingest;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.detector.metrics.EventTimeMetrics;
import dev.mfawatch.detector.suppress.SuppressionProcessor;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream time is the events' own time whatever the producer stamped, and windows and state keep a
 * grace for late events (15 min by default).
 */
class EventTimeTopologyTest {

    private static final String ALICE = "alice@example.com";
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    @TempDir
    Path stateDir;

    /** A few hours of three principals: a burst without MFA, a second burst later, OATH failures and MFA sign-ins. */
    private static List<SignInEvent> scenario() {
        List<SignInEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Instant t = T0.plus(Duration.ofMinutes(15L * i));
            events.add(signIn("bob-" + i).principal("bob@example.com").at(t.toString()).withMfa(MethodClass.PUSH, "push").build());
            if (i % 5 != 4) {
                events.add(signIn("alice-" + i).at(t.plusSeconds(30).toString()).build());
            }
            if (i >= 6) {
                events.add(oath("carol-" + i, t.plusSeconds(60)));
            }
        }
        return events;
    }

    private static SignInEvent oath(String id, Instant at) {
        return signIn(id).principal("carol@example.com").at(at.toString()).result(SignInResult.FAILURE).ip("203.0.113.7")
                .session("s-" + id).mfa(new MfaInfo(true, false, "hardwareOath", MethodClass.OTP, MfaResult.CODE_INCORRECT, null, "TOTP"))
                .build();
    }

    private List<Alert> run(Path dir, List<SignInEvent> events, List<Instant> recordTimes) {
        try (Pipeline p = new Pipeline(dir, Map.of())) {
            for (int i = 0; i < events.size(); i++) {
                p.pipe(events.get(i), recordTimes.get(i));
            }
            // Close every window: a quiet sign-in well past the last window's end and its grace.
            p.pipe(signIn("end").principal("dave@example.com").at(T0.plus(Duration.ofHours(6)).toString())
                    .withMfa(MethodClass.PUSH, "push").build());
            assertThat(p.count(EventTimeMetrics.LATE_FIRINGS)).isZero();
            return p.alerts.readValuesToList();
        }
    }

    @Test
    void recordTimestampsUnrelatedToEventTime_giveTheSameAlertsAsEventTimeTimestamps() {
        List<SignInEvent> events = scenario();
        List<Instant> eventTimes = events.stream().map(SignInEvent::time).toList();
        // A producer stamping "now", and one whose clock runs backwards across the replay.
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        List<Instant> allNow = events.stream().map(e -> now).toList();
        List<Instant> reversed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            reversed.add(now.minus(Duration.ofMinutes(i)));
        }
        List<Alert> expected = run(stateDir.resolve("a"), events, eventTimes);
        // The scenario must exercise suppression: Alice's two bursts are one alert each, with an update.
        assertThat(expected).extracting(Alert::rule).contains("MFA_NOT_SATISFIED", "OATH_DESYNC");
        assertThat(expected.stream().filter(a -> a.rule().equals("MFA_NOT_SATISFIED")).map(Alert::alertId).distinct()).hasSize(3);

        assertThat(run(stateDir.resolve("b"), events, allNow)).usingRecursiveFieldByFieldElementComparator().isEqualTo(expected);
        assertThat(run(stateDir.resolve("c"), events, reversed)).usingRecursiveFieldByFieldElementComparator().isEqualTo(expected);
    }

    @Test
    void directoryChangesAreTimedByTheirOwnTimeToo() {
        List<List<Alert>> runs = new ArrayList<>();
        for (boolean producerClock : List.of(false, true)) {
            try (Pipeline p = new Pipeline(stateDir.resolve("run-" + producerClock), Map.of())) {
                SignInEvent before = signIn("s1").at("2026-11-20T08:00:00Z").withMfa(MethodClass.PHISHING_RESISTANT, "FIDO2 security key")
                        .build();
                var reset = new dev.mfawatch.model.directory.DirectoryChange("c1", "okta", T0,
                        new dev.mfawatch.model.directory.Actor("helpdesk-7@example.com", "USER"),
                        dev.mfawatch.model.directory.ChangeOperation.FACTOR_RESET, List.of(ALICE), null, null, Map.of(), null);
                SignInEvent after = signIn("s2").at("2026-11-23T09:20:00Z").withMfa(MethodClass.SMS_VOICE, "sms").build();
                SignInEvent end = signIn("s3").principal("bob@example.com").at("2026-11-23T11:00:00Z")
                        .withMfa(MethodClass.PUSH, "push").build();
                // The producer's clock: a day after the events, one minute per record.
                Instant clock = Instant.parse("2026-11-24T12:00:00Z");
                p.pipe(before, producerClock ? clock : before.time());
                p.pipe(reset, producerClock ? clock.plusSeconds(60) : reset.time());
                p.pipe(after, producerClock ? clock.plusSeconds(120) : after.time());
                p.pipe(end, producerClock ? clock.plusSeconds(180) : end.time());
                runs.add(p.alerts.readValuesToList());
            }
        }
        // FACTOR_SWAP's window opens at the change (09:00) and takes the sign-in in: one id, count 2.
        String id = SuppressionProcessor.alertId("FACTOR_SWAP", ALICE, T0);
        assertThat(runs.get(0)).filteredOn(a -> a.rule().equals("FACTOR_SWAP")).extracting(Alert::alertId, Alert::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(id, 1), org.assertj.core.groups.Tuple.tuple(id, 2));
        assertThat(runs.get(1)).usingRecursiveFieldByFieldElementComparator().isEqualTo(runs.get(0));
    }

    @Test
    void aLateFiringWithinTheGraceJoinsItsWindow() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            p.pipe(signIn("a1").at("2026-11-23T09:00:00Z").build());
            // Stream time passes Alice's window end (10:00) but not its grace (10:15).
            p.pipe(signIn("b1").principal("bob@example.com").at("2026-11-23T10:10:00Z").withMfa(MethodClass.PUSH, "push").build());
            p.pipe(signIn("a2").at("2026-11-23T09:50:00Z").build());
            String id = SuppressionProcessor.alertId("MFA_NOT_SATISFIED", ALICE, T0);
            assertThat(p.alerts.readValuesToList()).extracting(Alert::alertId, Alert::count)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(id, 1));
            p.pipe(signIn("b2").principal("bob@example.com").at("2026-11-23T10:20:00Z").withMfa(MethodClass.PUSH, "push").build());
            Alert update = p.alerts.readValue();
            assertThat(update.alertId()).isEqualTo(id);
            assertThat(update.count()).isEqualTo(2);
            assertThat(update.evidence()).containsExactly("a1", "a2");
            assertThat(p.alerts.isEmpty()).isTrue();
            assertThat(p.count(EventTimeMetrics.LATE_FIRINGS)).isZero();
        }
    }

    @Test
    void aFiringBeyondTheGraceIsStillAlerted_inAWindowOfItsOwn_andCounted() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            p.pipe(signIn("a1").at("2026-11-23T09:00:00Z").build());
            // Stream time passes 10:15: Alice's window closed (a single firing: no update).
            p.pipe(signIn("b1").principal("bob@example.com").at("2026-11-23T10:20:00Z").withMfa(MethodClass.PUSH, "push").build());
            // 09:55 is 25 min behind stream time, beyond the 15 min grace.
            p.pipe(signIn("a2").at("2026-11-23T09:55:00Z").build());
            assertThat(p.alerts.readValuesToList()).extracting(Alert::alertId).containsExactly(
                    SuppressionProcessor.alertId("MFA_NOT_SATISFIED", ALICE, T0),
                    SuppressionProcessor.alertId("MFA_NOT_SATISFIED", ALICE, Instant.parse("2026-11-23T09:55:00Z")));
            assertThat(p.count(EventTimeMetrics.LATE_FIRINGS, "rule", "MFA_NOT_SATISFIED")).isEqualTo(1.0);
        }
    }

    @Test
    void stateExpiryWaitsForTheGrace_soALateSignalStillCounts() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            // OATH_DESYNC fires on the third signal within an hour.
            p.pipe(oath("c1", Instant.parse("2026-11-23T09:00:00Z")));
            p.pipe(oath("c2", Instant.parse("2026-11-23T09:30:00Z")));
            // Stream time reaches 10:10: without a grace, the sweep would drop c1 (older than 09:10).
            p.pipe(signIn("b1").principal("bob@example.com").at("2026-11-23T10:10:00Z").withMfa(MethodClass.PUSH, "push").build());
            p.pipe(oath("c3", Instant.parse("2026-11-23T09:45:00Z")));
            assertThat(p.alerts.readValuesToList()).extracting(Alert::rule).containsExactly("OATH_DESYNC");
        }
    }

    @Test
    void aFutureDatedEventIsClampedAndCannotCloseOpenWindows() {
        // Times near the wall clock: the clamp bound is the later of the record's timestamp and the wall clock.
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            p.pipe(signIn("a1").at(base.toString()).build());
            // Bob's clock says 2100: without the clamp, stream time would jump there and close Alice's window.
            p.pipe(signIn("b1").principal("bob@example.com").at("2100-01-01T00:00:00Z").withMfa(MethodClass.PUSH, "push").build(),
                    base.plus(Duration.ofMinutes(10)));
            p.pipe(signIn("a2").at(base.plus(Duration.ofMinutes(20)).toString()).build());
            p.pipe(signIn("c1").principal("carol@example.com").at(base.plus(Duration.ofHours(2)).toString())
                    .withMfa(MethodClass.PUSH, "push").build(), base.plus(Duration.ofHours(2)));
            String id = SuppressionProcessor.alertId("MFA_NOT_SATISFIED", ALICE, base);
            assertThat(p.alerts.readValuesToList()).extracting(Alert::alertId, Alert::count).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(id, 1), org.assertj.core.groups.Tuple.tuple(id, 2));
            assertThat(p.count(EventTimeMetrics.ADJUSTED, "topic", Topics.SIGNIN_EVENTS.name(), "kind", "future")).isEqualTo(1.0);
        }
    }

    @Test
    void aRecordWithoutAReadableTime_goesToTheDeadLetterTopicAsBefore_andIsCounted() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            p.signIns.pipeInput(ALICE, "{\"eventId\":\"x\",\"source\":\"entra\"}".getBytes(StandardCharsets.UTF_8), T0);
            p.signIns.pipeInput(ALICE, "not json".getBytes(StandardCharsets.UTF_8), T0);
            p.signIns.pipeInput(ALICE, "{\"eventId\":\"y\",\"time\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8), T0);
            assertThat(p.dlq.readRecordsToList()).hasSize(3).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(T0.toEpochMilli()));
            assertThat(p.alerts.isEmpty()).isTrue();
            assertThat(p.count(EventTimeMetrics.ADJUSTED, "topic", Topics.SIGNIN_EVENTS.name(), "kind", "unreadable")).isEqualTo(3.0);
        }
    }

    @Test
    void theExtractorReadsOnlyTheTopLevelTime_andClampsToTheLaterOfRecordTimeAndWallClock() {
        EventTimeMetrics metrics = new EventTimeMetrics();
        metrics.bindTo(new SimpleMeterRegistry());
        long wall = T0.toEpochMilli();
        EventTimeExtractor x = new EventTimeExtractor(Duration.ofMinutes(5), metrics, () -> wall);
        byte[] nested = "{\"eventId\":\"e\",\"raw\":{\"time\":\"2020-01-01T00:00:00Z\"},\"time\":\"2026-11-23T08:00:00+01:00\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(x.extract(record(nested, 5L), -1)).isEqualTo(Instant.parse("2026-11-23T07:00:00Z").toEpochMilli());
        byte[] future = "{\"time\":\"2026-11-23T10:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(x.extract(record(future, wall - 1000), -1)).isEqualTo(wall + Duration.ofMinutes(5).toMillis());
        long laterRecord = T0.plus(Duration.ofMinutes(58)).toEpochMilli();
        assertThat(x.extract(record(future, laterRecord), -1)).isEqualTo(Instant.parse("2026-11-23T10:00:00Z").toEpochMilli());
        // No time and no usable record timestamp: the partition's time, never a negative one.
        assertThat(x.extract(record("{}".getBytes(StandardCharsets.UTF_8), -1), 42L)).isEqualTo(42L);
        assertThat(x.extract(record(null, -1), -1)).isZero();
    }

    private static ConsumerRecord<Object, Object> record(byte[] value, long timestamp) {
        return new ConsumerRecord<>(Topics.SIGNIN_EVENTS.name(), 0, 0L, timestamp,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, ALICE, value, new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());
    }
}
