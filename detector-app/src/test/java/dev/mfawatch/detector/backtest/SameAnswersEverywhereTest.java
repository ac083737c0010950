package dev.mfawatch.detector.backtest;

import static dev.mfawatch.detector.ingest.raw.RawRecords.cloudTrailConsoleLogin;
import static dev.mfawatch.detector.ingest.raw.RawRecords.cloudTrailFile;
import static dev.mfawatch.detector.ingest.raw.RawRecords.entraMonitorBatch;
import static dev.mfawatch.detector.ingest.raw.RawRecords.entraSignIn;
import static dev.mfawatch.detector.ingest.raw.RawRecords.googleLogin;
import static dev.mfawatch.detector.ingest.raw.RawRecords.oktaMfaPush;
import static dev.mfawatch.detector.ingest.raw.RawRecords.oktaSessionStart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.DetectorTopology;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.normalize.NormalizerConfig;
import dev.mfawatch.normalize.read.ExportNormalizer;
import dev.mfawatch.normalize.read.ExportReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One export, three paths, the same answers: {@code normalize} (the offline pipeline), the live
 * topology fed the provider files as a connector would put them on {@code idp.raw.*} (whole files,
 * envelopes and all), and {@code backtest} over the same files (read, normalized, ordered by event
 * time). The canonical events of the first two and the alerts of the last two must be equal, and
 * the alerts must be the ones the scenario implies: every sign-in without MFA, from every provider,
 * raises MFA_NOT_SATISFIED (the register is empty) and none with MFA does.
 */
class SameAnswersEverywhereTest {

    private static final InputStream NO_STDIN = InputStream.nullInputStream();

    @TempDir
    Path dir;
    @TempDir
    Path stateDir;
    @TempDir
    Path backtestState;

    /** source → its input paths (a file or a directory), in event-time order across sources. */
    private final Map<String, List<Path>> inputs = new TreeMap<>();

