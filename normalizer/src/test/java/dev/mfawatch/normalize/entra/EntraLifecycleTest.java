package dev.mfawatch.normalize.entra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.normalize.NormalizeResult;
import dev.mfawatch.normalize.Normalizers;
import dev.mfawatch.normalize.Outcome;
import dev.mfawatch.normalize.RecordOrigin;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntraLifecycleTest {

    @Test
    void modifiedPropertyValuesAreReadAsEntraPrintsThem() {
        assertThat(EntraLifecycle.value("\"Global Administrator\"")).isEqualTo("Global Administrator");
        assertThat(EntraLifecycle.value("[\"Sales\"]")).isEqualTo("Sales");
        assertThat(EntraLifecycle.value("[false]")).isEqualTo("false");
        assertThat(EntraLifecycle.value("[]")).isNull();
        assertThat(EntraLifecycle.value("")).isNull();
        assertThat(EntraLifecycle.value(null)).isNull();
        // Not JSON (or broken JSON): kept as written rather than dead-lettering the record.
        assertThat(EntraLifecycle.value("Sales")).isEqualTo("Sales");
        assertThat(EntraLifecycle.value("[\"Sales\"")).isEqualTo("[\"Sales\"");
    }

    @Test
    void roleActivitiesAreToldApart() {
        assertThat(EntraLifecycle.roleActivity("add member to role")).isEqualTo(EntraLifecycle.RoleActivity.DIRECTORY);
        assertThat(EntraLifecycle.roleActivity("remove eligible member from role"))
                .isEqualTo(EntraLifecycle.RoleActivity.DIRECTORY);
        assertThat(EntraLifecycle.roleActivity("add eligible member to role in pim completed (timebound)"))
                .isEqualTo(EntraLifecycle.RoleActivity.PIM);
        assertThat(EntraLifecycle.roleActivity("remove permanent eligible role assignment"))
                .isEqualTo(EntraLifecycle.RoleActivity.PIM);
        assertThat(EntraLifecycle.roleActivity("remove member from role (pim activation expired)"))
                .isEqualTo(EntraLifecycle.RoleActivity.PIM_ACTIVATION);
        assertThat(EntraLifecycle.roleActivity("add member to role outside of pim (permanent)"))
                .isEqualTo(EntraLifecycle.RoleActivity.PIM_MIRROR);
        // A request is not a change yet.
        assertThat(EntraLifecycle.roleActivity("add member to role in pim requested (permanent)")).isNull();
        assertThat(EntraLifecycle.roleActivity("add member to group")).isNull();
    }

    @Test
    void roleAssignmentDetailsAreExactlyWhatTheDetectorReads() {
        DirectoryChange c = onlyChange(json("""
                {"id":"Directory_t1","category":"RoleManagement","result":"success","activityDisplayName":"Add member to role",
                 "activityDateTime":"2026-11-24T08:00:00Z","loggedByService":"Core Directory",
                 "initiatedBy":{"user":{"userPrincipalName":"it.admin@contoso.example"}},
                 "targetResources":[{"id":"u1","type":"User","userPrincipalName":"Paula@Contoso.example","modifiedProperties":[
                   {"displayName":"Role.ObjectID","oldValue":null,"newValue":"\\"obj-1\\""},
                   {"displayName":"Role.DisplayName","oldValue":null,"newValue":"\\"Global Administrator\\""}]}]}
                """));
        assertThat(c.operation()).isEqualTo(ChangeOperation.ROLE_ASSIGNED);
        assertThat(c.targets()).containsExactly("paula@contoso.example");
        // No template id in this record: the role's object id stands in.
        assertThat(c.details()).isEqualTo(Map.of("activity", "Add member to role", "role", "Global Administrator",
                "roleId", "obj-1", "roleKind", "ADMIN_ROLE", "assignment", "ACTIVE"));
    }

    @Test
    void accountEnabledTurnedOnIsAnEnableNotADisable() {
        DirectoryChange c = onlyChange(json("""
                {"id":"Directory_t2","result":"success","activityDisplayName":"Update user","activityDateTime":"2026-11-24T08:00:00Z",
                 "initiatedBy":{"app":{"displayName":"Microsoft Azure AD Cloud Sync"}},
                 "targetResources":[{"id":"u2","type":"User","userPrincipalName":"rita@contoso.example","modifiedProperties":[
                   {"displayName":"AccountEnabled","oldValue":"[false]","newValue":"[true]"}]}]}
                """));
        assertThat(c.operation()).isEqualTo(ChangeOperation.ACCOUNT_ENABLED);
        assertThat(c.actor().type()).isEqualTo("APP");
        assertThat(c.details()).containsEntry("old", "false").containsEntry("new", "true");
    }

    @Test
    void capitalisedStringsAndUnquotedListsAreReadToo() {
        // Seen in exports: ["False"] as strings, and the list itself instead of a JSON string.
        DirectoryChange c = onlyChange(json("""
                {"id":"Directory_t3","result":"success","activityDisplayName":"Update user","activityDateTime":"2026-11-24T08:00:00Z",
                 "targetResources":[{"id":"u3","type":"User","userPrincipalName":"sam@contoso.example","modifiedProperties":[
                   {"displayName":"AccountEnabled","oldValue":["True"],"newValue":"[\\"False\\"]"}]}]}
                """));
        assertThat(c.operation()).isEqualTo(ChangeOperation.ACCOUNT_DISABLED);
        assertThat(c.details()).containsEntry("old", "True").containsEntry("new", "False");
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static DirectoryChange onlyChange(byte[] record) {
        NormalizeResult r = Normalizers.forSource("entra-audit").normalize(record, RecordOrigin.kafka("idp.raw.entra-audit", 0, 1L));
        List<DirectoryChange> changes = r.outcomes().stream().filter(o -> o instanceof Outcome.Change)
                .map(o -> ((Outcome.Change) o).change()).toList();
        assertThat(changes).as("outcomes %s", r.outcomes()).hasSize(1);
        return changes.get(0);
    }
}
