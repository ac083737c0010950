package dev.mfawatch.detector.usage;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mfawatch.detector.DetectionSettings;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.directory.PolicyRef;
import dev.mfawatch.model.signin.ClientProtocol;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.SignInResult;
import dev.mfawatch.model.usage.ExceptionUsage;
import dev.mfawatch.model.usage.ExceptionUsage.Count;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage ledger through the whole detector topology ({@code DetectorTopology.build}) in a test
 * driver: what a covered sign-in or an approved change adds to its exception's ledger, the bounds, the
 * publication throttle, the tombstone when an entry leaves the register, and both notices once each.
 * Stream time is moved on by MFA sign-ins of a principal no entry names ({@link #tick}).
 */
class UsageLedgerTopologyTest {

    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";

    @TempDir
    Path stateDir;

    private Pipeline p;
    private TestOutputTopic<String, ExceptionUsage> usage;
    private TestOutputTopic<String, Notice> notices;
    private final List<TestRecord<String, ExceptionUsage>> published = new ArrayList<>();
    private int ticks;

    @AfterEach
    void close() {
        if (p != null) {
            p.close();
        }
    }

    private void start(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(DetectionSettings.STATE_STORES, "memory"));
        env.putAll(extra);
        p = new Pipeline(stateDir, env);
        usage = p.driver.createOutputTopic(Topics.EXCEPTION_USAGE.name(), Serdes.String().deserializer(),
                Topics.EXCEPTION_USAGE.valueSerde().deserializer());
        notices = p.driver.createOutputTopic(Topics.NOTICES.name(), Serdes.String().deserializer(),
                Topics.NOTICES.valueSerde().deserializer());
    }

    /** A sign-in with MFA by someone no entry names: moves stream time, never a use. */
    private void tick(String at) {
        p.pipe(signIn("tick-" + ticks++).principal("zoe@example.com").at(at).withMfa(MethodClass.PUSH, "push").build());
    }

    /** Every usage record published so far, in order. */
    private List<TestRecord<String, ExceptionUsage>> published() {
        published.addAll(usage.readRecordsToList());
        return published;
    }

    /** The compacted topic's view: the last record per exception, a tombstone removing it. */
    private Map<String, ExceptionUsage> latest() {
        Map<String, ExceptionUsage> m = new HashMap<>();
        for (TestRecord<String, ExceptionUsage> r : published()) {
            if (r.value() == null) {
                m.remove(r.key());
            } else {
                m.put(r.key(), r.value());
            }
        }
        return m;
    }

    @Test
    void coveredSignInsAreCountedWithWhereTheyCameFrom_otherSignInsAreNot() {
        start(Map.of());
        p.publish(entry("EXC-1").principals(ALICE, BOB).build());
        p.pipe(signIn("e1").principal(ALICE).at("2026-11-23T09:00:00Z").from("203.0.113.7", "DE")
                .app("app-1", "Outlook").protocol(ClientProtocol.IMAP).build());
        p.pipe(signIn("e2").principal(ALICE).at("2026-11-23T09:01:00Z").from("203.0.113.99", "DE")
                .app("app-1", "Outlook").protocol(ClientProtocol.IMAP).build());
        p.pipe(signIn("e3").principal(BOB).at("2026-11-23T09:02:00Z").from("2001:db8:1:2::5", "FR")
                .app("app-2", null).protocol(ClientProtocol.BROWSER).build());
        // Not uses: MFA satisfied, a failed sign-in, a principal no entry names.
        p.pipe(signIn("x1").principal(ALICE).at("2026-11-23T09:03:00Z").withMfa(MethodClass.PUSH, "push").build());
        p.pipe(signIn("x2").principal(ALICE).at("2026-11-23T09:04:00Z").result(SignInResult.FAILURE).build());
        p.pipe(signIn("x3").principal("mallory@example.com").at("2026-11-23T09:05:00Z").build());
        tick("2026-11-23T09:10:00Z");

        ExceptionUsage u = latest().get("EXC-1");
        assertThat(u).isNotNull();
        assertThat(u.signIns()).isEqualTo(3);
        assertThat(u.changes()).isZero();
        assertThat(u.firstUse()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(u.lastUse()).isEqualTo(Instant.parse("2026-11-23T09:02:00Z"));
        assertThat(u.apps()).containsExactly(new Count("Outlook", 2), new Count("app-2", 1));
        assertThat(u.protocols()).containsExactly(new Count("IMAP", 2), new Count("BROWSER", 1));
        assertThat(u.countries()).containsExactly(new Count("DE", 2), new Count("FR", 1));
        assertThat(u.ipPrefixes()).containsExactly(new Count("203.0.113.0/24", 2), new Count("2001:db8:1::/48", 1));
        assertThat(u.principals()).containsExactly(new Count(ALICE, 2), new Count(BOB, 1));
        assertThat(u.lastEventIds()).containsExactly("e3", "e2", "e1");
        assertThat(notices.readValuesToList()).isEmpty();
    }

    @Test
    void listsStayBounded_theFrequentStayOnTop_andOnlyTheLastTenEventsAreKept() {
        start(Map.of());
        p.publish(entry("EXC-1").build());
        Instant t = Instant.parse("2026-11-23T09:00:00Z");
        for (int i = 0; i < 60; i++) {
            // Every other sign-in from one app; the rest each from a new one.
            String app = i % 2 == 0 ? "Outlook" : "app-" + i;
            p.pipe(signIn("e" + i).at(t.plusSeconds(i).toString()).app(app, app).build());
        }
        tick("2026-11-23T09:10:00Z");

        ExceptionUsage u = latest().get("EXC-1");
        assertThat(u.signIns()).isEqualTo(60);
        assertThat(u.apps()).hasSize(LedgerState.APPS);
        assertThat(u.apps().get(0)).isEqualTo(new Count("Outlook", 30));
        assertThat(u.lastEventIds()).containsExactly("e59", "e58", "e57", "e56", "e55", "e54", "e53", "e52", "e51", "e50");
    }

    @Test
    void aLedgerIsPublishedAtMostOncePerInterval_andItsLastUsesComeOut() {
        start(Map.of(UsageSettings.PUBLISH_INTERVAL, "1m"));
        p.publish(entry("EXC-1").build());
        Instant t = Instant.parse("2026-11-23T09:00:00Z");
        for (int i = 0; i < 40; i++) {
            p.pipe(signIn("e" + i).at(t.plusSeconds(6L * i).toString()).build()); // 4 minutes of uses
        }
        tick("2026-11-23T09:06:00Z");

        List<TestRecord<String, ExceptionUsage>> records = published();
        assertThat(records).isNotEmpty().hasSizeLessThan(8);
        for (int i = 1; i < records.size(); i++) {
            assertThat(Duration.between(records.get(i - 1).getRecordTime(), records.get(i).getRecordTime()))
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(1));
        }
        assertThat(records.get(records.size() - 1).value().signIns()).isEqualTo(40);
    }

    @Test
    void anEntryLeavingTheRegisterLosesItsLedger_andATombstoneIsPublished() {
        start(Map.of());
        p.publish(entry("EXC-1").build()).publish(entry("EXC-2").principals(BOB).build());
        p.pipe(signIn("e1").at("2026-11-23T09:00:00Z").build());
        tick("2026-11-23T09:05:00Z");
        assertThat(latest()).containsKey("EXC-1");

        p.register.pipeInput("EXC-1", (byte[]) null, Pipeline.REGISTER_TIME);
        tick("2026-11-23T09:10:00Z");

        assertThat(latest()).doesNotContainKey("EXC-1");
        assertThat(published()).last().extracting(TestRecord::key, TestRecord::value).containsExactly("EXC-1", null);
        assertThat(p.driver.<String, byte[]>getKeyValueStore(UsageLedgerProcessor.STORE).get("EXC-1")).isNull();
    }

    @Test
    void aChangeTheRegisterApprovesIsAUseOfItsEntry_anUnapprovedOneIsNot() {
        start(Map.of());
        p.publish(entry("EXC-1").approvers("dave@example.com").build());
        p.publish(entry("EXC-SELF").principals(BOB).approvers("it.admin@example.com").build());
        PolicyRef policy = new PolicyRef("pol-1", "Require MFA");
        p.pipe(new DirectoryChange("chg-1", "entra", Instant.parse("2026-11-23T09:00:00Z"), new Actor("it.admin@example.com", "USER"),
                ChangeOperation.EXCLUSION_ADDED, List.of(ALICE), policy, "CHG-1", Map.of(), null));
        // Self-approved: the change detector alerts, and the entry is not counted as used.
        p.pipe(new DirectoryChange("chg-2", "entra", Instant.parse("2026-11-23T09:01:00Z"), new Actor("it.admin@example.com", "USER"),
                ChangeOperation.EXCLUSION_ADDED, List.of(BOB), policy, "CHG-2", Map.of(), null));
        tick("2026-11-23T09:10:00Z");

        Map<String, ExceptionUsage> latest = latest();
        assertThat(latest).containsOnlyKeys("EXC-1");
        ExceptionUsage u = latest.get("EXC-1");
        assertThat(u.changes()).isEqualTo(1);
        assertThat(u.signIns()).isZero();
        assertThat(u.principals()).containsExactly(new Count(ALICE, 1));
        assertThat(u.lastEventIds()).containsExactly("chg-1");
        assertThat(u.apps()).isEmpty();
    }

    @Test
    void anEntryNeverUsedIsAnnouncedOnceAsARetirementCandidate_exceptBreakGlass() {
        start(Map.of(UsageSettings.UNUSED_AFTER, "2d"));
        p.publish(entry("EXC-USED").build());
        p.publish(entry("EXC-IDLE").principals(BOB).build());
        // A break-glass account is meant to stay unused: never a retirement candidate.
        p.publish(entry("EXC-BG").principals(BOB).category(dev.mfawatch.model.register.ExceptionCategory.BREAK_GLASS).build());
        // Ended before the check: never announced as unused.
        p.publish(entry("EXC-ENDED").principals(BOB).active("2026-11-01T00:00:00Z", "2026-11-24T00:00:00Z").build());
        // The ledger starts observing at its first record: two days from then, not from the entries' activation.
        tick("2026-11-23T09:00:00Z");
        p.pipe(signIn("e1").at("2026-11-23T10:00:00Z").build());
        for (int h = 1; h <= 96; h++) {
            tick(Instant.parse("2026-11-23T09:00:00Z").plus(Duration.ofHours(h)).toString());
            if (h == 47) {
                assertThat(notices.readValuesToList()).as("before two days").isEmpty();
            }
        }

        List<Notice> got = notices.readValuesToList();
        assertThat(got).extracting(Notice::noticeId, Notice::exceptionId, Notice::kind, Notice::at, Notice::owner)
                .containsExactly(tuple("EXC-IDLE/UNUSED_EXCEPTION/2026-11-25T09:00:00Z", "EXC-IDLE", NoticeKind.UNUSED_EXCEPTION,
                        Instant.parse("2026-11-25T09:00:00Z"), "carol@example.com"));
        assertThat(got.get(0).message()).contains("EXC-IDLE", "2 days", "retirement candidate");
    }

    @Test
    void aUseFromACountryOrAppOutsideTheFirstWeekIsAnnouncedOncePerValue() {
        start(Map.of());
        p.publish(entry("EXC-1").active("2026-11-01T00:00:00Z", "2026-12-31T00:00:00Z").build());
        // First use on 11-05: the learning week runs from then (not from the activation on 11-01) to 11-12.
        p.pipe(signIn("w1").at("2026-11-05T09:00:00Z").from("203.0.113.7", "DE").app("a1", "Outlook").build());
        p.pipe(signIn("w2").at("2026-11-11T09:00:00Z").from("198.51.100.7", "FR").app("a1", "Outlook").build());
        // After the week: in the pattern, quiet.
        p.pipe(signIn("a1").at("2026-11-13T09:00:00Z").from("198.51.100.8", "FR").app("a1", "Outlook").build());
        // A new country, twice; then a new app.
        p.pipe(signIn("a2").at("2026-11-13T10:00:00Z").from("192.0.2.1", "US").app("a1", "Outlook").build());
        p.pipe(signIn("a3").at("2026-11-13T11:00:00Z").from("192.0.2.2", "US").app("a1", "Outlook").build());
        p.pipe(signIn("a4").at("2026-11-13T12:00:00Z").from("203.0.113.9", "DE").app("a9", "Teams").build());
        tick("2026-11-13T13:00:00Z");

        List<Notice> got = notices.readValuesToList();
        assertThat(got).extracting(Notice::noticeId, Notice::kind, Notice::at, Notice::owner).containsExactly(
                tuple("EXC-1/USED_OUTSIDE_PATTERN/country:US", NoticeKind.USED_OUTSIDE_PATTERN,
                        Instant.parse("2026-11-13T10:00:00Z"), "carol@example.com"),
                tuple("EXC-1/USED_OUTSIDE_PATTERN/app:Teams", NoticeKind.USED_OUTSIDE_PATTERN,
                        Instant.parse("2026-11-13T12:00:00Z"), "carol@example.com"));
        assertThat(got.get(0).message()).contains("country US", "DE, FR", "still valid but its use changed");
        assertThat(got.get(1).message()).contains("app Teams", "Outlook");
    }

    @Test
    void theStoredLedgerSurvivesItsCodec() {
        LedgerState s = new LedgerState();
        s.record(new Use(Use.Kind.SIGN_IN, 1_000, "e1", "Outlook", "IMAP", "DE", "203.0.113.0/24", ALICE),
                Instant.ofEpochMilli(0), Duration.ofDays(7));
        s.record(new Use(Use.Kind.CHANGE, 2_000, "c1", null, null, null, null, BOB), Instant.ofEpochMilli(0), Duration.ofDays(7));
        LedgerState back = LedgerState.decode(s.encode());
        assertThat(back.toUsage("EXC-1")).isEqualTo(s.toUsage("EXC-1"));
        assertThat(back.dirty()).isTrue();
        assertThat(LedgerState.dirty(s.encode())).isTrue();
        back.markPublished();
        assertThat(LedgerState.dirty(back.encode())).isFalse();
        assertThat(LedgerState.decode(back.encode()).published()).isTrue();
        Use use = new Use(Use.Kind.SIGN_IN, 5, "e", null, "IMAP", null, "p", ALICE);
        assertThat(Use.decode(Use.encode(use))).isEqualTo(use);
    }
}
