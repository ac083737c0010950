package dev.mfawatch.cli.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Every PromQL expression in {@code dashboards/}: Grafana panel targets and Prometheus rules. */
final class DashboardFiles {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    enum Kind { PANEL, RECORDING_RULE, ALERTING_RULE }

    /** One expression and where it is written, for messages. */
    record Expr(Kind kind, String where, String promql) {
        @Override
        public String toString() {
            return where + ": " + promql.strip().replaceAll("\\s+", " ");
        }
    }

    private DashboardFiles() {
    }

    /** The repository's {@code dashboards/} folder (tests run in a module directory). */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("dashboards")) && Files.exists(p.resolve("pom.xml"))
                    && Files.isDirectory(p.resolve("cli"))) {
                return p.resolve("dashboards");
            }
        }
        throw new IllegalStateException("no dashboards/ folder above " + dir);
    }

    static List<Path> dashboardJson() {
        return list(root().resolve("grafana/dashboards"), ".json");
    }

    /** The rule files Prometheus loads ({@code *.rules.yml}); the promtool tests are {@code *.rules.test.yml}. */
    static List<Path> ruleFiles() {
        return list(root().resolve("rules"), ".rules.yml");
    }

    /** The promtool unit tests of the rules ({@code *.rules.test.yml}). */
    static List<Path> ruleTestFiles() {
        return list(root().resolve("rules"), ".rules.test.yml");
    }

    static List<Expr> all() {
        List<Expr> out = new ArrayList<>(panels());
        out.addAll(rules());
        return out;
    }

    static List<Expr> panels() {
        List<Expr> out = new ArrayList<>();
        for (Path file : dashboardJson()) {
            JsonNode model = read(JSON, file);
            collectPanels(file.getFileName().toString(), model.path("panels"), out);
        }
        return out;
    }

    private static void collectPanels(String file, JsonNode panels, List<Expr> out) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (!expr.isBlank()) {
                    out.add(new Expr(Kind.PANEL, file + " '" + panel.path("title").asText() + "' "
                            + target.path("refId").asText(), expr));
                }
            }
            collectPanels(file, panel.path("panels"), out);
        }
    }

    static List<Expr> rules() {
        List<Expr> out = new ArrayList<>();
        for (Path file : ruleFiles()) {
            for (JsonNode group : read(YAML, file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    boolean recording = rule.has("record");
                    String name = recording ? rule.path("record").asText() : rule.path("alert").asText();
                    out.add(new Expr(recording ? Kind.RECORDING_RULE : Kind.ALERTING_RULE,
                            file.getFileName() + " " + name, rule.path("expr").asText()));
                }
            }
        }
        return out;
    }

    /** Names defined by recording rules (they count as existing metrics). */
    static Set<String> recordedNames() {
        Set<String> names = new TreeSet<>();
        for (Path file : ruleFiles()) {
            for (JsonNode group : read(YAML, file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("record")) {
                        names.add(rule.path("record").asText());
                    }
                }
            }
        }
        return names;
    }

    static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
