package dev.mfawatch.detector.changes;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.ingest.raw.RawRecords.bytes;
import static dev.mfawatch.detector.ingest.raw.RawRecords.cloudTrailDeactivateMfa;
import static dev.mfawatch.detector.ingest.raw.RawRecords.entraCaUpdate;
import static dev.mfawatch.detector.ingest.raw.RawRecords.google2svDisable;
import static dev.mfawatch.detector.ingest.raw.RawRecords.google2svEnroll;
import static dev.mfawatch.detector.ingest.raw.RawRecords.oktaFactorDeactivate;
import static dev.mfawatch.detector.ingest.raw.RawRecords.oktaRuleDropsMfa;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.DetectorTopology;
import dev.mfawatch.detector.alerting.AlertFactory;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.detector.fixtures.Poison;
import dev.mfawatch.model.DeadLetterHeaders;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.directory.PolicyRef;
import dev.mfawatch.model.register.ExceptionEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
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
 * UNAPPROVED_EXCLUSION_CHANGE through the whole topology: provider records on {@code idp.raw.<source>}
 * are normalized into {@code directory.changes} and judged against the register published on
 * {@code mfa.register}. Every change happens on 2026-11-23; register entries run 2026-11-01 to
 * 2026-12-01 with approver dave@example.com unless a case says otherwise.
 */
class ChangeTopologyTest {

    private static final String RULE = "UNAPPROVED_EXCLUSION_CHANGE";
    private static final String ENTRA_ADMIN = "it.admin@example.com";
    private static final String POLICY_ID = "9c0ffee0-0000-4000-8000-00000000ca01";
    private static final String POLICY = "Require MFA for all users";
    private static final String ALICE_OID = "11110000-0000-4000-8000-0000000000a1";
    private static final String BOB_OID = "11110000-0000-4000-8000-0000000000b2";
    private static final String GROUP = "0000aaaa-0000-4000-8000-00000000000g";

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private SimpleMeterRegistry registry;
    private final Map<String, TestInputTopic<byte[], byte[]>> raw = new HashMap<>();
    private TestInputTopic<String, byte[]> changes;
    private TestInputTopic<String, byte[]> register;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, byte[]> dlq;

