package dev.mfawatch.normalize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.normalize.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NormalizeCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = new CommandLine(new NormalizeCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    private List<String> outLines() {
        return out.toString().lines().toList();
    }

    private List<String> errLines() {
        return err.toString().lines().toList();
    }

    private static String okta(String uuid, String user) {
        return "{\"uuid\":\"" + uuid + "\",\"published\":\"2026-11-09T10:00:00Z\",\"eventType\":\"user.session.start\","
                + "\"actor\":{\"id\":\"00u" + uuid + "\",\"type\":\"User\",\"alternateId\":\"" + user + "\"},"
                + "\"outcome\":{\"result\":\"SUCCESS\"},\"authenticationContext\":{\"rootSessionId\":\"s-" + uuid + "\"}}";
    }

    @Test
    void jsonLinesPrintTheGoodRecordsAndReportEachBadLineWithItsPosition() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((okta("a1", "Ann@Example.org") + "\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("{\"uuid\":\"broken\",\"eventType\":\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("{\"uuid\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes((okta("a2", "bo@example.org") + "\r\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("{\"uuid\":\"u3\",\"eventType\":\"user.account.lock\",\"published\":\"2026-11-09T10:00:00Z\"}\n"
                .getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("okta.jsonl");
        Files.write(file, bytes.toByteArray());

        assertThat(run("--source", "okta", file.toString())).isZero();

        List<String> lines = outLines();
        assertThat(lines).hasSize(2);
        SignInEvent first = Json.MAPPER.readValue(lines.get(0), SignInEvent.class);
        assertThat(first.eventId()).isEqualTo("a1");
        assertThat(first.principal().id()).isEqualTo("ann@example.org");
        assertThat(first.raw().topic()).isEqualTo("file:okta.jsonl");
        assertThat(first.raw().offset()).isEqualTo(1L);
        SignInEvent second = Json.MAPPER.readValue(lines.get(1), SignInEvent.class);
        assertThat(second.eventId()).isEqualTo("a2");
        assertThat(second.raw().offset()).isEqualTo(5L);

        List<String> errors = errLines();
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).startsWith("line 2: truncated_json: ");
        assertThat(errors.get(1)).isEqualTo("line 4: invalid_utf8: the record is not valid UTF-8");
        assertThat(errors.get(2)).isEqualTo("normalize: 2 events printed, 1 skipped {unknown_event_type=1}, "
                + "2 failed {invalid_utf8=1, truncated_json=1}");
    }

    @Test
    void aTopLevelArrayIsSplitIntoElementsWithTheirLines() throws IOException {
        Path file = dir.resolve("okta-array.json");
        Files.writeString(file, "[\n" + okta("b1", "c@example.org") + ",\n  42,\n" + okta("b2", "d@example.org") + "\n]\n");
        assertThat(run("--source", "okta", "--strict", file.toString())).isEqualTo(1);
        assertThat(outLines()).extracting(l -> Json.MAPPER.readTree(l).get("eventId").asText())
                .containsExactly("b1", "b2");
        assertThat(errLines()).containsExactly(
                "line 3, element 1: not_an_object: an event must be a JSON object, not number",
                "normalize: 2 events printed, 0 skipped {}, 1 failed {not_an_object=1}");
    }

    @Test
    void anEnvelopeFileAndPrettyPrintedDocumentsOneAfterAnother() throws IOException {
        Path envelope = dir.resolve("trail.json");
        Files.write(envelope, Fixtures.bytes("cloudtrail", "cloudtrail-file.json"));
        assertThat(run("--source", "cloudtrail", "--show-skipped", envelope.toString())).isZero();
        List<String> ids = new ArrayList<>();
        for (String l : outLines()) {
            JsonNode n = Json.MAPPER.readTree(l);
            ids.add(n.get("eventId").asText());
        }
        assertThat(ids).containsExactly("ct-00", "ct-01", "ct-02", "ct-03", "ct-04", "ct-05", "ct-06", "ct-07",
                "ct-08", "ct-09");
        assertThat(errLines()).containsExactly(
                // Each element is reported on the line where it starts in the file.
                "line 344, element 10 (id ct-10): skipped: operation_failed",
                "line 373, element 11 (id ct-11): skipped: unknown_event_type",
                "normalize: 10 events printed, 2 skipped {operation_failed=1, unknown_event_type=1}, 0 failed {}");
    }

    @Test
    void prettyPrintedDocumentsAreReadOneByOne() throws IOException {
        Path file = dir.resolve("two.json");
        Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(Json.MAPPER.readTree(okta("c1", "e@example.org"))) + "\n"
                + Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(Json.MAPPER.readTree(okta("c2", "f@example.org"))) + "\n");
        assertThat(run("--source", "okta", file.toString())).isZero();
        assertThat(outLines()).extracting(l -> Json.MAPPER.readTree(l).get("eventId").asText())
                .containsExactly("c1", "c2");
        SignInEvent second = Json.MAPPER.readValue(outLines().get(1), SignInEvent.class);
        // The first document pretty-prints to 16 lines: {, uuid, published, eventType, actor (5), outcome (3), authenticationContext (3), }.
        assertThat(second.raw().offset()).as("line where the second document starts").isEqualTo(17L);
    }

    @Test
    void readsStdinByDefault() {
        InputStream original = System.in;
        try {
            System.setIn(new ByteArrayInputStream(okta("d1", "g@example.org").getBytes(StandardCharsets.UTF_8)));
            assertThat(run("--source", "okta")).isZero();
        } finally {
            System.setIn(original);
        }
        assertThat(outLines()).hasSize(1);
        assertThat(outLines().get(0)).contains("\"eventId\":\"d1\"").contains("\"topic\":\"stdin\"");
    }

    @Test
    void oktaSessionsAreCorrelatedUnlessAskedNotTo() throws IOException {
        Path file = dir.resolve("okta.json");
        Files.write(file, Fixtures.bytes("okta", "system-log.json"));
        assertThat(run("--source", "okta", file.toString())).isZero();
        // In file order: e-02 leaves as soon as it arrives (its push step e-01 came first), e-03 and e-05 are
        // failed steps, e-06..e-13 directory changes, e-16 a failed start; e-00, e-01 and e-04 are absorbed.
        assertThat(outLines()).extracting(l -> Json.MAPPER.readTree(l).get("eventId").asText()).containsExactly(
                "e-02", "e-03", "e-05", "e-06", "e-07", "e-08", "e-09", "e-10", "e-11", "e-12", "e-13", "e-16");
        JsonNode merged = Json.MAPPER.readTree(outLines().get(0));
        assertThat(merged.at("/mfa/satisfied").asBoolean()).isTrue();
        assertThat(merged.at("/mfa/method").asText()).isEqualTo("OKTA_VERIFY_PUSH");

        out.getBuffer().setLength(0);
        assertThat(run("--source", "okta", "--no-correlate", file.toString())).isZero();
        // 17 events in the fixture, 2 of them skipped.
        assertThat(outLines()).hasSize(15);
    }

    @Test
    void usageAndInputErrorsHaveTheirOwnExitCodes() {
        assertThat(run("--source", "ldap", "x.json")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown --source 'ldap'");
        assertThat(run("--source", "okta", dir.resolve("missing.json").toString())).isEqualTo(3);
        assertThat(err.toString()).contains("normalize: cannot read ");
        assertThat(run("--source", "okta", "--max-record-bytes", "0", "-")).isEqualTo(2);
    }

    @Test
    void oversizedRecordsAreReportedAndTheLimitIsAnOption() throws IOException {
        Path file = dir.resolve("big.jsonl");
        Files.writeString(file, okta("e1", "h@example.org") + "\n");
        assertThat(run("--source", "okta", "--max-record-bytes", "100", file.toString())).isZero();
        assertThat(outLines()).isEmpty();
        assertThat(errLines().get(0)).startsWith("line 1: record_too_large: the record has ");
    }
}
