package dev.mfawatch.register.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.register.RegisterCsv;
import dev.mfawatch.register.TopicContents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command as users run it, Kafka named by KAFKA_BOOTSTRAP_SERVERS, against a real broker. */
class RegisterSyncCommandIT {

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    @Test
    void dryRunThenPublishRegisterAndInventory(@TempDir Path dir) throws Exception {
        Path register = dir.resolve("register.csv");
        Files.writeString(register, new RegisterCsv()
                .row("BG-1", "category", "BREAK_GLASS", "scopePrincipals", "bg1@example.com", "expiresAt", "2026-05-29")
                .row("BG-2", "category", "BREAK_GLASS", "scopePrincipals", "bg2@example.com", "expiresAt", "2026-05-29")
                .text());
        Path inventory = dir.resolve("principals.csv");
        Files.writeString(inventory, """
                id,aliases,displayName,privilegedRoles,breakGlass,registeredMethods,createdAt,active
                bg1@example.com,,Break glass 1,Global Administrator,true,fido2,2025-01-01,true
                bg2@example.com,,Break glass 2,Global Administrator,true,fido2,2025-01-01,true
                """);
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());

        StringWriter dryOut = new StringWriter();
        int dry = new CommandLine(new RegisterSyncCommand(env)).setOut(new PrintWriter(dryOut))
                .execute("--register", register.toString(), "--principals", inventory.toString(), "--dry-run",
                        "--now", "2026-03-10T00:00:00Z");
        assertThat(dry).isZero();
        assertThat(dryOut.toString().lines().toList()).containsExactly(
                "add BG-1 to mfa.register",
                "add BG-2 to mfa.register",
                "add bg1@example.com to directory.principals",
                "add bg2@example.com to directory.principals",
                "dry run, would publish: 2 upserts, 0 tombstones, 0 unchanged; principals 2 upserts, 0 tombstones; aliases 0 upserts, 0 tombstones; 0 notices; 0 problems");

        StringWriter out = new StringWriter();
        int code = new CommandLine(new RegisterSyncCommand(env)).setOut(new PrintWriter(out))
                .execute("--register", register.toString(), "--principals", inventory.toString(), "--now", "2026-03-10T00:00:00Z");
        assertThat(code).isZero();
        assertThat(out.toString().lines().toList()).containsExactly(
                "published: 2 upserts, 0 tombstones, 0 unchanged; principals 2 upserts, 0 tombstones; aliases 0 upserts, 0 tombstones; 0 notices; 0 problems");
        List<Principal> principals = TopicContents.all(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                Topics.PRINCIPALS.name()).stream().map(r -> Topics.PRINCIPAL_SERDE.read(r.value())).toList();
        assertThat(principals).extracting(Principal::id).containsExactlyInAnyOrder("bg1@example.com", "bg2@example.com");
        assertThat(principals).allSatisfy(p -> assertThat(p.breakGlass()).isTrue());
    }

    @Test
    void withoutBootstrapServersItSaysSo(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new RegisterSyncCommand(Map.of())).setErr(new PrintWriter(err))
                .execute("--register", dir.resolve("r.csv").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("KAFKA_BOOTSTRAP_SERVERS is not set");
    }
}
