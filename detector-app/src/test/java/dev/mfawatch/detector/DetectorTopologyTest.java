package dev.mfawatch.detector;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.detector.fixtures.Poison;
import dev.mfawatch.model.DeadLetterHeaders;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.ClientProtocol;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole detector topology through {@link DetectorTopology#build}, driven by
 * {@link TopologyTestDriver} with explicit record timestamps. Each scenario states its register
 * and sign-ins; the expected alerts follow from the rules in DESIGN.md.
 */
class DetectorTopologyTest {

    private static final String ALICE = "alice@example.com";
    /** The driver's mock wall clock: only housekeeping (the dead-letter time header) reads it. */
    private static final Instant WALL_CLOCK = Instant.parse("2026-11-23T12:00:00Z");
    private static final String ALICE_OBJECT_ID = "7c1d2e3f-1111-4222-8333-944455556666";

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private SimpleMeterRegistry registry;
    private TestInputTopic<String, byte[]> signIns;
    private TestInputTopic<String, byte[]> register;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, byte[]> dlq;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /**
     * These scenarios test the register rules one firing at a time, so suppression is off
     * ({@code 0s}: one alert per firing with the per-event id); suppression with its default window
     * is covered by {@code SuppressionTopologyTest}.
     */
    private void start(Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "unused:9092",
                DetectionSettings.SUPPRESSION_WINDOW, "0s",
                DetectorConfig.STATE_DIR, stateDir.toString()));
        env.putAll(extraEnv);
        DetectorConfig config = DetectorConfig.from(env);
        List<Detector> detectors = Detectors.all(config);
        registry = new SimpleMeterRegistry();
        DetectorMetrics metrics = DetectorMetrics.bindTo(registry, Detectors.severities(detectors));
        Topology topology = DetectorTopology.build(config, detectors, metrics);
        driver = new TopologyTestDriver(topology, config.streamsProperties(), WALL_CLOCK);
        signIns = driver.createInputTopic(Topics.SIGNIN_EVENTS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        register = driver.createInputTopic(Topics.REGISTER.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        alerts = driver.createOutputTopic(Topics.ALERTS.name(), Topics.ALERTS.keySerde().deserializer(),
                Topics.ALERTS.valueSerde().deserializer());
        dlq = driver.createOutputTopic(Topics.DLQ.name(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    private void start() {
        start(Map.of());
    }

    private void publish(ExceptionEntry entry) {
        register.pipeInput(entry.id(), Topics.REGISTER_SERDE.write(entry), Instant.parse("2026-11-01T00:00:00Z"));
    }

    /** Pipes the sign-in with its own event time as record timestamp. */
    private void pipe(SignInEvent event) {
        signIns.pipeInput(event.principal().id(), Topics.SIGNIN_SERDE.write(event), event.time());
    }

    private static String id(String rule, String principal, String eventId) {
        return UUID.nameUUIDFromBytes((rule + "|" + principal + "|" + eventId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private double count(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static String header(TestRecord<?, ?> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Nested
    class MfaNotSatisfied {

        @Test
        void firesOnSuccessWithoutMfaAndNoException_quietWithMfaOrOnFailure() {
            start();
            pipe(signIn("evt-1").at("2026-11-23T09:00:00Z").build());
            pipe(signIn("evt-2").at("2026-11-23T09:01:00Z").withMfa(MethodClass.PUSH, "Microsoft Authenticator").build());
            pipe(signIn("evt-3").at("2026-11-23T09:02:00Z").result(SignInResult.FAILURE).build());
            pipe(signIn("evt-4").at("2026-11-23T09:03:00Z").result(SignInResult.INTERRUPTED).build());

            TestRecord<String, Alert> r = alerts.readRecord();
            assertThat(r.key()).isEqualTo(ALICE);
            Alert a = r.value();
            assertThat(a.rule()).isEqualTo("MFA_NOT_SATISFIED");
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.principal()).isEqualTo(ALICE);
            assertThat(a.exceptionId()).isNull();
            assertThat(a.alertId()).isEqualTo(id("MFA_NOT_SATISFIED", ALICE, "evt-1"));
            assertThat(a.eventTime()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
            assertThat(a.detectedAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
            assertThat(a.evidence()).containsExactly("evt-1");
            assertThat(a.ip()).isEqualTo("203.0.113.7");
            assertThat(a.app()).isEqualTo("Office 365 Exchange Online");
            assertThat(a.clientProtocol()).isEqualTo("BROWSER");
            assertThat(a.factor()).isEqualTo("NONE");
            assertThat(a.geo().country()).isEqualTo("DE");
            assertThat(a.count()).isEqualTo(1);
            assertThat(a.attack()).containsExactly("T1078.004", "T1556.006");
            assertThat(a.response().contain()).isNotBlank();
            assertThat(a.summary()).contains(ALICE).contains("without MFA");
            assertThat(alerts.isEmpty()).isTrue();

            assertThat(count("mfawatch.signins", "source", "entra", "result", "SUCCESS", "mfa_satisfied", "false",
                    "covered_by_exception", "false", "privileged", "unknown", "method_class", "NONE")).isEqualTo(1.0);
            assertThat(count("mfawatch.signins", "mfa_satisfied", "true", "method_class", "PUSH")).isEqualTo(1.0);
            assertThat(count("mfawatch.signin.failures", "source", "entra", "reason", "other")).isEqualTo(1.0);
            assertThat(count("mfawatch.alerts", "rule", "MFA_NOT_SATISFIED", "severity", "HIGH")).isEqualTo(1.0);
        }

        @Test
        void sameInputTwiceGivesTheSameAlertId_differentEventsDifferentIds() {
            start();
            SignInEvent e = signIn("evt-7").at("2026-11-23T10:00:00Z").build();
            pipe(e);
            pipe(e);
            pipe(signIn("evt-8").at("2026-11-23T10:05:00Z").build());

            List<Alert> out = alerts.readValuesToList();
            assertThat(out).extracting(Alert::alertId).containsExactly(
                    id("MFA_NOT_SATISFIED", ALICE, "evt-7"), id("MFA_NOT_SATISFIED", ALICE, "evt-7"),
                    id("MFA_NOT_SATISFIED", ALICE, "evt-8"));
            assertThat(out.get(0)).isEqualTo(out.get(1));
            assertThat(alerts.isEmpty()).isTrue();
        }

        @Test
        void exceptionNotYetActiveDoesNotCoverButIsNamed_thenCoversOnceActive() {
            start();
            publish(entry("EXC-2026-0101").active("2026-11-10T00:00:00Z", "2026-12-01T00:00:00Z").build());
            pipe(signIn("evt-early").at("2026-11-09T23:59:59Z").build());
            pipe(signIn("evt-on-time").at("2026-11-10T00:00:00Z").build());

            Alert a = alerts.readValue();
            assertThat(a.rule()).isEqualTo("MFA_NOT_SATISFIED");
            assertThat(a.alertId()).isEqualTo(id("MFA_NOT_SATISFIED", ALICE, "evt-early"));
            assertThat(a.exceptionId()).isNull();
            assertThat(a.details()).containsEntry("exceptionsNotInForce", "EXC-2026-0101 NOT_YET_ACTIVE");
            assertThat(alerts.isEmpty()).isTrue();
            assertThat(count("mfawatch.exception.usage", "category", "LEGACY_PROTOCOL")).isEqualTo(1.0);
        }

        @Test
        void aRegisterTombstoneRemovesCoverage() {
            start();
            publish(entry("EXC-2026-0102").build());
            pipe(signIn("evt-covered").at("2026-11-20T08:00:00Z").build());
            register.pipeInput("EXC-2026-0102", null, Instant.parse("2026-11-20T09:00:00Z"));
            pipe(signIn("evt-after-removal").at("2026-11-20T10:00:00Z").build());

            Alert a = alerts.readValue();
            assertThat(a.rule()).isEqualTo("MFA_NOT_SATISFIED");
            assertThat(a.alertId()).isEqualTo(id("MFA_NOT_SATISFIED", ALICE, "evt-after-removal"));
            assertThat(alerts.isEmpty()).isTrue();
            assertThat(count("mfawatch.exception.usage", "category", "LEGACY_PROTOCOL")).isEqualTo(1.0);
        }

        @Test
        void serviceAndNonInteractiveSignInsAreNotExpectedByDefault() {
            start();
            pipe(signIn("evt-svc").principal("svc-backup@example.com").type(PrincipalType.SERVICE).build());
            pipe(signIn("evt-wl").principal("arn:aws:iam::123456789012:role/etl").type(PrincipalType.WORKLOAD).build());
            pipe(signIn("evt-refresh").nonInteractive().build());
            assertThat(alerts.isEmpty()).isTrue();
            assertThat(count("mfawatch.signins", "mfa_satisfied", "false")).isEqualTo(3.0);
        }

        @Test
        void serviceAndNonInteractiveSignInsAreExpectedWhenConfigured() {
            start(Map.of(DetectorConfig.EXPECT_MFA_SERVICE_PRINCIPALS, "true",
                    DetectorConfig.EXPECT_MFA_NON_INTERACTIVE, "true"));
            pipe(signIn("evt-svc").at("2026-11-23T09:00:00Z").principal("svc-backup@example.com").type(PrincipalType.SERVICE).build());
            pipe(signIn("evt-refresh").at("2026-11-23T09:01:00Z").nonInteractive().build());

            assertThat(alerts.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.rule(), kv -> kv.value.alertId())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("svc-backup@example.com", "MFA_NOT_SATISFIED",
                                    id("MFA_NOT_SATISFIED", "svc-backup@example.com", "evt-svc")),
                            org.assertj.core.groups.Tuple.tuple(ALICE, "MFA_NOT_SATISFIED", id("MFA_NOT_SATISFIED", ALICE, "evt-refresh")));
            assertThat(alerts.isEmpty()).isTrue();
        }

        @Test
        void providerSayingMfaNotRequiredDoesNotSilenceOurPolicy() {
            start();
            // SignIns' default MfaInfo already says required=false, as an excluded user's sign-in would.
            pipe(signIn("evt-excluded").build());
            assertThat(alerts.readValue().details()).containsEntry("providerRequiredMfa", "false");
            assertThat(alerts.isEmpty()).isTrue();
        }
    }

    @Nested
    class ExpiredExceptionUsed {

        @Test
        void exceptionExpiringBetweenTwoSignInsFiresOnlyOnTheSecond() {
            start();
            publish(entry("EXC-2026-0201").active("2026-11-01T00:00:00Z", "2026-11-20T00:00:00Z").build());
            pipe(signIn("evt-last-covered").at("2026-11-19T23:59:59Z").build());
            pipe(signIn("evt-expired").at("2026-11-20T00:00:00Z").build());

            TestRecord<String, Alert> r = alerts.readRecord();
            assertThat(r.key()).isEqualTo(ALICE);
            assertThat(r.value().rule()).isEqualTo("EXPIRED_EXCEPTION_USED");
            assertThat(r.value().severity()).isEqualTo(Severity.HIGH);
            assertThat(r.value().exceptionId()).isEqualTo("EXC-2026-0201");
            assertThat(r.value().exceptionCategory()).isEqualTo("LEGACY_PROTOCOL");
            assertThat(r.value().alertId()).isEqualTo(id("EXPIRED_EXCEPTION_USED", ALICE, "evt-expired"));
            assertThat(r.value().details()).containsEntry("lifecycle", "EXPIRED")
                    .containsEntry("endedAt", "2026-11-20T00:00:00Z");
            assertThat(alerts.isEmpty()).isTrue();
            assertThat(count("mfawatch.exception.usage", "category", "LEGACY_PROTOCOL")).isEqualTo(1.0);
        }

        @Test
        void revokedEntryStopsCoveringAtItsRevocation() {
            start();
            publish(entry("EXC-2026-0202").revokedAt("2026-11-15T12:00:00Z").build());
            pipe(signIn("evt-before").at("2026-11-15T11:59:59Z").build());
            pipe(signIn("evt-after").at("2026-11-16T08:00:00Z").build());

            Alert a = alerts.readValue();
            assertThat(a.rule()).isEqualTo("EXPIRED_EXCEPTION_USED");
            assertThat(a.exceptionId()).isEqualTo("EXC-2026-0202");
            assertThat(a.alertId()).isEqualTo(id("EXPIRED_EXCEPTION_USED", ALICE, "evt-after"));
            assertThat(a.details()).containsEntry("lifecycle", "REVOKED").containsEntry("endedAt", "2026-11-15T12:00:00Z");
            assertThat(alerts.isEmpty()).isTrue();
        }

        @Test
        void namesTheMostRecentlyEndedOfSeveralEndedEntries() {
            start();
            publish(entry("EXC-2026-0203").active("2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z").build());
            publish(entry("EXC-2026-0204").active("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z").build());
            pipe(signIn("evt-1").at("2026-11-23T09:00:00Z").build());

            assertThat(alerts.readValue().exceptionId()).isEqualTo("EXC-2026-0204");
            assertThat(alerts.isEmpty()).isTrue();
        }

        @Test
        void quietWhenTheSignInUsedMfaAnyway() {
            start();
            publish(entry("EXC-2026-0205").active("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z").build());
            pipe(signIn("evt-1").at("2026-11-23T09:00:00Z").withMfa(MethodClass.PHISHING_RESISTANT, "FIDO2").build());
            assertThat(alerts.isEmpty()).isTrue();
        }
    }

    @Nested
    class ExceptionScopeViolation {

        @Test
        void ipv4CidrBoundary_firstAndLastAddressCovered_neighboursOutside() {
            start();
            publish(entry("EXC-2026-0301").networks("198.51.100.0/24").build());
            pipe(signIn("evt-first").at("2026-11-23T09:00:00Z").from("198.51.100.0", "DE").build());
            pipe(signIn("evt-last").at("2026-11-23T09:01:00Z").from("198.51.100.255", "DE").build());
            pipe(signIn("evt-below").at("2026-11-23T09:02:00Z").from("198.51.99.255", "DE").build());
            pipe(signIn("evt-above").at("2026-11-23T09:03:00Z").from("198.51.101.0", "DE").build());

            List<Alert> out = alerts.readValuesToList();
            assertThat(out).extracting(Alert::rule, Alert::exceptionId, Alert::alertId).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("EXCEPTION_SCOPE_VIOLATION", "EXC-2026-0301",
                            id("EXCEPTION_SCOPE_VIOLATION", ALICE, "evt-below")),
                    org.assertj.core.groups.Tuple.tuple("EXCEPTION_SCOPE_VIOLATION", "EXC-2026-0301",
                            id("EXCEPTION_SCOPE_VIOLATION", ALICE, "evt-above")));
            assertThat(out.get(0).severity()).isEqualTo(Severity.HIGH);
            assertThat(out.get(0).details()).containsEntry("mismatched", "network")
                    .containsEntry("network.allowed", "198.51.100.0/24")
                    .containsEntry("network.actual", "198.51.99.255");
            assertThat(alerts.isEmpty()).isTrue();
            assertThat(count("mfawatch.exception.usage", "category", "LEGACY_PROTOCOL")).isEqualTo(2.0);
            assertThat(count("mfawatch.signins", "covered_by_exception", "true")).isEqualTo(2.0);
        }

        @Test
        void ipv6CidrBoundary() {
            start();
            publish(entry("EXC-2026-0302").networks("2001:db8:1::/48").build());
            pipe(signIn("evt-first").from("2001:db8:1::", "DE").build());
            pipe(signIn("evt-last").from("2001:db8:1:ffff:ffff:ffff:ffff:ffff", "DE").build());
            pipe(signIn("evt-outside").from("2001:db8:2::", "DE").build());

            assertThat(alerts.readValuesToList()).extracting(Alert::alertId)
                    .containsExactly(id("EXCEPTION_SCOPE_VIOLATION", ALICE, "evt-outside"));
            assertThat(alerts.isEmpty()).isTrue();
        }

        @Test
        void namesEveryMismatchedDimension() {
            start();
            publish(entry("EXC-2026-0303").apps("Office 365 Exchange Online").protocols("IMAP", "SMTP")
                    .countries("de").build());
            // In scope: app by name (any case), protocol, country (any case).
            pipe(signIn("evt-ok").protocol(ClientProtocol.IMAP).from("203.0.113.7", "DE").build());
            pipe(signIn("evt-bad").at("2026-11-23T11:00:00Z").protocol(ClientProtocol.BROWSER).from("192.0.2.10", "RU").build());

            Alert a = alerts.readValue();
            assertThat(a.rule()).isEqualTo("EXCEPTION_SCOPE_VIOLATION");
            assertThat(a.alertId()).isEqualTo(id("EXCEPTION_SCOPE_VIOLATION", ALICE, "evt-bad"));
            assertThat(a.details()).containsEntry("mismatched", "protocol,country")
                    .containsEntry("protocol.allowed", "IMAP;SMTP").containsEntry("protocol.actual", "BROWSER")
                    .containsEntry("country.allowed", "de").containsEntry("country.actual", "RU");
            assertThat(alerts.isEmpty()).isTrue();
        }

        @Test
        void appMatchesByIdToo() {
            start();
            publish(entry("EXC-2026-0304").apps("00000002-0000-0ff1-ce00-000000000000").build());
            pipe(signIn("evt-by-id").app("00000002-0000-0FF1-CE00-000000000000", null).build());
            pipe(signIn("evt-other-app").app("00000003-0000-0000-c000-000000000000", "Microsoft Graph").build());

            assertThat(alerts.readValuesToList()).extracting(Alert::rule, Alert::alertId).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("EXCEPTION_SCOPE_VIOLATION",
                            id("EXCEPTION_SCOPE_VIOLATION", ALICE, "evt-other-app")));
            assertThat(alerts.isEmpty()).isTrue();
        }

        @Test
        void anInScopeEntryWinsOverAnOutOfScopeOne() {
            start();
            publish(entry("EXC-2026-0305").networks("10.0.0.0/8").build());
            publish(entry("EXC-2026-0306").networks("203.0.113.0/24").build());
            pipe(signIn("evt-1").from("203.0.113.7", "DE").build());
            assertThat(alerts.isEmpty()).isTrue();
        }
    }

    @Nested
    class RegisterLookup {

        @Test
        void aliasMatch_registerNamesTheObjectIdAndTheSignInCarriesItAsAlias() {
            start();
            publish(entry("EXC-2026-0401").principals(ALICE_OBJECT_ID.toUpperCase()).build());
            pipe(signIn("evt-alias").principal(ALICE, ALICE_OBJECT_ID).build());
            pipe(signIn("evt-no-alias").principal(ALICE).build());
            pipe(signIn("evt-bob").principal("bob@example.com").build());

            assertThat(alerts.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.alertId()).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(ALICE, id("MFA_NOT_SATISFIED", ALICE, "evt-no-alias")),
                    org.assertj.core.groups.Tuple.tuple("bob@example.com", id("MFA_NOT_SATISFIED", "bob@example.com", "evt-bob")));
            assertThat(alerts.isEmpty()).isTrue();
            assertThat(count("mfawatch.exception.usage", "category", "LEGACY_PROTOCOL")).isEqualTo(1.0);
        }

        @Test
        void aMalformedRegisterValueIsSkippedAndCounted_theRestStillLoads() {
            start();
            register.pipeInput("EXC-BROKEN", "{\"id\":".getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-01T00:00:00Z"));
            publish(entry("EXC-2026-0402").build());
            pipe(signIn("evt-1").build());

            assertThat(alerts.isEmpty()).isTrue();
            assertThat(count("mfawatch.register.invalid", "reason", "invalid_value")).isEqualTo(1.0);
            assertThat(count("mfawatch.exception.usage", "category", "LEGACY_PROTOCOL")).isEqualTo(1.0);
        }

        @Test
        void anUpdatedEntryReplacesItsPrincipals() {
            start();
            publish(entry("EXC-2026-0403").principals(ALICE).build());
            publish(entry("EXC-2026-0403").principals("bob@example.com").build());
            pipe(signIn("evt-alice").principal(ALICE).build());
            pipe(signIn("evt-bob").principal("bob@example.com").build());

            assertThat(alerts.readValuesToList()).extracting(Alert::alertId)
                    .containsExactly(id("MFA_NOT_SATISFIED", ALICE, "evt-alice"));
            assertThat(alerts.isEmpty()).isTrue();
        }
    }

    @Nested
    class DeadLetters {

        @Test
        void badJsonAndMissingTimeGoToTheDlqWithHeaders_theNextGoodRecordStillAlerts() {
            start();
            byte[] notJson = "this is not json".getBytes(StandardCharsets.UTF_8);
            byte[] noTime = ("{\"eventId\":\"evt-x\",\"source\":\"entra\",\"principal\":{\"id\":\"alice@example.com\"},"
                    + "\"result\":\"SUCCESS\"}").getBytes(StandardCharsets.UTF_8);
            byte[] badEnum = ("{\"eventId\":\"evt-y\",\"source\":\"entra\",\"time\":\"2026-11-23T09:00:00Z\","
                    + "\"principal\":{\"id\":\"alice@example.com\"},\"result\":\"MAYBE\"}").getBytes(StandardCharsets.UTF_8);
            signIns.pipeInput("key-a", notJson, Instant.parse("2026-11-23T09:00:00Z"));
            signIns.pipeInput("key-b", noTime, Instant.parse("2026-11-23T09:00:01Z"));
            signIns.pipeInput("key-c", badEnum, Instant.parse("2026-11-23T09:00:02Z"));
            signIns.pipeInput("key-d", null, Instant.parse("2026-11-23T09:00:03Z"));
            pipe(signIn("evt-good").at("2026-11-23T09:00:04Z").build());

            List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
            assertThat(dead).extracting(TestRecord::key).containsExactly("key-a", "key-b", "key-c", "key-d");
            assertThat(dead.get(0).value()).isEqualTo(notJson);
            assertThat(dead.get(1).value()).isEqualTo(noTime);
            assertThat(dead.get(2).value()).isEqualTo(badEnum);
            assertThat(dead.get(3).value()).isNull();
            assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.REASON))
                    .containsExactly("invalid_json", "invalid_field", "invalid_type", "empty_value");
            assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.TOPIC)).containsOnly("signin.events");
            assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.PARTITION)).containsOnly("0");
            assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.OFFSET)).containsExactly("0", "1", "2", "3");
            assertThat(header(dead.get(1), DeadLetterHeaders.MESSAGE)).isEqualTo("time is required");
            assertThat(header(dead.get(0), DeadLetterHeaders.EXCEPTION)).isEqualTo("com.fasterxml.jackson.core.JsonParseException");
            assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.TIME)).containsOnly("2026-11-23T12:00:00Z");
            assertThat(dlq.isEmpty()).isTrue();

            assertThat(alerts.readValuesToList()).extracting(Alert::alertId)
                    .containsExactly(id("MFA_NOT_SATISFIED", ALICE, "evt-good"));
            assertThat(alerts.isEmpty()).isTrue();
            assertThat(count("mfawatch.dead.letters", "source", "signin.events", "reason", "invalid_json")).isEqualTo(1.0);
            assertThat(count("mfawatch.dead.letters", "source", "signin.events", "reason", "invalid_field")).isEqualTo(1.0);
            assertThat(count("mfawatch.dead.letters", "source", "signin.events", "reason", "invalid_type")).isEqualTo(1.0);
            assertThat(count("mfawatch.dead.letters", "source", "signin.events", "reason", "empty_value")).isEqualTo(1.0);
            assertThat(count("mfawatch.signins")).isEqualTo(1.0);
        }

        @Test
        void deepAndHugeValuesAreDeadLettered_aValueTooLargeForTheDlqIsCutAndSaysSo() {
            start();
            byte[] good = Topics.SIGNIN_SERDE.write(signIn("evt-template").at("2026-11-23T09:00:00Z").build());
            byte[] deepArrays = Poison.DEEP_ARRAYS.bytes(good, 1);
            byte[] deepObjects = Poison.DEEP_OBJECTS.bytes(good, 2);
            byte[] huge = Poison.FIVE_MEGABYTES.bytes(good, 3);
            signIns.pipeInput("key-a", deepArrays, Instant.parse("2026-11-23T09:00:00Z"));
            signIns.pipeInput("key-b", deepObjects, Instant.parse("2026-11-23T09:00:01Z"));
            signIns.pipeInput("key-c", huge, Instant.parse("2026-11-23T09:00:02Z"));
            pipe(signIn("evt-good").at("2026-11-23T09:00:04Z").build());

            List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
            assertThat(dead).extracting(TestRecord::key).containsExactly("key-a", "key-b", "key-c");
            // An array is refused at its first token (a sign-in is an object); the deep object reaches
            // Jackson's nesting limit (1000): a bounded reason either way, not a crash.
            assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.REASON))
                    .containsExactly("invalid_type", "limit_exceeded", "record_too_large");
            assertThat(dead.get(0).value()).isEqualTo(deepArrays);
            assertThat(dead.get(1).value()).isEqualTo(deepObjects);
            assertThat(dead.get(0).headers().lastHeader(DeadLetterHeaders.TRUNCATED_FROM)).isNull();
            // Refused unread (no canonical event is near 1 MiB); 5 MB would not fit mfa.dlq's default
            // limits either: its head goes there, with its size.
            assertThat(dead.get(2).value()).isEqualTo(Arrays.copyOf(huge, dev.mfawatch.detector.ingest.DeadLetters.MAX_VALUE_BYTES));
            assertThat(header(dead.get(2), DeadLetterHeaders.TRUNCATED_FROM)).isEqualTo(Integer.toString(Poison.BIG));
            assertThat(header(dead.get(2), DeadLetterHeaders.OFFSET)).isEqualTo("2");
            assertThat(header(dead.get(2), DeadLetterHeaders.MESSAGE))
                    .isEqualTo("the record has " + Poison.BIG + " bytes, more than the limit of 1048576");
            assertThat(alerts.readValuesToList()).extracting(Alert::alertId)
                    .containsExactly(id("MFA_NOT_SATISFIED", ALICE, "evt-good"));
            assertThat(count("mfawatch.dead.letters", "source", "signin.events", "reason", "limit_exceeded")).isEqualTo(1.0);
        }
    }

    @Test
    void duplicateRuleIdsAreRejectedAtBuildTime() {
        DetectorConfig config = DetectorConfig.from(Map.of(DetectorConfig.STATE_DIR, stateDir.toString()));
        Detector d = Detectors.all(config).get(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DetectorTopology.build(config, List.of(d, d),
                DetectorMetrics.bindTo(new SimpleMeterRegistry(), Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MFA_NOT_SATISFIED");
    }

    @Test
    void everyProcessorStoreAndSinkIsNamed() {
        start();
        DetectorConfig config = DetectorConfig.from(Map.of(DetectorConfig.STATE_DIR, stateDir.toString()));
        TopologyDescription d = DetectorTopology.build(config, Detectors.all(config),
                DetectorMetrics.bindTo(new SimpleMeterRegistry(), Map.of())).describe();
        String text = d.toString();
        assertThat(text).doesNotContain("KSTREAM-").doesNotContain("KTABLE-").doesNotContain("STATE-STORE-");
        assertThat(text).contains("Processor: register-loader (stores: [register-store])",
                "Source: signin-source (topics: [signin.events])", "Processor: signin-parse",
                "Source: principals-loader-source (topics: [directory.principals])", "Processor: principals-loader (stores: [principals-inventory])", "Processor: inventory-join (stores: [principals-inventory])",
                "Source: changes-source (topics: [directory.changes])",
                "Sink: changes-dlq-sink (topic: mfa.dlq)",
                "Sink: alerts-sink (topic: mfa.alerts)", "Sink: dlq-sink (topic: mfa.dlq)");
        assertThat(text).containsPattern("Processor: detect \\(stores: \\[(principal-state, principal-state-due|principal-state-due, principal-state)\\]\\)");
        assertThat(text).containsPattern("Processor: suppress \\(stores: \\[(alert-suppression, alert-suppression-due|alert-suppression-due, alert-suppression)\\]\\)");
    }
}
