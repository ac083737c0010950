package dev.mfawatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mfawatch.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Reads every real third-party event in {@code ../shared/samples/<source>} (not part of the project;
 * skipped cleanly on a fresh clone) and checks that each one is mapped or deliberately skipped.
 * Prints a per-file summary for the closing note.
 */
class SamplesTest {

    private static final ObjectMapper YAML = new YAMLMapper();

    /** Sample folder name to source name. */
    private static final Map<String, String> FOLDERS = Map.of("entra-signin", "entra-signin",
            "entra-audit", "entra-audit", "okta", "okta", "cloudtrail", "cloudtrail", "google-workspace", "google");

    /**
     * Failures that are the sample's fault, not the normalizer's: Panther trims its Google test events to
     * name, type and parameters, dropping {@code id.time}; a canonical event needs its time, and
     * inventing one (the clock) would be wrong, so those dead-letter as missing_field.
     */
    private static final Map<String, String> EXPECTED_FAILURES = Map.of(
            "panther__gsuite_suspicious_logins.yml", "missing_field: id.time is required",
            "panther__gsuite_two_step_verification.yml", "missing_field: id.time is required");

    /** file → {parsed, skipped, failed}, from reading the samples by hand. */
    private static final Map<String, List<Integer>> EXPECTED_COUNTS = Map.ofEntries(
            Map.entry("elastic__signinlogs__test-signinlogs-raw.log", List.of(5, 0, 0)),
            Map.entry("msgraph-docs__beta__signin-list.md", List.of(2, 0, 0)),
            Map.entry("elastic__auditlogs__test-auditlogs-raw.log", List.of(0, 3, 0)),
            Map.entry("panther__azure_mfa_disabled.yml", List.of(2, 1, 0)),
            Map.entry("ocsf-examples__okta_authentication.raw", List.of(1, 0, 0)),
            Map.entry("ocsf-examples__okta_entity_management.raw", List.of(1, 0, 0)),
            Map.entry("panther__okta_user_mfa_reset_all.yml", List.of(1, 1, 0)),
            Map.entry("awsdocs__cloudtrail-event-reference-aws-console-sign-in-events.md", List.of(7, 3, 0)),
            Map.entry("ocsf-examples__cloudtrail_authentication_v1.1.0.raw", List.of(1, 0, 0)),
            Map.entry("panther__gsuite_suspicious_logins.yml", List.of(0, 2, 1)),
            Map.entry("panther__gsuite_two_step_verification.yml", List.of(0, 0, 2)));

    static Path samplesDir() {
        for (Path p : List.of(Path.of("..", "..", "shared", "samples"), Path.of("..", "shared", "samples"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    @Test
    void everySampleEventIsMappedOrDeliberatelySkipped() throws IOException {
        Path dir = samplesDir();
        Assumptions.assumeTrue(dir != null, "no ../shared/samples folder: nothing to check");
        StringBuilder report = new StringBuilder("\n| file | events | parsed | skipped | failed | reasons |\n"
                + "|---|---|---|---|---|---|\n");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> folders = Files.list(dir)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                String source = FOLDERS.get(folder.getFileName().toString());
                if (source == null) {
                    continue;
                }
                Normalizer normalizer = Normalizers.forSource(source);
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        summarize(normalizer, file, report, problems);
                    }
                }
            }
        }
        System.out.println(report);
        assertThat(problems).isEmpty();
    }

    private static void summarize(Normalizer normalizer, Path file, StringBuilder report, List<String> problems)
            throws IOException {
        String name = file.getFileName().toString();
        List<byte[]> events = events(file);
        int parsed = 0;
        int skipped = 0;
        int failed = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            NormalizeResult r = normalizer.normalize(events.get(i), RecordOrigin.file("file:" + name, i + 1));
            for (Outcome o : r.outcomes()) {
                if (o instanceof Outcome.Skip s) {
                    skipped++;
                    reasons.merge("skip " + s.reason(), 1, Integer::sum);
                } else if (o instanceof Outcome.Failure f) {
                    failed++;
                    String reason = f.reason() + ": " + f.message();
                    reasons.merge("fail " + reason, 1, Integer::sum);
                    if (!reason.equals(EXPECTED_FAILURES.get(name))) {
                        problems.add(name + " event " + (i + 1) + ": " + reason);
                    }
                } else {
                    parsed++;
                }
            }
        }
        report.append("| ").append(name).append(" | ").append(events.size()).append(" | ").append(parsed)
                .append(" | ").append(skipped).append(" | ").append(failed).append(" | ").append(reasons)
                .append(" |\n");
        List<Integer> expected = EXPECTED_COUNTS.get(name);
        if (expected != null && !expected.equals(List.of(parsed, skipped, failed))) {
            problems.add(name + ": expected parsed/skipped/failed " + expected + " but got "
                    + List.of(parsed, skipped, failed));
        }
    }

    /** The events of one sample file, each as JSON bytes. */
    static List<byte[]> events(Path file) throws IOException {
        String name = file.getFileName().toString();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<JsonNode> nodes = new ArrayList<>();
        if (name.endsWith(".yml") || name.endsWith(".yaml")) {
            for (JsonNode test : YAML.readTree(text).path("Tests")) {
                if (test.has("Log")) {
                    nodes.add(test.get("Log"));
                }
            }
        } else if (name.endsWith(".md")) {
            for (String block : fencedBlocks(text)) {
                int start = jsonStart(block);
                if (start >= 0) {
                    try {
                        nodes.add(Json.MAPPER.readTree(block.substring(start)));
                    } catch (IOException notJson) {
                        // a code block that is not a JSON event (an HTTP request line, a snippet)
                    }
                }
            }
        } else {
            // One JSON document, or many (one per line, or pretty-printed one after another).
            try (MappingIterator<JsonNode> it = Json.MAPPER.readerFor(JsonNode.class).readValues(text)) {
                while (it.hasNext()) {
                    nodes.add(it.next());
                }
            }
        }
        List<byte[]> out = new ArrayList<>();
        for (JsonNode n : nodes) {
            out.add(Json.MAPPER.writeValueAsBytes(n));
        }
        return out;
    }

    private static List<String> fencedBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : markdown.split("\n", -1)) {
            if (line.trim().startsWith("```")) {
                if (current == null) {
                    current = new StringBuilder();
                } else {
                    blocks.add(current.toString());
                    current = null;
                }
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** Where the JSON starts: the first line opening with '{' or '[' (HTTP response blocks carry headers first). */
    private static int jsonStart(String block) {
        int offset = 0;
        for (String line : block.split("\n", -1)) {
            String t = line.trim();
            if (t.startsWith("{") || t.startsWith("[")) {
                return offset;
            }
            offset += line.length() + 1;
        }
        return -1;
    }
}
