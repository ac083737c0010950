package dev.mfawatch.detector.changes;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.directory.PolicyRef;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rule on single changes. The register entries run 2026-11-01 to 2026-12-01 and are approved by
 * dave@example.com unless a case says otherwise; the changes happen on 2026-11-23 09:00 by it.admin.
 */
class UnapprovedExclusionChangeDetectorTest {

    private static final String ALICE = "alice@example.com";
    private static final String ADMIN = "it.admin@example.com";
    private static final PolicyRef REQUIRE_MFA = new PolicyRef("ca-0001", "Require MFA for all users");
    private static final Instant AT = Instant.parse("2026-11-23T09:00:00Z");

    private final UnapprovedExclusionChangeDetector detector = new UnapprovedExclusionChangeDetector();

    private static DirectoryChange change(ChangeOperation op, String target, Map<String, String> details) {
        return new DirectoryChange("chg-1", "entra-audit", AT, new Actor(ADMIN, "USER"), op,
                target == null ? List.of() : List.of(target), REQUIRE_MFA, null, details, null);
    }

    private static DirectoryChange exclusion(String target) {
        return change(ChangeOperation.EXCLUSION_ADDED, target, Map.of("property", "conditions.users.excludeUsers",
                "oldValue", "[]", "newValue", "[\"" + target + "\"]"));
    }

    private Optional<Finding> detect(DirectoryChange c, ExceptionEntry... entries) {
        String target = c.targets().isEmpty() ? null : c.targets().get(0);
        return detector.detect(new ChangeContext(c, target, List.of(entries)));
    }

    @Test
    void approvedInForceInScopeEntryWithAnotherApproverCoversTheExclusion() {
        assertThat(detect(exclusion(ALICE), entry("EXC-1").build())).isEmpty();
        assertThat(detect(exclusion(ALICE), entry("EXC-1").status(ExceptionStatus.APPROVED).policies("ca-0001").build()))
                .isEmpty();
        // The policy may be named by its display name too, in any case.
        assertThat(detect(exclusion(ALICE), entry("EXC-1").policies("require mfa for ALL users").build())).isEmpty();
    }

