package dev.mfawatch.normalize.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportReaderTest {

    private static final InputStream NO_STDIN = new ByteArrayInputStream(new byte[0]);

    @TempDir
    Path dir;

    private static List<ExportReader.Record> read(Path path) throws IOException {
        List<ExportReader.Record> out = new ArrayList<>();
        ExportReader.read(path.toString(), NO_STDIN, out::add);
        return out;
    }

    private static String text(ExportReader.Record r) {
        return new String(r.bytes(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(ExportReader.Record r) {
        try {
            return Json.MAPPER.readTree(r.bytes());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    @Test
    void jsonLinesAreOneEventPerLineWithTheirOriginalBytes() throws IOException {
        Path f = write("a.jsonl", "{\"id\":\"1\"}\r\n\n{ \"id\" : \"2\" }\n");
        assertThat(read(f)).extracting(ExportReaderTest::text, ExportReader.Record::line, ExportReader.Record::element)
                .containsExactly(tuple("{\"id\":\"1\"}", 1L, -1), tuple("{ \"id\" : \"2\" }", 3L, -1));
    }

    @Test
    void aBadLineIsPassedOnAloneSoTheNormalizerReportsItWithItsLine() throws IOException {
        Path f = write("a.jsonl", "{\"id\":\"1\"}\n{\"id\":\n[{\"id\":\"3\"},{\"id\":\"4\"}]\n");
        assertThat(read(f)).extracting(ExportReaderTest::text, ExportReader.Record::line, ExportReader.Record::element)
                .containsExactly(tuple("{\"id\":\"1\"}", 1L, -1), tuple("{\"id\":", 2L, -1),
                        tuple("{\"id\":\"3\"}", 3L, 0), tuple("{\"id\":\"4\"}", 3L, 1));
    }

    @Test
    void everyEnvelopeIsSplitIntoItsEventsWithTheLineEachStartsOn() throws IOException {
        String[] envelopes = {"value", "records", "Records", "items"};
        for (String key : envelopes) {
            Path f = write(key + ".json", "{\"nextLink\": [1, 2],\n \"" + key + "\": [\n  {\"id\":\"a\"},\n  {\"id\":\"b\"}\n ],\n"
                    + " \"after\": {\"x\": [3]}}\n");
            assertThat(read(f)).as(key).extracting(ExportReaderTest::text, ExportReader.Record::line,
                            ExportReader.Record::element)
                    .containsExactly(tuple("{\"id\":\"a\"}", 3L, 0), tuple("{\"id\":\"b\"}", 4L, 1));
        }
    }

    @Test
    void googleEventsInsideAnActivityAreNotAnEnvelope() throws IOException {
        Path f = write("g.json", "{\"items\":[{\"id\":{\"time\":\"t\"},\"events\":[{\"name\":\"login_success\"},"
                + "{\"name\":\"login_verification\"}]}]}");
        List<ExportReader.Record> records = read(f);
        assertThat(records).hasSize(1);
        assertThat(json(records.get(0)).get("events")).hasSize(2);
    }

    @Test
    void anArrayOfBatchesAndSeveralPrettyDocumentsOneAfterAnother() throws IOException {
        Path f = write("b.json", "[{\"records\":[{\"id\":\"1\"},{\"id\":\"2\"}]},\n{\"records\":[{\"id\":\"3\"}]}]\n"
                + "{\n  \"id\": \"4\"\n}\n{\"value\":[]}\n{\n  \"id\": \"5\"\n}\n");
        assertThat(read(f)).extracting(r -> json(r).get("id").asText(), ExportReader.Record::line, ExportReader.Record::element)
                .containsExactly(tuple("1", 1L, 0), tuple("2", 1L, 1), tuple("3", 2L, 2), tuple("4", 3L, -1),
                        tuple("5", 7L, -1));
    }

    @Test
    void aLogAnalyticsQueryResponseBecomesOneObjectPerRow() throws IOException {
        Path f = write("kql.json", "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"TimeGenerated\","
                + "\"type\":\"datetime\"},{\"name\":\"ResultType\",\"type\":\"string\"},{\"name\":\"Status\",\"type\":\"dynamic\"}],"
                + "\"rows\":[[\"2026-11-01T10:00:00Z\",\"0\",\"{\\\"errorCode\\\":0}\"],[\"2026-11-01T10:01:00Z\",\"50126\",null]]}]}");
        List<ExportReader.Record> records = read(f);
        assertThat(records).extracting(ExportReaderTest::text).containsExactly(
                "{\"TimeGenerated\":\"2026-11-01T10:00:00Z\",\"ResultType\":\"0\",\"Status\":\"{\\\"errorCode\\\":0}\"}",
                "{\"TimeGenerated\":\"2026-11-01T10:01:00Z\",\"ResultType\":\"50126\"}");
        assertThat(records).extracting(ExportReader.Record::element).containsExactly(0, 1);
    }

    @Test
    void aSentinelCsvExportWithBomCrlfQuotedJsonAndMultiLineCells() throws IOException {
        String csv = "\uFEFFTenantId,TimeGenerated [UTC],ResultType,AuthenticationDetails,Location\r\n"
                + "t1,\"4/28/2021, 2:08:45.221 PM\",0,\"[{\"\"authenticationMethod\"\":\"\"Password\"\"},\r\n"
                + "{\"\"authenticationMethod\"\":\"\"OATH verification code\"\"}]\",NL\r\n"
                + "\r\n"
                + "t1,\"4/28/2021, 2:09:00.000 PM\",500121,,\r\n";
        Path f = dir.resolve("SigninLogs_export.csv");
        Files.write(f, csv.getBytes(StandardCharsets.UTF_8));
        List<ExportReader.Record> records = read(f);
        assertThat(records).hasSize(2);
        JsonNode first = json(records.get(0));
        assertThat(first.get("TimeGenerated").asText()).isEqualTo("4/28/2021, 2:08:45.221 PM");
        assertThat(first.get("TenantId").asText()).isEqualTo("t1");
        assertThat(Json.MAPPER.readTree(first.get("AuthenticationDetails").asText()).get(1).get("authenticationMethod")
                .asText()).isEqualTo("OATH verification code");
        JsonNode second = json(records.get(1));
        assertThat(second.get("ResultType").asText()).isEqualTo("500121");
        assertThat(second.has("AuthenticationDetails")).as("empty cells are left out").isFalse();
        assertThat(second.has("Location")).isFalse();
        assertThat(records).extracting(ExportReader.Record::line).containsExactly(2L, 5L);
    }

    @Test
    void csvIsRecognisedWithoutTheExtensionToo() throws IOException {
        Path f = write("export", "UserPrincipalName,ResultType\nann@contoso.example,0\n");
        assertThat(read(f)).extracting(ExportReaderTest::text)
                .containsExactly("{\"UserPrincipalName\":\"ann@contoso.example\",\"ResultType\":\"0\"}");
    }

    @Test
    void gzipIsRecognisedByItsMagicBytes() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write("{\"Records\":[{\"eventID\":\"e1\"},{\"eventID\":\"e2\"}]}".getBytes(StandardCharsets.UTF_8));
        }
        Path f = dir.resolve("111122223333_CloudTrail_us-east-1_20261201T0000Z_abc.json.gz");
        Files.write(f, b.toByteArray());
        assertThat(read(f)).extracting(r -> json(r).get("eventID").asText()).containsExactly("e1", "e2");
    }

    @Test
    void aDirectoryIsReadRecursivelyInNameOrderWithoutHiddenOrDigestFiles() throws IOException {
        write("logs/AWSLogs/1/CloudTrail/us-east-1/2026/12/02/b.json", "{\"Records\":[{\"n\":3}]}");
        write("logs/AWSLogs/1/CloudTrail/us-east-1/2026/12/01/b.json", "{\"Records\":[{\"n\":2}]}");
        write("logs/AWSLogs/1/CloudTrail/us-east-1/2026/12/01/a.json", "{\"Records\":[{\"n\":1}]}");
        write("logs/AWSLogs/1/CloudTrail-Digest/us-east-1/2026/12/01/d.json", "{\"digestStartTime\":\"x\"}");
        write("logs/.DS_Store", "junk");
        List<ExportReader.Record> records = read(dir.resolve("logs"));
        assertThat(records).extracting(r -> json(r).get("n").asInt()).containsExactly(1, 2, 3);
        assertThat(records.get(0).name()).isEqualTo(Path.of("AWSLogs/1/CloudTrail/us-east-1/2026/12/01/a.json").toString());
        assertThat(records).allMatch(ExportReader.Record::inDirectory);
        assertThat(records.get(0).origin().topic()).isEqualTo("file:" + records.get(0).name());
    }

    @Test
    void stdinIsReadWithTheSameRules() throws IOException {
        List<ExportReader.Record> out = new ArrayList<>();
        ExportReader.read(List.of("-"), new ByteArrayInputStream("[{\"a\":1},{\"a\":2}]".getBytes(StandardCharsets.UTF_8)),
                out::add);
        assertThat(out).extracting(ExportReader.Record::name, ExportReader.Record::element)
                .containsExactly(tuple("stdin", 0), tuple("stdin", 1));
        assertThat(out.get(0).origin().topic()).isEqualTo("stdin");
    }

    @Test
    void bytesThatAreNotUtf8SpoilOnlyTheirLine() throws IOException {
        Path f = dir.resolve("mixed.jsonl");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes("{\"a\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes("{\"a\":3}\n".getBytes(StandardCharsets.UTF_8));
        Files.write(f, b.toByteArray());
        assertThat(read(f)).extracting(ExportReader.Record::line).containsExactly(1L, 2L, 3L);
    }
}
