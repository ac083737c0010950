package dev.mfawatch.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inventory's aliases on a real broker: {@code directory.aliases} (compacted) gets one record
 * per alias keyed by the alias with the principal id as value; a re-run publishes nothing; an
 * alias that leaves the inventory is tombstoned and one that moves to another principal is
 * rewritten; a contested alias is withdrawn.
 */
class RegisterAliasesIT {

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    private static final String HEADER = "id,aliases,displayName,privilegedRoles,breakGlass,registeredMethods,createdAt,active\n";

    private static String value(ConsumerRecord<String, byte[]> r) {
        return r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
    }

    @Test
    void publishesAliasesKeyedByAliasAndWithdrawsThoseThatLeaveTheInventory(@TempDir Path dir) throws Exception {
        Map<String, Object> props = new HashMap<>(kafka.clientProps());
        MutableClock clock = new MutableClock(Instant.parse("2026-03-10T00:00:00Z"));
        Path register = dir.resolve("register.csv");
        Files.writeString(register, new RegisterCsv().row("EXC-1").text());
        Path inventory = dir.resolve("principals.csv");
        Files.writeString(inventory, HEADER
                + "Paula@Contoso.example,00U1ABC;arn:aws:iam::111122223333:user/paula,Paula,,false,,,\n"
                + "quinn@contoso.example,00u1qqq,Quinn,,false,,,\n");

        try (RegisterSync sync = new RegisterSync(props, clock)) {
            SyncResult first = sync.syncOnce(register, inventory, false);
            assertThat(List.of(first.aliasUpserts(), first.aliasTombstones())).containsExactly(3, 0);
            assertThat(first.changes()).contains("add 00u1abc to directory.aliases",
                    "add arn:aws:iam::111122223333:user/paula to directory.aliases", "add 00u1qqq to directory.aliases");

            SyncResult again = sync.syncOnce(register, inventory, false);
            assertThat(List.of(again.aliasUpserts(), again.aliasTombstones())).containsExactly(0, 0);

            // v2: paula's IAM user is gone, 00u1qqq moved to paula, quinn and paula both claim 00u1abc.
            Files.writeString(inventory, HEADER
                    + "paula@contoso.example,00u1abc;00u1qqq,Paula,,false,,,\n"
                    + "quinn@contoso.example,00u1abc,Quinn,,false,,,\n");
            SyncResult edit = sync.syncOnce(register, inventory, false);
            // (The register's own warnings about its example entry are not under test here.)
            assertThat(edit.problems()).filteredOn(p -> p.startsWith("inventory")).containsExactly("inventory row 3, field aliases: alias \"00u1abc\" is also claimed by "
                    + "paula@contoso.example on inventory row 2; it is not published and resolves to neither");
            assertThat(edit.hasErrors()).isTrue();
            assertThat(edit.changes()).containsExactlyInAnyOrder(
                    "update paula@contoso.example on directory.principals",
                    "update quinn@contoso.example on directory.principals",
                    "update 00u1qqq on directory.aliases",
                    "remove 00u1abc from directory.aliases (tombstone)",
                    "remove arn:aws:iam::111122223333:user/paula from directory.aliases (tombstone)");
            assertThat(List.of(edit.aliasUpserts(), edit.aliasTombstones())).containsExactly(1, 2);
        }

        List<ConsumerRecord<String, byte[]>> aliases = TopicContents.all(props, Topics.ALIASES.name());
        assertThat(aliases).extracting(ConsumerRecord::key, RegisterAliasesIT::value).containsExactlyInAnyOrder(
                tuple("00u1abc", "paula@contoso.example"),
                tuple("arn:aws:iam::111122223333:user/paula", "paula@contoso.example"),
                tuple("00u1qqq", "quinn@contoso.example"),
                tuple("00u1qqq", "paula@contoso.example"),
                tuple("00u1abc", null),
                tuple("arn:aws:iam::111122223333:user/paula", null));
        try (Admin admin = Admin.create(props)) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ALIASES.name());
            ConfigEntry policy = admin.describeConfigs(List.of(topic)).all().get().get(topic)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG);
            assertThat(policy.value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }
}
