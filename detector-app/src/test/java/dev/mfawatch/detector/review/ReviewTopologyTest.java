package dev.mfawatch.detector.review;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.Principal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REVIEW_TRIGGERED through the whole detector topology: every trigger from a change and from the inventory, and what stays quiet. */
class ReviewTopologyTest {

    private static final String ALICE = "alice@example.com";
    private static final Instant AT = Instant.parse("2026-11-10T09:00:00Z");

    @TempDir
    Path stateDir;

    private static final class Run implements AutoCloseable {
        final Pipeline p;
        final TestOutputTopic<String, Notice> notices;

        Run(Path stateDir) {
            this(stateDir, Map.of());
        }

        Run(Path stateDir, Map<String, String> env) {
            p = new Pipeline(stateDir, env);
            notices = p.driver.createOutputTopic(Topics.NOTICES.name(), Serdes.String().deserializer(),
                    Topics.NOTICES.valueSerde().deserializer());
            // EXC-1 names alice, in force 2026-11-01 .. 2026-12-01; EXC-9 names someone else.
            p.publish(entry("EXC-1").principals(ALICE).build());
            p.publish(entry("EXC-9").principals("zed@example.com").build());
        }

        List<Notice> review() {
            return notices.readValuesToList().stream().filter(n -> n.kind() == NoticeKind.REVIEW_TRIGGERED).toList();
        }

        void version(Principal principal, Instant at) {
            p.principals.pipeInput(principal.id(), Topics.PRINCIPAL_SERDE.write(principal), at);
        }

        @Override
        public void close() {
            p.close();
        }
    }

    private static DirectoryChange change(String id, ChangeOperation op, String target, Map<String, String> details) {
        return new DirectoryChange(id, "entra-audit", AT, new Actor("it.admin@example.com", "USER"), op, List.of(target), null,
                null, details, null);
    }

    private static Principal alice(List<String> roles, boolean breakGlass, Boolean active, String department, String manager) {
        return new Principal(ALICE, List.of(), "Alice", roles, breakGlass, List.of("fido2"), Instant.parse("2025-01-01T00:00:00Z"),
                active, department, manager);
    }

    @Test
    void aPrivilegedRoleAssignedToAPrincipalWithAnExceptionInForceCallsForItsReview() {
        try (Run r = new Run(stateDir)) {
            r.p.pipe(change("evt-1", ChangeOperation.ROLE_ASSIGNED, ALICE, Map.of("role", "Global Administrator", "roleId", "62e90394")));
            TestRecord<String, Notice> got = r.notices.readRecord();
            assertThat(got.key()).isEqualTo("EXC-1");
            assertThat(got.value()).isEqualTo(new Notice("EXC-1/REVIEW_TRIGGERED/ROLE_ASSIGNED/evt-1", "EXC-1",
                    NoticeKind.REVIEW_TRIGGERED, AT, AT, "carol@example.com",
                    "Review EXC-1 now: alice@example.com was assigned the privileged role \"Global Administrator\""
                            + " (directory change evt-1 at 2026-11-10T09:00:00Z)"));
            assertThat(r.notices.isEmpty()).isTrue();
        }
    }