    @Test
    void noEntryIsHighAndNamesActorPolicyPrincipalAndValues() {
        Finding f = detect(exclusion(ALICE)).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.exception()).isNull();
        assertThat(f.summary()).isEqualTo(ADMIN + " excluded " + ALICE
                + " from MFA policy \"Require MFA for all users\" with no register entry covering it.");
        assertThat(f.details()).containsEntry("mismatch", "missing").containsEntry("actor", ADMIN)
                .containsEntry("principal", ALICE).containsEntry("policyId", "ca-0001")
                .containsEntry("policyName", "Require MFA for all users").containsEntry("oldValue", "[]")
                .containsEntry("newValue", "[\"" + ALICE + "\"]").containsEntry("operation", "EXCLUSION_ADDED")
                .containsEntry("blanket", "false").containsEntry("privileged", "unknown");
    }

    @Test
    void expiredRevokedNotYetActiveAndRequestedEntriesDoNotCover() {
        Finding expired = detect(exclusion(ALICE), entry("EXC-1").active("2026-10-01T00:00:00Z", "2026-11-20T00:00:00Z")
                .build()).orElseThrow();
        assertThat(expired.severity()).isEqualTo(Severity.HIGH);
        assertThat(expired.exception().id()).isEqualTo("EXC-1");
        assertThat(expired.details()).containsEntry("mismatch", "expired").containsEntry("closestEntry", "EXC-1")
                .containsEntry("closestEntryExpiresAt", "2026-11-20T00:00:00Z");
        assertThat(expired.summary()).endsWith("but register entry EXC-1 had expired at 2026-11-20T00:00:00Z.");

        assertThat(detect(exclusion(ALICE), entry("EXC-1").revokedAt("2026-11-22T00:00:00Z").build()).orElseThrow()
                .details()).containsEntry("mismatch", "revoked");
        assertThat(detect(exclusion(ALICE), entry("EXC-1").active("2026-11-24T00:00:00Z", "2026-12-01T00:00:00Z").build())
                .orElseThrow().details()).containsEntry("mismatch", "not_yet_active");
        assertThat(detect(exclusion(ALICE), entry("EXC-1").status(ExceptionStatus.REQUESTED).build()).orElseThrow()
                .details()).containsEntry("mismatch", "not_approved");
    }

    @Test
    void entryNamingOtherPoliciesIsOutOfScope() {
        Finding f = detect(exclusion(ALICE), entry("EXC-1").policies("ca-0099").build()).orElseThrow();
        assertThat(f.details()).containsEntry("mismatch", "out_of_scope").containsEntry("closestEntryPolicies", "ca-0099");
        assertThat(f.summary()).endsWith("but register entry EXC-1 covers only policies [ca-0099].");
        // A per-user MFA change names no policy: an entry restricted to policies does not cover it.
        DirectoryChange perUser = new DirectoryChange("chg-2", "entra-audit", AT, new Actor(ADMIN, "USER"),
                ChangeOperation.MFA_DISABLED, List.of(ALICE), null, null, Map.of(), null);
        assertThat(detect(perUser, entry("EXC-1").policies("ca-0001").build()).orElseThrow().details())
                .containsEntry("mismatch", "out_of_scope");
    }

    @Test
    void entryApprovedByTheActorIsSelfApproved_noApproverCannotShowSegregationOfDuties() {
        Finding f = detect(exclusion(ALICE), entry("EXC-1").approvers("IT.Admin@example.com").build()).orElseThrow();
        assertThat(f.details()).containsEntry("mismatch", "self_approved").containsEntry("closestEntryApprovers",
                "IT.Admin@example.com");
        assertThat(f.summary()).contains("was approved by the actor themself");
        assertThat(detect(exclusion(ALICE), entry("EXC-1").approvers().build()).orElseThrow().details())
                .containsEntry("mismatch", "no_approver");
        // One good entry among bad ones covers.
        assertThat(detect(exclusion(ALICE), entry("EXC-1").approvers(ADMIN).build(), entry("EXC-2").build())).isEmpty();
    }

    @Test
    void theClosestEntryIsTheOneThatFailedLast() {
        Finding f = detect(exclusion(ALICE),
                entry("EXC-1").active("2026-10-01T00:00:00Z", "2026-11-20T00:00:00Z").build(),
                entry("EXC-2").policies("ca-0099").build()).orElseThrow();
        assertThat(f.exception().id()).isEqualTo("EXC-2");
        assertThat(f.details()).containsEntry("mismatch", "out_of_scope");
    }

    @Test
    void blanketGroupExclusionWithoutAnEntryNamingTheGroupIsCritical() {
        DirectoryChange group = change(ChangeOperation.EXCLUSION_ADDED, "0000aaaa-0000-4000-8000-00000000000g",
                Map.of("property", "conditions.users.excludeGroups"));
        Finding f = detect(group).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.details()).containsEntry("blanket", "true").containsEntry("mismatch", "missing");
        // An entry naming the group, approved and in force, covers it; an expired one leaves it HIGH.
        assertThat(detect(group, entry("EXC-G").principals("0000aaaa-0000-4000-8000-00000000000g").build())).isEmpty();
        assertThat(detect(group, entry("EXC-G").principals("0000aaaa-0000-4000-8000-00000000000g")
                .active("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z").build()).orElseThrow().severity())
                .isEqualTo(Severity.HIGH);
        // A policy switched to report-only for every user is blanket too.
        assertThat(detect(change(ChangeOperation.POLICY_REPORT_ONLY, "all", Map.of("property", "state"))).orElseThrow()
                .severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void mfaDisabledForARegisteredBreakGlassAccountWithoutCoverIsCritical() {
        DirectoryChange c = change(ChangeOperation.MFA_DISABLED, "bg1@example.com", Map.of());
        ExceptionEntry selfApproved = entry("EXC-BG").principals("bg1@example.com").category(ExceptionCategory.BREAK_GLASS)
                .approvers(ADMIN).build();
        Finding f = detect(c, selfApproved).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.details()).containsEntry("privileged", "break_glass").containsEntry("mismatch", "self_approved");
        assertThat(detect(c, entry("EXC-BG").principals("bg1@example.com").category(ExceptionCategory.BREAK_GLASS).build()))
                .isEmpty();
    }

    @Test
    void extensionBeyondTheEntrysExpiryIsItsOwnFinding() {
        DirectoryChange beyond = change(ChangeOperation.EXCLUSION_EXTENDED, ALICE, Map.of("newEnd", "2026-12-15T00:00:00Z"));
        Finding f = detect(beyond, entry("EXC-1").build()).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.details()).containsEntry("mismatch", "outlives_approval").containsEntry("newEnd", "2026-12-15T00:00:00Z")
                .containsEntry("closestEntry", "EXC-1");
        assertThat(f.summary()).isEqualTo(ADMIN + " extended the MFA exclusion of " + ALICE
                + " in policy \"Require MFA for all users\" until 2026-12-15T00:00:00Z, beyond the expiry of register"
                + " entry EXC-1 (2026-12-01T00:00:00Z): the exclusion would outlive its approval.");
        DirectoryChange within = change(ChangeOperation.EXCLUSION_EXTENDED, ALICE, Map.of("newValue", "2026-11-30T00:00:00Z"));
        assertThat(detect(within, entry("EXC-1").build())).isEmpty();
        // An extension with no register entry at all is simply unapproved.
        assertThat(detect(beyond).orElseThrow().details()).containsEntry("mismatch", "missing");
    }

    @Test
    void factorDeactivationsWeaken_strengtheningAndNeutralChangesRaiseNothing() {
        assertThat(detect(change(ChangeOperation.FACTOR_REMOVED, ALICE, Map.of("factor", "SMS_FACTOR"))).orElseThrow()
                .summary()).startsWith(ADMIN + " removed an MFA factor of " + ALICE);
        assertThat(detect(change(ChangeOperation.FACTOR_RESET, ALICE, Map.of()))).isPresent();
        for (ChangeOperation op : List.of(ChangeOperation.EXCLUSION_REMOVED, ChangeOperation.MFA_ENABLED,
                ChangeOperation.FACTOR_REGISTERED, ChangeOperation.TEMPORARY_ACCESS_PASS_ISSUED, ChangeOperation.OTHER)) {
            assertThat(detect(change(op, ALICE, Map.of()))).as(op.name()).isEmpty();
        }
        assertThat(ChangeEffect.of(ChangeOperation.EXCLUSION_REMOVED)).isEqualTo(ChangeEffect.STRENGTHENING);
        assertThat(ChangeEffect.of(ChangeOperation.POLICY_REPORT_ONLY)).isEqualTo(ChangeEffect.WEAKENING);
    }

    @Test
    void aChangeNamingNobodyIsJudgedAgainstEntriesNamingItsPolicy() {
        DirectoryChange rule = new DirectoryChange("okta-1", "okta", AT, new Actor("okta.admin@example.org", "USER"),
                ChangeOperation.MFA_REQUIREMENT_REMOVED, List.of(), new PolicyRef("00p1", "Default sign-on"), null,
                Map.of("rule", "Require MFA off-network"), null);
        Finding f = detect(rule).orElseThrow();
        assertThat(f.summary()).isEqualTo("okta.admin@example.org removed the MFA requirement of policy \"Default sign-on\""
                + " for policy:00p1 with no register entry covering it.");
        assertThat(detect(rule, entry("EXC-IR").principals("ir1@example.com").policies("00p1").build())).isEmpty();
    }
}