    @BeforeEach
    void start() {
        DetectorConfig config = DetectorConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "unused:9092",
                DetectorConfig.STATE_DIR, stateDir.toString()));
        List<Detector> detectors = Detectors.all(config);
        registry = new SimpleMeterRegistry();
        DetectorMetrics metrics = DetectorMetrics.bindTo(registry, Detectors.severities(detectors));
        driver = new TopologyTestDriver(DetectorTopology.build(config, detectors, metrics), config.streamsProperties(),
                Instant.parse("2026-11-23T12:00:00Z"));
        for (String source : Topics.RAW_SOURCES) {
            raw.put(source, driver.createInputTopic(Topics.raw(source), Serdes.ByteArray().serializer(),
                    Serdes.ByteArray().serializer()));
        }
        changes = driver.createInputTopic(Topics.DIRECTORY_CHANGES.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        register = driver.createInputTopic(Topics.REGISTER.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        alerts = driver.createOutputTopic(Topics.ALERTS.name(), Serdes.String().deserializer(), Topics.ALERT_SERDE.deserializer());
        dlq = driver.createOutputTopic(Topics.DLQ.name(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private void publish(ExceptionEntry e) {
        register.pipeInput(e.id(), Topics.REGISTER_SERDE.write(e), Instant.parse("2026-11-01T00:00:00Z"));
    }

    private void pipe(String source, String json, String time) {
        raw.get(source).pipeInput(null, bytes(json), Instant.parse(time));
    }

    private Alert only(String principal, String eventId) {
        return only(principal, eventId, List.of());
    }

    /**
     * The one alert of this rule, and exactly {@code otherRules} from the rest of the topology
     * (a ticketless factor removal is also a FACTOR_SWAP).
     */
    private Alert only(String principal, String eventId, List<String> otherRules) {
        List<TestRecord<String, Alert>> got = alerts.readRecordsToList();
        List<TestRecord<String, Alert>> ours = got.stream().filter(r -> r.value().rule().equals(RULE)).toList();
        assertThat(ours).extracting(TestRecord::key, r -> r.value().alertId())
                .containsExactly(tuple(principal, AlertFactory.alertId(RULE, principal, eventId)));
        assertThat(got).filteredOn(r -> !r.value().rule().equals(RULE))
                .extracting(r -> r.value().rule()).containsExactlyElementsOf(otherRules);
        assertThat(alerts.isEmpty()).isTrue();
        return ours.get(0).value();
    }

    private double count(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    private void entraExclude(String id, String list, String... ids) {
        pipe("entra-audit", entraCaUpdate(id, "2026-11-23T09:00:00Z", ENTRA_ADMIN, POLICY_ID, POLICY, list, List.of(),
                List.of(ids)), "2026-11-23T09:00:00Z");
    }

    @Test
    void entraExclusionCoveredByAnApprovedEntryRaisesNothing() {
        publish(entry("EXC-A").principals(ALICE_OID).category(dev.mfawatch.model.register.ExceptionCategory.ADMIN_EXCLUSION)
                .build());
        entraExclude("IPCGraph_1", "excludeUsers", ALICE_OID);
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(count("mfawatch.directory.changes", "source", "entra-audit", "operation", "EXCLUSION_ADDED",
                "effect", "weakening")).isEqualTo(1.0);
    }

    @Test
    void entraExclusionWithAnExpiredEntryIsHighNamingTheEntry() {
        publish(entry("EXC-B").principals(BOB_OID).active("2026-10-01T00:00:00Z", "2026-11-20T00:00:00Z").build());
        entraExclude("IPCGraph_2", "excludeUsers", BOB_OID);
        Alert a = only(BOB_OID, "IPCGraph_2");
        assertThat(a.rule()).isEqualTo(RULE);
        assertThat(a.severity()).isEqualTo(Severity.HIGH);
        assertThat(a.exceptionId()).isEqualTo("EXC-B");
        assertThat(a.source()).isEqualTo("entra-audit");
        assertThat(a.eventTime()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(a.evidence()).containsExactly("IPCGraph_2");
        assertThat(a.details()).containsEntry("mismatch", "expired").containsEntry("actor", ENTRA_ADMIN)
                .containsEntry("policyName", POLICY).containsEntry("property", "conditions.users.excludeUsers")
                .containsEntry("oldValue", "[]").containsEntry("newValue", "[\"" + BOB_OID + "\"]");
        assertThat(a.summary()).isEqualTo(ENTRA_ADMIN + " excluded " + BOB_OID + " from MFA policy \"" + POLICY
                + "\" but register entry EXC-B had expired at 2026-11-20T00:00:00Z.");
    }

    @Test
    void entraBlanketGroupExclusionIsCritical() {
        entraExclude("IPCGraph_3", "excludeGroups", GROUP);
        Alert a = only(GROUP, "IPCGraph_3");
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.details()).containsEntry("blanket", "true").containsEntry("mismatch", "missing");
    }

    @Test
    void oktaFactorDeactivatedUnderASelfApprovedEntry() {
        publish(entry("EXC-C").principals("pia@example.org").approvers("okta.admin@example.org").build());
        pipe("okta", oktaFactorDeactivate("o-deact", "2026-11-23T09:21:00Z", "okta.admin@example.org", "pia@example.org"),
                "2026-11-23T09:21:00Z");
        Alert a = only("pia@example.org", "o-deact", List.of("FACTOR_SWAP"));
        assertThat(a.severity()).isEqualTo(Severity.HIGH);
        assertThat(a.exceptionId()).isEqualTo("EXC-C");
        assertThat(a.factor()).isEqualTo("SMS_FACTOR");
        assertThat(a.details()).containsEntry("mismatch", "self_approved").containsEntry("operation", "FACTOR_REMOVED");
    }

    @Test
    void oktaSignOnRuleDroppingMfaNamesThePolicy() {
        pipe("okta", oktaRuleDropsMfa("o-rule", "2026-11-23T09:25:00Z", "okta.admin@example.org", "00p1pol00000000000001",
                "Default sign-on"), "2026-11-23T09:25:00Z");
        Alert a = only("policy:00p1pol00000000000001", "o-rule");
        assertThat(a.details()).containsEntry("operation", "MFA_REQUIREMENT_REMOVED").containsEntry("mismatch", "missing")
                .containsEntry("policyName", "Default sign-on");
    }

    @Test
    void cloudTrailDeviceDeactivationOutsideTheEntrysPolicies() {
        String sara = "arn:aws:iam::444455556666:user/sara";
        publish(entry("EXC-D").principals(sara).policies("aws-console-mfa").build());
        pipe("cloudtrail", cloudTrailDeactivateMfa("ct-deact", "2026-11-23T08:02:00Z", "cloud-admin", "sara"),
                "2026-11-23T08:02:00Z");
        Alert a = only(sara, "ct-deact", List.of("FACTOR_SWAP"));
        assertThat(a.details()).containsEntry("mismatch", "out_of_scope").containsEntry("closestEntryPolicies", "aws-console-mfa")
                .containsEntry("actor", "arn:aws:iam::444455556666:user/cloud-admin");
    }

    @Test
    void google2svDisabledWithoutAnEntry_reEnrolmentIsOnlyCounted() {
        pipe("google", google2svDisable("-8200001", "2026-11-23T07:03:00Z", "yara@example.com"), "2026-11-23T07:03:00Z");
        pipe("google", google2svEnroll("-8200002", "2026-11-23T07:09:00Z", "yara@example.com"), "2026-11-23T07:09:00Z");
        Alert a = only("yara@example.com", "-8200001");
        assertThat(a.details()).containsEntry("operation", "MFA_DISABLED").containsEntry("mismatch", "missing");
        assertThat(count("mfawatch.directory.changes", "source", "google", "operation", "MFA_ENABLED", "effect",
                "strengthening")).isEqualTo(1.0);
    }

    @Test
    void exclusionRemovedIsStrengtheningAndRaisesNothing() {
        pipe("entra-audit", entraCaUpdate("IPCGraph_4", "2026-11-23T09:00:00Z", ENTRA_ADMIN, POLICY_ID, POLICY,
                "excludeUsers", List.of(ALICE_OID), List.of()), "2026-11-23T09:00:00Z");
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(count("mfawatch.directory.changes", "operation", "EXCLUSION_REMOVED", "effect", "strengthening"))
                .isEqualTo(1.0);
    }

    @Test
    void extensionBeyondTheEntrysExpiryOnACanonicalChange() {
        // No provider export carries an exclusion's end date yet: a canonical producer writes it as details.newEnd.
        publish(entry("EXC-A").principals("alice@example.com").build());
        DirectoryChange extend = new DirectoryChange("chg-ext-1", "itsm", Instant.parse("2026-11-23T10:00:00Z"),
                new Actor(ENTRA_ADMIN, "USER"), ChangeOperation.EXCLUSION_EXTENDED, List.of("alice@example.com"),
                new PolicyRef(POLICY_ID, POLICY), "CHG-7", Map.of("newEnd", "2026-12-31T00:00:00Z"), null);
        changes.pipeInput("alice@example.com", Topics.CHANGE_SERDE.write(extend), extend.time());
        Alert a = only("alice@example.com", "chg-ext-1");
        assertThat(a.severity()).isEqualTo(Severity.HIGH);
        assertThat(a.exceptionId()).isEqualTo("EXC-A");
        assertThat(a.details()).containsEntry("mismatch", "outlives_approval").containsEntry("ticket", "CHG-7")
                .containsEntry("closestEntryExpiresAt", "2026-12-01T00:00:00Z").containsEntry("newEnd", "2026-12-31T00:00:00Z");
    }

    @Test
    void badChangeRecordsAreDeadLettered() {
        changes.pipeInput("k1", "{\"eventId\":".getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-23T09:00:00Z"));
        changes.pipeInput("k2", "{\"eventId\":\"x\",\"source\":\"s\",\"time\":\"2026-11-23T09:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-23T09:00:00Z"));
        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(TestRecord::key, r -> header(r, DeadLetterHeaders.REASON),
                        r -> header(r, DeadLetterHeaders.TOPIC), r -> header(r, DeadLetterHeaders.OFFSET))
                .containsExactly(tuple("k1", "invalid_json", "directory.changes", "0"),
                        tuple("k2", "invalid_field", "directory.changes", "1"));
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(count("mfawatch.dead.letters", "source", "directory.changes")).isEqualTo(2.0);
    }

    @Test
    void poisonOfEveryKindIsDeadLetteredWithAReason_aGoodChangeAfterItStillAlerts() {
        DirectoryChange removal = new DirectoryChange("chg-after", "okta", Instant.parse("2026-11-23T09:05:00Z"),
                new Actor(ENTRA_ADMIN, "USER"), ChangeOperation.FACTOR_REMOVED, List.of("alice@example.com"), null, null,
                Map.of(), null);
        byte[] good = Topics.CHANGE_SERDE.write(removal);
        for (Poison p : Poison.values()) {
            changes.pipeInput("k-" + p, p.bytes(good, p.ordinal()), Instant.parse("2026-11-23T09:00:00Z"));
        }
        changes.pipeInput("alice@example.com", good, removal.time());

        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(TestRecord::key)
                .containsExactly(java.util.Arrays.stream(Poison.values()).map(p -> "k-" + p).toArray(String[]::new));
        assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.REASON))
                .containsExactly("invalid_json", "invalid_json", "record_too_large", "invalid_type", "limit_exceeded",
                        "invalid_json");
        assertThat(header(dead.get(Poison.FIVE_MEGABYTES.ordinal()), DeadLetterHeaders.TRUNCATED_FROM))
                .isEqualTo(Integer.toString(Poison.BIG));
        only("alice@example.com", "chg-after", List.of("FACTOR_SWAP"));
    }

    private static String header(TestRecord<?, ?> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