    @BeforeEach
    void writeExports() throws IOException {
        // Entra: a Graph list page, pretty-printed; erin without MFA at 09:00, frank with MFA at 09:01.
        Path graph = write("entra/signins.json", Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                Json.MAPPER.readTree("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns\","
                        + "\"value\":[" + entraSignIn("e-1", "2026-11-23T09:00:00Z", "erin@northwind.example",
                        "7d1c0a52-0000-4000-8000-000000000001", false) + ","
                        + entraSignIn("e-2", "2026-11-23T09:01:00Z", "frank@northwind.example",
                        "7d1c0a52-0000-4000-8000-000000000002", true) + "]}")));
        // Entra: an Event Hub batch per line (JSON lines); gina without MFA at 09:02.
        Path monitor = write("entra-hub/batches.jsonl", entraMonitorBatch("2026-11-23T09:02:00Z", entraSignIn("e-3",
                "2026-11-23T09:02:00Z", "gina@northwind.example", "7d1c0a52-0000-4000-8000-000000000003", false))
                .replace("\n", " ") + "\n");
        // Okta: the /api/v1/logs array; ann's session with its push at 09:03, bob's session alone at 09:04.
        Path okta = write("okta/systemlog.json", "[" + String.join(",\n",
                oktaMfaPush("o-1", "2026-11-23T09:02:58Z", "ann@northwind.example", "00u1ann", "102ann"),
                oktaSessionStart("o-2", "2026-11-23T09:03:00Z", "ann@northwind.example", "00u1ann", "102ann"),
                oktaSessionStart("o-3", "2026-11-23T09:04:00Z", "bob@northwind.example", "00u1bob", "102bob")) + "]\n");
        // CloudTrail: S3's layout, gzip, a digest file beside it; dana without MFA at 09:10, eve with at 09:11.
        Path trail = dir.resolve("cloudtrail");
        writeGzip("cloudtrail/AWSLogs/444455556666/CloudTrail/us-east-1/2026/11/23/444455556666_CloudTrail_us-east-1_20261123T0910Z_a.json.gz",
                cloudTrailFile(cloudTrailConsoleLogin("ct-1", "2026-11-23T09:10:00Z", "dana", "No"),
                        cloudTrailConsoleLogin("ct-2", "2026-11-23T09:11:00Z", "eve", "YES")));
        write("cloudtrail/AWSLogs/444455556666/CloudTrail-Digest/us-east-1/2026/11/23/digest.json.gz",
                "{\"digestStartTime\":\"2026-11-23T09:00:00Z\"}");
        // Google: an activities.list page; carl with a password only at 09:20, dora with a prompt at 09:21.
        Path google = write("google/activities.json", "{\"kind\":\"admin#reports#activities\",\"items\":["
                + googleLogin("g-1", "2026-11-23T09:20:00.000Z", "carl@northwind.example", "login_success", "password") + ","
                + googleLogin("g-2", "2026-11-23T09:21:00.000Z", "dora@northwind.example", "login_success", "password",
                "google_prompt") + "],\"nextPageToken\":\"x\"}");
        // Entra: a Sentinel / Log Analytics "Export to CSV" (BOM, CRLF, [UTC] headers, locale times, JSON cells):
        // hana without MFA at 09:05; ivan's three wrong OATH codes at 09:06-09:08, the step labelled
        // "Multi-factor authentication" as real records label it.
        Path sentinel = dir.resolve("sentinel/SigninLogs_2026-11-23.csv");
        Files.createDirectories(sentinel.getParent());
        Files.write(sentinel, ("\uFEFF" + SENTINEL_HEADER + "\r\n"
                + sentinelRow("la-1", "11/23/2026, 9:05:00.000 AM", "hana@northwind.example", 0, "singleFactorAuthentication",
                "[{\"authenticationMethod\":\"Password\",\"succeeded\":true,\"authenticationStepRequirement\":\"Primary authentication\"}]")
                + sentinelRow("la-2", "11/23/2026, 9:06:00.000 AM", "ivan@northwind.example", 500121, "multiFactorAuthentication", OATH_FAILED)
                + sentinelRow("la-3", "11/23/2026, 9:07:00.000 AM", "ivan@northwind.example", 500121, "multiFactorAuthentication", OATH_FAILED)
                + sentinelRow("la-4", "11/23/2026, 9:08:00.000 AM", "ivan@northwind.example", 500121, "multiFactorAuthentication", OATH_FAILED))
                .getBytes(StandardCharsets.UTF_8));
        inputs.put("entra-signin", List.of(graph, monitor, sentinel));
        inputs.put("okta", List.of(okta));
        inputs.put("cloudtrail", List.of(trail));
        inputs.put("google", List.of(google));
    }

    private static final String SENTINEL_HEADER = "TenantId,TimeGenerated [UTC],Category,ResultType,ResultDescription,"
            + "CorrelationId,Id,CreatedDateTime [UTC],UserPrincipalName,UserId,AppId,AppDisplayName,IPAddress,ClientAppUsed,"
            + "IsInteractive,Status,LocationDetails,AuthenticationRequirement,AuthenticationDetails,MfaDetail,Type";
    private static final String OATH_FAILED = "[{\"authenticationMethod\":\"Password\",\"succeeded\":true,"
            + "\"authenticationStepRequirement\":\"Primary authentication\"},{\"authenticationMethod\":\"OATH verification code\","
            + "\"succeeded\":false,\"authenticationStepResultDetail\":\"Invalid verification code\","
            + "\"authenticationStepRequirement\":\"Multi-factor authentication\"}]";

    /** One CSV row as the portal exports it: every dynamic column is JSON text in a quoted cell. */
    private static String sentinelRow(String id, String time, String upn, int error, String requirement, String details) {
        String status = "{\"errorCode\":" + error + (error == 0 ? "" : ",\"failureReason\":\"Authentication failed during strong "
                + "authentication request.\"") + "}";
        String location = "{\"city\":\"Lisbon\",\"countryOrRegion\":\"PT\",\"geoCoordinates\":{\"latitude\":38.7223,"
                + "\"longitude\":-9.1393}}";
        return String.join(",", "7e57c0de-0000-4000-8000-00000000c0de", quoted(time), "SignInLogs", Integer.toString(error),
                error == 0 ? "" : "Authentication failed during strong authentication request.", "corr-" + id, id, quoted(time),
                upn, "0b1ec700-0000-4000-8000-0000000000" + id.substring(3), "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
                "Azure Portal", "192.0.2.80", "Browser", "true", quoted(status), quoted(location), requirement, quoted(details),
                error == 0 ? "" : quoted("{\"authMethod\":\"OATH verification code\"}"), "SigninLogs") + "\r\n";
    }

    private static String quoted(String cell) {
        return "\"" + cell.replace("\"", "\"\"") + "\"";
    }

    @Test
    void normalizeTheLiveRawTopicsAndBacktestGiveTheSameEventsAndAlerts() throws IOException {
        TreeMap<String, String> offline = new TreeMap<>();
        for (Map.Entry<String, List<Path>> in : inputs.entrySet()) {
            new ExportNormalizer(in.getKey(), NormalizerConfig.DEFAULTS, true).run(
                    in.getValue().stream().map(Path::toString).toList(), NO_STDIN, new ExportNormalizer.Listener() {
                        @Override
                        public void event(Object event) {
                            JsonNode n = withoutRawReference(Json.MAPPER.valueToTree(event));
                            offline.put(n.get("eventId").asText(), n.toString());
                        }
                    });
        }

        Live live = live();
        Backtest.Result backtest = Backtest.run(Map.of(), backtestState, List.of(), List.of(),
                inputs.entrySet().stream().flatMap(e -> e.getValue().stream()
                        .map(p -> new Backtest.Input(e.getKey(), p.toString()))).toList(), NO_STDIN, a -> { });

        assertThat(offline.keySet()).containsExactly("ct-1", "ct-2", "e-1", "e-2", "e-3",
                "g-1", "g-2", "la-1", "la-2", "la-3", "la-4", "o-2", "o-3");
        assertThat(live.events).isEqualTo(offline);
        assertThat(backtest.problems()).isEmpty();
        assertThat(firstFirings(backtest.alerts())).isEqualTo(firstFirings(live.alerts));
        assertThat(firstFirings(live.alerts)).extracting(s -> s.split(" ")[1] + " " + s.split(" ")[2]).containsExactlyInAnyOrder(
                "MFA_NOT_SATISFIED erin@northwind.example",
                "MFA_NOT_SATISFIED gina@northwind.example",
                "MFA_NOT_SATISFIED bob@northwind.example",
                "MFA_NOT_SATISFIED arn:aws:iam::444455556666:user/dana",
                "MFA_NOT_SATISFIED carl@northwind.example",
                "MFA_NOT_SATISFIED hana@northwind.example",
                "OATH_DESYNC ivan@northwind.example");
    }

    private record Live(TreeMap<String, String> events, List<Alert> alerts) {
    }

    /** Each export file as one record on its raw topic, in file order, as a connector would copy it. */
    private Live live() throws IOException {
        DetectorConfig config = DetectorConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "unused:9092",
                DetectorConfig.STATE_DIR, stateDir.toString()));
        List<Detector> detectors = Detectors.all(config);
        DetectorMetrics metrics = DetectorMetrics.bindTo(new SimpleMeterRegistry(), Detectors.severities(detectors));
        Instant wall = Instant.parse("2026-11-23T09:30:00Z");
        TreeMap<String, String> events = new TreeMap<>();
        List<Alert> alerts = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(DetectorTopology.build(config, detectors, metrics),
                config.streamsProperties(), wall)) {
            TestOutputTopic<String, byte[]> signIns = driver.createOutputTopic(Topics.SIGNIN_EVENTS.name(),
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            TestOutputTopic<String, Alert> out = driver.createOutputTopic(Topics.ALERTS.name(), Serdes.String().deserializer(),
                    Topics.ALERT_SERDE.deserializer());
            for (String source : List.of("entra-signin", "okta", "cloudtrail", "google")) {
                TestInputTopic<byte[], byte[]> topic = driver.createInputTopic(Topics.raw(source),
                        Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
                for (Path p : inputs.get(source)) {
                    List<Path> files = Files.isDirectory(p)
                            ? Files.walk(p).filter(Files::isRegularFile).filter(f -> !f.toString().contains("Digest")).sorted().toList()
                            : List.of(p);
                    for (Path f : files) {
                        if (f.toString().endsWith(".csv")) {
                            // CSV is not what a topic carries: one JSON object per row, as replay publishes it.
                            ExportReader.read(f.toString(), NO_STDIN, r -> topic.pipeInput(null, r.bytes(), wall));
                        } else {
                            topic.pipeInput(null, gunzip(Files.readAllBytes(f)), wall);
                        }
                    }
                }
                // A quiet partition lets held Okta session starts go after a wait of wall-clock time.
                driver.advanceWallClockTime(Duration.ofMinutes(1));
            }
            signIns.readValuesToList().forEach(v -> {
                JsonNode n = withoutRawReference(readTree(v));
                events.put(n.get("eventId").asText(), n.toString());
            });
            alerts.addAll(out.readValuesToList());
        }
        return new Live(events, alerts);
    }

    /** "alertId RULE principal SEVERITY" of every alert's first firing, sorted. */
    private static TreeSet<String> firstFirings(List<Alert> alerts) {
        TreeSet<String> out = new TreeSet<>();
        alerts.forEach(a -> out.add(a.alertId() + " " + a.rule() + " " + a.principal() + " " + a.severity()));
        return out;
    }

    /** Where an event was read from (file and line, or topic and offset) is the one thing that must differ. */
    private static JsonNode withoutRawReference(JsonNode n) {
        ((ObjectNode) n).remove("raw");
        return n;
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    private void writeGzip(String name, String content) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(content.getBytes(StandardCharsets.UTF_8));
        }
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, b.toByteArray());
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        if (bytes.length < 2 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
            return bytes;
        }
        try (InputStream in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }
}
