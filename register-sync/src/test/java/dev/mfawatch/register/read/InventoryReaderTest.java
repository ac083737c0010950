package dev.mfawatch.register.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.register.Principal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryReaderTest {

    @Test
    void readsPrincipalsAndReportsBadRows() {
        InventoryFile inv = InventoryReader.readCsv("""
                id,aliases,displayName,privilegedRoles,breakGlass,registeredMethods,createdAt,active
                BG1@Example.com,0000-1111,Break glass 1,Global Administrator,true,fido2,2025-01-01,true
                bob@example.com,,Bob,,no,,2025-06-01,
                eve@example.com,,Eve,,maybe,,,
                bob@example.com,,Bob again,,false,,,
                """);
        assertThat(inv.principals()).containsExactly(
                new Principal("bg1@example.com", List.of("0000-1111"), "Break glass 1", List.of("Global Administrator"), true,
                        List.of("fido2"), Instant.parse("2025-01-01T00:00:00Z"), true),
                new Principal("bob@example.com", List.of(), "Bob", List.of(), false, List.of(),
                        Instant.parse("2025-06-01T00:00:00Z"), true));
        assertThat(inv.problems()).extracting(p -> p.line()).containsExactly(
                "inventory row 4, field breakGlass: expected true or false, not \"maybe\"",
                "inventory row 5, field id: duplicate principal, first on inventory row 3");
        assertThat(inv.knownNames()).containsExactlyInAnyOrder("bg1@example.com", "0000-1111", "bob@example.com");
    }

    @Test
    void anAliasClaimedByTwoRowsOrEqualToAnotherIdIsAnErrorNamingBothRows_andResolvesToNeither() {
        InventoryFile inv = InventoryReader.readCsv("""
                id,aliases,displayName,privilegedRoles,breakGlass,registeredMethods,createdAt,active
                paula@contoso.example,00u1abc;PAULA@contoso.example;arn:aws:iam::111122223333:user/paula,Paula,,false,,,
                pablo@contoso.example,00U1ABC;p.jones@contoso.example,Pablo,,false,,,
                quinn@contoso.example,pablo@contoso.example,Quinn,,false,,,
                """);
        // Both claimants of 00u1abc are still principals; paula's own id among her aliases is no conflict.
        assertThat(inv.principals()).extracting(Principal::id)
                .containsExactly("paula@contoso.example", "pablo@contoso.example", "quinn@contoso.example");
        assertThat(inv.problems()).extracting(p -> p.line()).containsExactly(
                "inventory row 3, field aliases: alias \"00u1abc\" is also claimed by paula@contoso.example on inventory row 2;"
                        + " it is not published and resolves to neither",
                "inventory row 4, field aliases: alias \"pablo@contoso.example\" is the id of the principal on inventory row 3;"
                        + " it is not published and resolves to neither");
        assertThat(inv.aliases()).containsExactly(
                java.util.Map.entry("arn:aws:iam::111122223333:user/paula", "paula@contoso.example"),
                java.util.Map.entry("p.jones@contoso.example", "pablo@contoso.example"));
    }

    /** Unknown is not "none": only a column or field that is there (blank, or an empty array) states no method. */
    @Test
    void aMissingMethodsColumnOrFieldLeavesTheMethodsUnknown_aBlankCellOrEmptyArrayStatesNone() {
        Principal noColumn = InventoryReader.readCsv("""
                id,displayName,privilegedRoles
                bob@example.com,Bob,
                """).principals().get(0);
        assertThat(noColumn.registeredMethods()).isNull();
        assertThat(noColumn.registeredMethodsKnown()).isFalse();
        Principal blank = InventoryReader.readCsv("""
                id,displayName,registeredMethods
                bob@example.com,Bob,
                """).principals().get(0);
        assertThat(blank.registeredMethods()).isEmpty();
        assertThat(blank.registeredMethodsKnown()).isTrue();
        InventoryFile json = new TableReaderJson().read("""
                [{"id": "a@example.com"}, {"id": "b@example.com", "registeredMethods": []},
                 {"id": "c@example.com", "registeredMethods": ["sms", "fido2"]}]
                """);
        assertThat(json.principals()).extracting(Principal::registeredMethods)
                .containsExactly(null, List.of(), List.of("sms", "fido2"));
    }

    /** Reads a JSON inventory through a file, as register-sync does. */
    private static final class TableReaderJson {
        InventoryFile read(String json) {
            try {
                java.nio.file.Path f = java.nio.file.Files.createTempFile("inventory", ".json");
                try {
                    java.nio.file.Files.writeString(f, json);
                    return InventoryReader.read(f);
                } finally {
                    java.nio.file.Files.deleteIfExists(f);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