    @Test
    void everyKindOfChangeTriggers_andWhatIsNoChangeDoesNot() {
        try (Run r = new Run(stateDir)) {
            r.p.pipe(change("evt-r", ChangeOperation.ROLE_REMOVED, ALICE, Map.of("role", "Okta Super Administrator")));
            r.p.pipe(change("evt-aws", ChangeOperation.ROLE_ASSIGNED, ALICE, Map.of("role", "AdministratorAccess")));
            r.p.pipe(change("evt-d", ChangeOperation.ACCOUNT_DISABLED, ALICE, Map.of()));
            r.p.pipe(change("evt-dep", ChangeOperation.DEPARTMENT_CHANGED, ALICE, Map.of("old", "Finance", "new", "Sales")));
            r.p.pipe(change("evt-mgr", ChangeOperation.MANAGER_CHANGED, ALICE, Map.of("new", "m2@example.com")));
            // Quiet: a role that is not privileged, the same department again, a re-enabled account, another kind of change.
            r.p.pipe(change("evt-q1", ChangeOperation.ROLE_ASSIGNED, ALICE, Map.of("role", "Reports Reader")));
            r.p.pipe(change("evt-q2", ChangeOperation.DEPARTMENT_CHANGED, ALICE, Map.of("old", "Sales", "new", "sales")));
            r.p.pipe(change("evt-q3", ChangeOperation.ACCOUNT_ENABLED, ALICE, Map.of()));
            r.p.pipe(change("evt-q4", ChangeOperation.FACTOR_REGISTERED, ALICE, Map.of()));
            assertThat(r.review()).extracting(Notice::noticeId, Notice::message).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("EXC-1/REVIEW_TRIGGERED/ROLE_REMOVED/evt-r",
                            "Review EXC-1 now: alice@example.com lost the privileged role \"Okta Super Administrator\""
                                    + " (directory change evt-r at 2026-11-10T09:00:00Z)"),
                    org.assertj.core.groups.Tuple.tuple("EXC-1/REVIEW_TRIGGERED/ROLE_ASSIGNED/evt-aws",
                            "Review EXC-1 now: alice@example.com was assigned the privileged role \"AdministratorAccess\""
                                    + " (directory change evt-aws at 2026-11-10T09:00:00Z)"),
                    org.assertj.core.groups.Tuple.tuple("EXC-1/REVIEW_TRIGGERED/ACCOUNT_DISABLED/evt-d",
                            "Review EXC-1 now: alice@example.com was disabled (directory change evt-d at 2026-11-10T09:00:00Z)"),
                    org.assertj.core.groups.Tuple.tuple("EXC-1/REVIEW_TRIGGERED/DEPARTMENT_CHANGED/evt-dep",
                            "Review EXC-1 now: alice@example.com changed department (directory change evt-dep at 2026-11-10T09:00:00Z)"),
                    org.assertj.core.groups.Tuple.tuple("EXC-1/REVIEW_TRIGGERED/MANAGER_CHANGED/evt-mgr",
                            "Review EXC-1 now: alice@example.com changed manager (directory change evt-mgr at 2026-11-10T09:00:00Z)"));
        }
    }

    @Test
    void aRoleTheInventoryListsAsPrivilegedCountsWhateverItsName() {
        try (Run r = new Run(stateDir)) {
            r.version(alice(List.of("Tier0 Operator"), false, true, null, null), AT.minusSeconds(3600));
            r.p.pipe(change("evt-t0", ChangeOperation.ROLE_REMOVED, ALICE, Map.of("role", "tier0 operator")));
            r.p.pipe(change("evt-x", ChangeOperation.ROLE_REMOVED, ALICE, Map.of("role", "Tier1 Operator")));
            assertThat(r.review()).extracting(Notice::noticeId).containsExactly("EXC-1/REVIEW_TRIGGERED/ROLE_REMOVED/evt-t0");
        }
    }

    @Test
    void thePrivilegedRolePatternsAreConfigurable() {
        try (Run r = new Run(stateDir, Map.of(ReviewSettings.PRIVILEGED_ROLES, "Global Administrator, tier0 *"))) {
            r.p.pipe(change("evt-1", ChangeOperation.ROLE_ASSIGNED, ALICE, Map.of("role", "Security Administrator")));
            r.p.pipe(change("evt-2", ChangeOperation.ROLE_ASSIGNED, ALICE, Map.of("role", "Tier0 Operator")));
            r.p.pipe(change("evt-3", ChangeOperation.ROLE_ASSIGNED, ALICE, Map.of("role", "global administrator")));
            assertThat(r.review()).extracting(Notice::noticeId).containsExactly(
                    "EXC-1/REVIEW_TRIGGERED/ROLE_ASSIGNED/evt-2", "EXC-1/REVIEW_TRIGGERED/ROLE_ASSIGNED/evt-3");
        }
    }

    @Test
    void onlyExceptionsInForceAtTheChangeAreReviewed() {
        try (Run r = new Run(stateDir)) {
            // bob: no entry at all; EXC-9 names zed but expired before this change; carol's entry only starts later.
            r.p.publish(entry("EXC-8").principals("zed@example.com").active("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z").build());
            r.p.publish(entry("EXC-9").principals("zed@example.com").active("2026-10-01T00:00:00Z", "2026-11-05T00:00:00Z").build());
            r.p.publish(entry("EXC-7").principals("carol@example.com").active("2026-11-20T00:00:00Z", "2026-12-01T00:00:00Z").build());
            for (String who : List.of("bob@example.com", "zed@example.com", "carol@example.com")) {
                r.p.pipe(change("evt-" + who, ChangeOperation.ACCOUNT_DISABLED, who, Map.of()));
                r.p.pipe(change("evt-g-" + who, ChangeOperation.ROLE_ASSIGNED, who, Map.of("role", "Global Administrator")));
            }
            assertThat(r.review()).isEmpty();
            // Two entries in force for one principal: one notice each.
            r.p.publish(entry("EXC-2").principals(ALICE, "dan@example.com").build());
            r.p.pipe(change("evt-d", ChangeOperation.ACCOUNT_DISABLED, ALICE, Map.of()));
            assertThat(r.review()).extracting(Notice::noticeId).containsExactly(
                    "EXC-1/REVIEW_TRIGGERED/ACCOUNT_DISABLED/evt-d", "EXC-2/REVIEW_TRIGGERED/ACCOUNT_DISABLED/evt-d");
        }
    }

    @Test
    void inventoryVersionsTriggerOnEveryReviewRelevantChange() {
        try (Run r = new Run(stateDir)) {
            Instant t = AT;
            r.version(alice(List.of("Security Administrator"), false, true, "Finance", "m1@example.com"), t);
            assertThat(r.review()).as("the first version is no change").isEmpty();
            r.version(alice(List.of("Security Administrator"), false, true, "Finance", "m1@example.com"), t = t.plusSeconds(60));
            assertThat(r.review()).as("an unchanged re-publish").isEmpty();
            // Display name and methods do not matter to a review.
            r.version(new Principal(ALICE, List.of("a@corp"), "Alice B.", List.of("security administrator"), false,
                    List.of("fido2", "sms"), Instant.parse("2025-01-01T00:00:00Z"), true, "finance", "M1@example.com"),
                    t = t.plusSeconds(60));
            assertThat(r.review()).isEmpty();

            r.version(alice(List.of("Security Administrator", "Global Administrator"), false, true, "Finance", "m1@example.com"),
                    t = t.plusSeconds(60));
            r.version(alice(List.of("Global Administrator"), false, true, "Finance", "m1@example.com"), t = t.plusSeconds(60));
            r.version(alice(List.of("Global Administrator"), true, true, "Finance", "m1@example.com"), t = t.plusSeconds(60));
            r.version(alice(List.of("Global Administrator"), true, true, "Sales", "m2@example.com"), t = t.plusSeconds(60));
            Instant disabled = t.plusSeconds(60);
            r.version(alice(List.of("Global Administrator"), true, false, "Sales", "m2@example.com"), disabled);
            List<Notice> got = r.review();
            assertThat(got).extracting(Notice::message).containsExactly(
                    "Review EXC-1 now: the inventory shows that alice@example.com gained the privileged role \"Global Administrator\""
                            + " (version of 2026-11-10T09:03:00Z)",
                    "Review EXC-1 now: the inventory shows that alice@example.com lost the privileged role \"Security Administrator\""
                            + " (version of 2026-11-10T09:04:00Z)",
                    "Review EXC-1 now: the inventory shows that alice@example.com became a break-glass account"
                            + " (version of 2026-11-10T09:05:00Z)",
                    "Review EXC-1 now: the inventory shows that alice@example.com changed department and changed manager"
                            + " (version of 2026-11-10T09:06:00Z)",
                    "Review EXC-1 now: the inventory shows that alice@example.com was disabled (version of 2026-11-10T09:07:00Z)");
            assertThat(got).allSatisfy(n -> {
                assertThat(n.exceptionId()).isEqualTo("EXC-1");
                assertThat(n.noticeId()).matches("EXC-1/REVIEW_TRIGGERED/INVENTORY/[0-9a-f]{16}");
                assertThat(n.message()).doesNotContainIgnoringCase("finance").doesNotContainIgnoringCase("sales")
                        .doesNotContain("m1@").doesNotContain("m2@");
            });
            assertThat(got).extracting(Notice::noticeId).doesNotHaveDuplicates();
            assertThat(got.get(4).at()).isEqualTo(disabled);
        }
    }

    @Test
    void inventoryVersionsOfPrincipalsWithoutAnEntryInForceStayQuiet_andAreNotRemembered() {
        try (Run r = new Run(stateDir)) {
            Principal bob1 = new Principal("bob@example.com", List.of(), "Bob", List.of(), false, List.of(), null, true, "A", "m1");
            Principal bob2 = new Principal("bob@example.com", List.of(), "Bob", List.of("Global Administrator"), false, List.of(),
                    null, false, "B", "m2");
            r.version(bob1, AT);
            r.version(bob2, AT.plusSeconds(60));
            // zed is named by EXC-9, in force until 2026-12-01: after that a change is no one's business.
            Principal zed1 = new Principal("zed@example.com", List.of(), "Zed", List.of(), false, List.of(), null, true);
            Principal zed2 = new Principal("zed@example.com", List.of(), "Zed", List.of("Global Administrator"), false, List.of(),
                    null, true);
            r.version(zed1, AT);
            r.version(zed2, Instant.parse("2026-12-02T00:00:00Z"));
            assertThat(r.review()).isEmpty();
            var store = r.p.driver.<String, ReviewPrint>getKeyValueStore(ReviewTopology.STORE);
            assertThat(store.get("bob@example.com")).isNull();
            assertThat(store.get("zed@example.com")).isNotNull();
        }
    }

    @Test
    void aPrincipalRemovedFromTheInventoryStartsAfreshWhenItReturns() {
        try (Run r = new Run(stateDir)) {
            r.version(alice(List.of(), false, true, "Finance", null), AT);
            r.p.principals.pipeInput(ALICE, null, AT.plusSeconds(60));
            assertThat(r.p.driver.<String, ReviewPrint>getKeyValueStore(ReviewTopology.STORE).get(ALICE)).isNull();
            r.version(alice(List.of("Global Administrator"), false, true, "Sales", null), AT.plusSeconds(120));
            assertThat(r.review()).as("its return is a first version").isEmpty();
            r.version(alice(List.of(), false, true, "Sales", null), AT.plusSeconds(180));
            assertThat(r.review()).extracting(Notice::message).containsExactly("Review EXC-1 now: the inventory shows that"
                    + " alice@example.com lost the privileged role \"Global Administrator\" (version of 2026-11-10T09:03:00Z)");
        }
    }

    @Test
    void anEntryNamingAnAliasCoversTheInventoryPrincipal() {
        try (Run r = new Run(stateDir)) {
            r.p.publish(entry("EXC-3").principals("00u1abcd").build());
            Principal v1 = new Principal("frank@example.com", List.of("00u1abcd"), "Frank", List.of(), false, List.of(), null, true);
            Principal v2 = new Principal("frank@example.com", List.of("00u1abcd"), "Frank", List.of(), false, List.of(), null, false);
            r.version(v1, AT);
            r.version(v2, AT.plusSeconds(60));
            assertThat(r.review()).extracting(Notice::exceptionId, Notice::message).containsExactly(org.assertj.core.groups.Tuple.tuple(
                    "EXC-3", "Review EXC-3 now: the inventory shows that frank@example.com was disabled (version of 2026-11-10T09:01:00Z)"));
        }
    }

    @Test
    void oneChangeSeenInTheDirectoryAndThenInTheInventoryIsAnnouncedOnce() {
        try (Run r = new Run(stateDir)) {
            r.version(alice(List.of(), false, true, "Finance", "m1@example.com"), AT.minusSeconds(3600));
            r.p.pipe(change("evt-ga", ChangeOperation.ROLE_ASSIGNED, ALICE, Map.of("role", "Global Administrator")));
            // The next inventory sync shows the same role, and a department change nobody announced yet.
            r.version(alice(List.of("Global Administrator"), false, true, "Sales", "m1@example.com"), AT.plusSeconds(300));
            // And the other way round: the inventory first, then the directory event for the same change.
            r.version(alice(List.of("Global Administrator"), false, false, "Sales", "m1@example.com"), AT.plusSeconds(600));
            r.p.pipe(change("evt-dis", ChangeOperation.ACCOUNT_DISABLED, ALICE, Map.of()));
            assertThat(r.review()).extracting(Notice::message).containsExactly(
                    "Review EXC-1 now: alice@example.com was assigned the privileged role \"Global Administrator\""
                            + " (directory change evt-ga at 2026-11-10T09:00:00Z)",
                    "Review EXC-1 now: the inventory shows that alice@example.com changed department (version of 2026-11-10T09:05:00Z)",
                    "Review EXC-1 now: the inventory shows that alice@example.com was disabled (version of 2026-11-10T09:10:00Z)");
        }
    }

    @Test
    void noticeIdsDependOnlyOnTheInput_soAReplayReproducesThem() {
        Map<String, String> noEnv = new HashMap<>();
        List<List<String>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (Run r = new Run(stateDir.resolve("run-" + i), noEnv)) {
                r.version(alice(List.of(), false, true, "Finance", null), AT);
                r.version(alice(List.of("Global Administrator"), false, true, "Finance", null), AT.plusSeconds(60));
                r.version(alice(List.of(), false, true, "Finance", null), AT.plusSeconds(120));
                r.version(alice(List.of("Global Administrator"), false, true, "Finance", null), AT.plusSeconds(180));
                runs.add(r.review().stream().map(Notice::noticeId).toList());
            }
        }
        assertThat(runs.get(0)).hasSize(3).doesNotHaveDuplicates().isEqualTo(runs.get(1));
    }
}
