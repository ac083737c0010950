package dev.mfawatch.normalize.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.directory.PolicyRef;
import dev.mfawatch.model.signin.RawRef;
import dev.mfawatch.normalize.Fixtures;
import dev.mfawatch.normalize.NormalizeResult;
import dev.mfawatch.normalize.Outcome;
import dev.mfawatch.normalize.ReasonCodes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntraAuditNormalizerTest {

    private static final String SRC = "entra-audit";
    private static final PolicyRef POLICY = new PolicyRef("9c0ffee0-0000-4000-8000-00000000ca01",
            "Require MFA for all users");
    private static final Actor ADMIN = new Actor("it.admin@contoso-example.com", "USER");

    private static List<DirectoryChange> changesOf(NormalizeResult r, int element) {
        return r.outcomes().stream().filter(o -> o.element() == element && o instanceof Outcome.Change)
                .map(o -> ((Outcome.Change) o).change()).toList();
    }

    @Test
    void oneCaPolicyUpdateYieldsEveryChangeFoundInAnyModifiedProperty() {
        NormalizeResult r = Fixtures.normalize(SRC, "audit-records.json");
        List<DirectoryChange> c = changesOf(r, 0);
        assertThat(c).extracting(DirectoryChange::eventId, DirectoryChange::operation, DirectoryChange::targets)
                .containsExactly(
                        tuple("IPCGraph_0001", ChangeOperation.EXCLUSION_ADDED,
                                List.of("11110000-0000-4000-8000-0000000000u1", "11110000-0000-4000-8000-0000000000u2")),
                        tuple("IPCGraph_0001#2", ChangeOperation.EXCLUSION_REMOVED,
                                List.of("0000aaaa-0000-4000-8000-00000000000g")),
                        tuple("IPCGraph_0001#3", ChangeOperation.POLICY_REPORT_ONLY, List.of("all")),
                        tuple("IPCGraph_0001#4", ChangeOperation.MFA_REQUIREMENT_REMOVED, List.of("all")));
        DirectoryChange added = c.get(0);
        assertThat(added.source()).isEqualTo("entra-audit");
        assertThat(added.time()).isEqualTo(Instant.parse("2026-11-04T10:00:00.1234567Z"));
        assertThat(added.actor()).isEqualTo(ADMIN);
        assertThat(added.policy()).isEqualTo(POLICY);
        assertThat(added.ticket()).isNull();
        assertThat(added.details()).isEqualTo(Map.of("activity", "Update conditional access policy",
                "property", "conditions.users.excludeUsers", "oldValue", "[]",
                "newValue", "[\"11110000-0000-4000-8000-0000000000u1\",\"11110000-0000-4000-8000-0000000000u2\"]"));
        assertThat(added.raw()).isEqualTo(new RawRef("idp.raw.entra-audit", 2, 42L, "IPCGraph_0001"));
        assertThat(c.get(2).details()).isEqualTo(Map.of("activity", "Update conditional access policy",
                "property", "state", "oldValue", "enabled", "newValue", "enabledForReportingButNotEnforced"));
        assertThat(c.get(3).details()).containsEntry("property", "grantControls")
                .containsEntry("oldValue", "{\"operator\":\"OR\",\"builtInControls\":[\"mfa\"],"
                        + "\"customAuthenticationFactors\":[],\"termsOfUse\":[]}")
                .doesNotContainKey("newValue");
    }

    @Test
    void roleExclusionStateDisabledAddAndDelete() {
        NormalizeResult r = Fixtures.normalize(SRC, "audit-records.json");
        assertThat(changesOf(r, 1)).extracting(DirectoryChange::operation, DirectoryChange::targets).containsExactly(
                tuple(ChangeOperation.EXCLUSION_ADDED, List.of("62e90394-69f5-4237-9190-012177145e10")),
                tuple(ChangeOperation.POLICY_DISABLED, List.of("all")));
        assertThat(changesOf(r, 1).get(0).details()).containsEntry("property", "conditions.users.excludeRoles");
        assertThat(changesOf(r, 2)).extracting(DirectoryChange::operation, DirectoryChange::targets).containsExactly(
                tuple(ChangeOperation.EXCLUSION_ADDED, List.of("22220000-0000-4000-8000-0000000000u3")));
        DirectoryChange deleted = changesOf(r, 3).get(0);
        assertThat(changesOf(r, 3)).hasSize(1);
        assertThat(deleted.operation()).isEqualTo(ChangeOperation.POLICY_DISABLED);
        assertThat(deleted.details()).isEqualTo(Map.of("action", "POLICY_DELETED",
                "activity", "Delete conditional access policy", "oldState", "enabled", "mfaGrant", "true"));
    }

    @Test
    void perUserMfaFactorsAndTemporaryAccessPass() {
        NormalizeResult r = Fixtures.normalize(SRC, "audit-records.json");
        DirectoryChange perUser = changesOf(r, 4).get(0);
        assertThat(perUser.operation()).isEqualTo(ChangeOperation.MFA_DISABLED);
        assertThat(perUser.targets()).containsExactly("harry.help@contoso-example.com");
        assertThat(perUser.details()).containsEntry("property", "StrongAuthenticationRequirement")
                .containsEntry("newValue", "[{\"RelyingParty\":\"*\",\"State\":0,"
                        + "\"RememberDevicesNotIssuedBefore\":\"2026-01-01T00:00:00Z\"}]");
        DirectoryChange registered = changesOf(r, 5).get(0);
        assertThat(registered.operation()).isEqualTo(ChangeOperation.FACTOR_REGISTERED);
        assertThat(registered.actor()).isEqualTo(new Actor("ivy.ives@contoso-example.com", "USER"));
        assertThat(registered.targets()).containsExactly("ivy.ives@contoso-example.com");
        // The target's object id beside its UPN: register entries and inventory aliases may name it so.
        assertThat(registered.details()).isEqualTo(Map.of("activity", "User registered security info",
                "resultReason", "User registered Authenticator App with Notification and Code",
                "methodAffected", "Authenticator App with Notification and Code", "performedBy", "SELF",
                "correlationId", "c0ffee00-0000-4000-8000-000000000006",
                DirectoryChange.TARGET_ID, "44440000-0000-4000-8000-0000000000u6"));
        assertThat(changesOf(r, 6)).extracting(DirectoryChange::operation, DirectoryChange::targets)
                .containsExactly(tuple(ChangeOperation.FACTOR_REMOVED, List.of("ivy.ives@contoso-example.com")));
        assertThat(changesOf(r, 7)).extracting(DirectoryChange::operation, DirectoryChange::targets)
                .containsExactly(tuple(ChangeOperation.TEMPORARY_ACCESS_PASS_ISSUED,
                        List.of("jack.jones@contoso-example.com")));
        assertThat(changesOf(r, 11)).extracting(DirectoryChange::operation, c -> c.details().get("action"))
                .containsExactly(tuple(ChangeOperation.MFA_ENABLED, "MFA_GRANT_CONTROL_ADDED"));
    }

    @Test
    void failedIrrelevantAndUnknownActivitiesAreSkipped() {
        NormalizeResult r = Fixtures.normalize(SRC, "audit-records.json");
        assertThat(r.failures()).isEmpty();
        assertThat(r.skips()).extracting(Outcome.Skip::element, Outcome.Skip::reason, s -> s.raw().recordId())
                .containsExactly(tuple(8, ReasonCodes.OPERATION_FAILED, "IPCGraph_0009"),
                        tuple(9, ReasonCodes.NOT_MFA_RELEVANT, "IPCGraph_0010"),
                        tuple(10, ReasonCodes.UNKNOWN_EVENT_TYPE, "IPCGraph_0011"));
    }

    @Test
    void graphDirectoryAuditDisableStrongAuthentication() {
        NormalizeResult r = Fixtures.normalize(SRC, "graph-directory-audit.json");
        assertThat(r.changes()).containsExactly(new DirectoryChange("Directory_0a0a0a0a-0000-4000-8000-000000000013",
                "entra-audit", Instant.parse("2026-11-05T07:00:00Z"), ADMIN, ChangeOperation.MFA_DISABLED,
                List.of("lena.legacy@contoso-example.com"), null, null,
                Map.of("activity", "Disable Strong Authentication"),
                new RawRef("idp.raw.entra-audit", 2, 42L, "Directory_0a0a0a0a-0000-4000-8000-000000000013")));
    }

    @Test
    void theMethodASecurityInfoActivityNames() {
        assertThat(EntraAuditNormalizer.methodAffected("Admin registered temporary access pass method for user"))
                .isEqualTo("temporary access pass");
        assertThat(EntraAuditNormalizer.methodAffected("Admin deleted Microsoft Authenticator App method for user"))
                .isEqualTo("Microsoft Authenticator App");
        assertThat(EntraAuditNormalizer.methodAffected("User registered Authenticator App with Notification and Code"))
                .isEqualTo("Authenticator App with Notification and Code");
        assertThat(EntraAuditNormalizer.methodAffected("User deleted Phone method")).isEqualTo("Phone");
        // Reasons of another form name no method.
        assertThat(EntraAuditNormalizer.methodAffected("Successfully completed reset.")).isNull();
        assertThat(EntraAuditNormalizer.methodAffected("Admin registered")).isNull();
        assertThat(EntraAuditNormalizer.methodAffected(null)).isNull();
    }
}
