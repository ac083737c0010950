package dev.mfawatch.register.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.HistoryEntry;
import dev.mfawatch.model.register.RiskRating;
import dev.mfawatch.register.RegisterCsv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisterFormatTest {

    @Test
    void csvWithBomCrlfReorderedColumnsAndAnUnknownColumn(@TempDir Path dir) throws Exception {
        String csv = "\uFEFFnotes,expiresAt,id,category,status,requestor,owner,approvers,implementer,scopePrincipals,"
                + "justification,riskRating,createdAt,activatedAt,history\r\n"
                + "spreadsheet note,2026-03-15T00:00:00Z,EXC-2026-0007,ADMIN_EXCLUSION,ACTIVE,alice@example.com,"
                + "owen@example.com,carol@example.com; dave@example.com,ivan@example.com,Bob@Example.com,"
                + "\"Migration, weekend only\",LOW,2026-02-28,2026-03-01,"
                + "2026-03-01T08:00:00Z ACTIVATED ivan;2026-03-05T12:00:00Z REVOKED ciso - user left\r\n";
        Path file = dir.resolve("register.csv");
        Files.write(file, csv.getBytes(StandardCharsets.UTF_8));

        RegisterFile read = RegisterReader.read(file);

        assertThat(read.readable()).isTrue();
        assertThat(read.problems()).extracting(p -> p.line()).containsExactly("row 1, field notes: warning: unknown column, ignored");
        ExceptionEntry e = read.rows().get(0).entry();
        assertThat(read.rows().get(0).location()).isEqualTo("row 2");
        assertThat(e.id()).isEqualTo("EXC-2026-0007");
        assertThat(e.category()).isEqualTo(ExceptionCategory.ADMIN_EXCLUSION);
        assertThat(e.riskRating()).isEqualTo(RiskRating.LOW);
        assertThat(e.approvers()).containsExactly("carol@example.com", "dave@example.com");
        assertThat(e.scope().principals()).containsExactly("bob@example.com");
        assertThat(e.justification()).isEqualTo("Migration, weekend only");
        // A plain day is the start of that day in UTC.
        assertThat(e.createdAt()).isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));
        assertThat(e.expiresAt()).isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
        assertThat(e.history()).containsExactly(
                new HistoryEntry(Instant.parse("2026-03-01T08:00:00Z"), "ACTIVATED", "ivan", null),
                new HistoryEntry(Instant.parse("2026-03-05T12:00:00Z"), "REVOKED", "ciso", "user left"));
    }

    @Test
    void blankLinesStillCountAsRows() {
        String text = new RegisterCsv().row("EXC-1").text();
        String[] lines = text.split("\n");
        String withBlank = lines[0] + "\n\n" + lines[1] + "\n";
        RegisterFile read = RegisterReader.readCsv(withBlank);
        assertThat(read.rows()).extracting(RegisterRow::location).containsExactly("row 3");
    }

    @Test
    void aMissingRequiredColumnRefusesTheFile() {
        RegisterFile read = RegisterReader.readCsv("id,category,status,requestor,scopePrincipals,justification,riskRating,"
                + "createdAt,expiresAt\nEXC-1,TESTING,ACTIVE,a,b,c,LOW,2026-03-01,2026-03-02\n");
        assertThat(read.readable()).isFalse();
        assertThat(read.problems()).extracting(p -> p.line()).containsExactly("row 1, field owner: required column is missing");
    }

    @Test
    void moreCellsThanColumns() {
        String text = new RegisterCsv().row("EXC-1").text();
        RegisterFile read = RegisterReader.readCsv(text.replace("\n", ",stray\n").replaceFirst(",stray\n", "\n"));
        assertThat(read.problems()).extracting(p -> p.line()).containsExactly(
                "row 2: more cells than the header has columns (is a comma inside a cell unquoted?)");
    }

    @Test
    void unreadableFile(@TempDir Path dir) {
        RegisterFile read = RegisterReader.read(dir.resolve("missing.csv"));
        assertThat(read.readable()).isFalse();
        assertThat(read.problems()).singleElement().satisfies(p -> assertThat(p.line())
                .startsWith("register: cannot read " + dir.resolve("missing.csv")));
    }

    @Test
    void jsonArrayWithNestedScopeAndEntryNumbers() {
        String json = """
                [
                  {"id": "EXC-1", "category": "SERVICE_ACCOUNT", "status": "ACTIVE", "requestor": "alice@example.com",
                   "owner": "owen@example.com", "approvers": ["carol@example.com"], "implementer": "ivan@example.com",
                   "scope": {"principals": ["svc-backup@example.com"], "networks": ["10.0.0.0/8"]},
                   "justification": "backup agent", "riskRating": "LOW", "createdAt": "2026-03-01",
                   "activatedAt": "2026-03-01T00:00:00Z", "expiresAt": "2026-04-01", "reviewCadenceDays": 60,
                   "history": [{"at": "2026-03-01T00:00:00Z", "action": "ACTIVATED", "by": "ivan"}, "2026-03-02T00:00:00Z REVIEWED owen"]},
                  {"id": "EXC-2", "category": "PARTNER", "color": "red"}
                ]
                """;
        RegisterFile read = RegisterReader.readJson(json);
        assertThat(read.problems()).extracting(p -> p.line()).containsExactly(
                "entry 2, field color: warning: unknown field, ignored",
                "entry 2, field category: unknown value \"PARTNER\"; allowed: BREAK_GLASS, ADMIN_EXCLUSION, LEGACY_PROTOCOL, "
                        + "SERVICE_ACCOUNT, ENROLLMENT_PENDING, ACCESSIBILITY, FEDERATED_PARTNER, INCIDENT_RESPONSE, TESTING");
        ExceptionEntry e = read.rows().get(0).entry();
        assertThat(e.scope().principals()).containsExactly("svc-backup@example.com");
        assertThat(e.scope().networks()).containsExactly("10.0.0.0/8");
        assertThat(e.reviewCadenceDays()).isEqualTo(60);
        assertThat(e.history()).extracting(HistoryEntry::action).containsExactly("ACTIVATED", "REVIEWED");
        assertThat(read.rows()).extracting(RegisterRow::location).containsExactly("entry 1", "entry 2");
    }

    @Test
    void jsonThatIsNotAnArray() {
        RegisterFile read = RegisterReader.readJson("{\"id\": \"EXC-1\"}");
        assertThat(read.readable()).isFalse();
        assertThat(read.problems()).extracting(p -> p.line()).singleElement().asString()
                .startsWith("register: cannot parse JSON (expected an array of entries)");
        assertThat(read.rows()).isEqualTo(List.of());
    }
}
