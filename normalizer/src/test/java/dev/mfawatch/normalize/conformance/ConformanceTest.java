package dev.mfawatch.normalize.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.Topics;
import dev.mfawatch.normalize.NormalizerConfig;
import dev.mfawatch.normalize.Outcome;
import dev.mfawatch.normalize.read.ExportNormalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance suite: per provider, a table of shape variants × MFA situations with the canonical
 * fields each must yield, in {@code src/test/resources/conformance/<source>/cases.yaml}:
 * <pre>
 * source: entra-signin
 * cases:
 *   - name: graph sign-in, push MFA succeeded   # unique in the file
 *     shape: graph                              # the provider's shape variant
 *     situation: success-mfa                    # the MFA situation
 *     file: graph/push-success.json             # relative to the table's directory
 *     expect:                                   # one map per canonical event, in output order
 *       - result: SUCCESS                       # dotted path into the event's JSON: expected scalar
 *         mfa.methodClass: PUSH                 # (null = absent or null)
 *     failures: 0                               # optional (default 0)
 *     skips: 0                                  # optional (default 0)
 * </pre>
 * Each fixture goes through {@link ExportNormalizer} exactly as {@code mfa-watch normalize} reads a
 * file (any file shape the reader accepts; Okta sessions correlated). Every fixture file in the
 * directory must be used by a case, so no fixture goes unchecked.
 */
class ConformanceTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String TABLE = "cases.yaml";

    @TestFactory
    Stream<DynamicNode> everyProviderTable() throws IOException, URISyntaxException {
        URL root = ConformanceTest.class.getResource("/conformance");
        assertThat(root).as("conformance tables on the test classpath").isNotNull();
        List<DynamicNode> providers = new ArrayList<>();
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(Path.of(root.toURI()))) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                providers.add(DynamicContainer.dynamicContainer(dir.getFileName().toString(), table(dir)));
                tables.add(dir.getFileName().toString());
            }
        }
        // Every provider source has its table.
        assertThat(tables).containsExactlyInAnyOrderElementsOf(Topics.RAW_SOURCES);
        return providers.stream();
    }

    private static Stream<DynamicNode> table(Path dir) throws IOException {
        JsonNode table = YAML.readTree(dir.resolve(TABLE).toFile());
        String source = table.path("source").asText();
        List<DynamicNode> tests = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> used = new HashSet<>();
        tests.add(DynamicTest.dynamicTest("table names its directory's source", () -> {
            assertThat(Topics.RAW_SOURCES).contains(source);
            assertThat(dir.getFileName().toString()).isEqualTo(source);
        }));
        for (JsonNode c : table.path("cases")) {
            String name = c.path("name").asText();
            String file = c.path("file").asText();
            used.add(dir.resolve(file).normalize().toString());
            tests.add(DynamicTest.dynamicTest(c.path("situation").asText() + " · " + c.path("shape").asText() + " · " + name,
                    () -> {
                        assertThat(names.add(name)).as("duplicate case name %s", name).isTrue();
                        check(source, dir.resolve(file), c);
                    }));
        }
        tests.add(DynamicTest.dynamicTest("every fixture is used by a case", () -> {
            Set<String> unused = new TreeSet<>();
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(TABLE))
                        .map(p -> p.normalize().toString()).filter(p -> !used.contains(p)).forEach(unused::add);
            }
            assertThat(unused).isEmpty();
        }));
        return tests.stream();
    }

    private static void check(String source, Path file, JsonNode c) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        ExportNormalizer pipeline = new ExportNormalizer(source, NormalizerConfig.DEFAULTS, true);
        pipeline.run(List.of(file.toString()), new ByteArrayInputStream(new byte[0]), new ExportNormalizer.Listener() {
            @Override
            public void event(Object event) {
                events.add(Json.MAPPER.valueToTree(event));
            }

            @Override
            public void problem(Outcome o, String position) {
                problems.add(position + ": " + (o instanceof Outcome.Failure f ? f.reason() + ": " + f.message()
                        : "skipped: " + ((Outcome.Skip) o).reason()));
            }
        });
        ExportNormalizer.Summary summary = pipeline.summary();
        assertThat(summary.failed()).as("failures %s", problems).isEqualTo(c.path("failures").asInt(0));
        assertThat(summary.skipped()).as("skips %s", problems).isEqualTo(c.path("skips").asInt(0));
        JsonNode expect = c.path("expect");
        assertThat(events).as("canonical events").hasSize(expect.size());
        for (int i = 0; i < expect.size(); i++) {
            Iterator<Map.Entry<String, JsonNode>> fields = expect.get(i).fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode actual = events.get(i).at("/" + f.getKey().replace('.', '/'));
                String where = "event " + i + " " + f.getKey();
                if (f.getValue().isNull()) {
                    assertThat(actual.isMissingNode() || actual.isNull()).as(where + " is absent, but was %s", actual).isTrue();
                } else {
                    assertThat(actual.isMissingNode()).as(where + " is missing").isFalse();
                    assertThat(actual.isValueNode() ? actual.asText() : actual.toString()).as(where)
                            .isEqualTo(f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString());
                }
            }
        }
    }
}
