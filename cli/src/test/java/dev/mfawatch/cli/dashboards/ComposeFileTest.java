package dev.mfawatch.cli.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * There is no Docker engine on the build machines: docker-compose.yml and the Dockerfile are checked
 * statically against the repository and the apps' configuration reference (the module READMEs).
 */
class ComposeFileTest {

    private static final Path REPO = DashboardFiles.root().getParent();
    private static final JsonNode COMPOSE = DashboardFiles.read(DashboardFiles.YAML, REPO.resolve("docker-compose.yml"));
    private static final JsonNode SERVICES = COMPOSE.path("services");

    @Test
    void theWholeStackIsThere() {
        Set<String> names = new TreeSet<>();
        SERVICES.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("kafka", "kafka-init", "register-sync", "detector", "traffic",
                "prometheus", "grafana");
    }

    @Test
    void kafkaIsTheOfficialImageInKraftModeWithSingleReplicaInternalTopics() {
        JsonNode kafka = SERVICES.path("kafka");
        assertThat(kafka.path("image").asText()).startsWith("apache/kafka:");
        Map<String, String> env = env(kafka);
        assertThat(env).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092");
        assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo(env.get("KAFKA_NODE_ID") + "@kafka:9093");
    }

    @Test
    void topicCreationCoversEveryTopicTheAppsNeed_compactedOnesCompacted() {
        String script = SERVICES.path("kafka-init").path("command").toString();
        for (String topic : dev.mfawatch.model.Topics.ALL) {
            assertThat(script).as("kafka-init creates %s", topic).contains(topic);
        }
        Matcher compacted = Pattern.compile("for topic in ([^;]+); do[^;]*;?[^\\n]*cleanup\\.policy=compact").matcher(
                script.replace("\\n", "\n"));
        assertThat(compacted.find()).as(script).isTrue();
        assertThat(compacted.group(1).trim().split("\\s+"))
                .containsExactlyInAnyOrderElementsOf(dev.mfawatch.model.Topics.COMPACTED);
    }

    @Test
    void everyBuildContextDockerfileTargetAndMountedFileExists() throws IOException {
        String dockerfile = null;
        for (Map.Entry<String, JsonNode> s : fields(SERVICES)) {
            JsonNode build = s.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = REPO.resolve(build.path("context").asText("."));
                assertThat(context).as("%s build context", s.getKey()).isDirectory();
                Path file = context.resolve(build.path("dockerfile").asText("Dockerfile"));
                assertThat(file).as("%s Dockerfile", s.getKey()).isRegularFile();
                dockerfile = Files.readString(file);
                String target = build.path("target").asText();
                assertThat(dockerfile).as("%s: stage %s", s.getKey(), target)
                        .containsPattern("(?m)^FROM \\S+ AS " + Pattern.quote(target) + "$");
            } else {
                assertThat(s.getValue().path("image").asText()).as("%s has an image or a build", s.getKey()).isNotBlank();
            }
            for (JsonNode v : s.getValue().path("volumes")) {
                String source = v.asText().split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(REPO.resolve(source)).as("%s mounts %s", s.getKey(), source).exists();
                } else {
                    assertThat(COMPOSE.path("volumes").has(source)).as("%s: named volume %s declared", s.getKey(), source)
                            .isTrue();
                }
            }
        }
        assertThat(dockerfile).as("the apps are built from the project").isNotNull()
                .contains("mvn -B -q -DskipTests -pl cli -am package")
                .contains("COPY --from=build /src/cli/target/mfa-watch.jar")
                .contains("COPY --from=build /src/cli/target/lib");
        assertThat(REPO.resolve("cli/pom.xml")).content().contains("<finalName>mfa-watch</finalName>");
    }

    @Test
    void grafanaIsAnonymousViewer_adminPasswordFromAnOptionalDotEnv_provisioningMounted() throws IOException {
        JsonNode grafana = SERVICES.path("grafana");
        Map<String, String> env = env(grafana);
        assertThat(env).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "true").containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
        // A fresh clone starts: no env_file to copy first. The password comes from GRAFANA_ADMIN_PASSWORD
        // (the environment or the optional, git-ignored .env Compose reads), else Grafana's default with a warning.
        assertThat(grafana.has("env_file")).as("an env_file must exist before compose starts").isFalse();
        assertThat(env.get("GF_SECURITY_ADMIN_PASSWORD")).isEqualTo("${GRAFANA_ADMIN_PASSWORD:-admin}");
        assertThat(REPO.resolve(".env.example")).content().contains("GRAFANA_ADMIN_PASSWORD=");
        assertThat(REPO.resolve(".gitignore")).content().containsPattern("(?m)^/\\.env$");
        String entrypoint = String.join("\n", texts(grafana.path("entrypoint")));
        assertThat(entrypoint).contains("\"$$GF_SECURITY_ADMIN_PASSWORD\" = admin").contains("GRAFANA_ADMIN_PASSWORD")
                .endsWith("exec /run.sh\n");
        List<String> volumes = texts(grafana.path("volumes"));
        assertThat(volumes).contains("./dashboards/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./dashboards/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        JsonNode provider = DashboardFiles.read(DashboardFiles.YAML,
                DashboardFiles.root().resolve("grafana/provisioning/dashboards/mfa-watch.yml"));
        assertThat(provider.path("providers").get(0).path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
        JsonNode datasource = DashboardFiles.read(DashboardFiles.YAML,
                DashboardFiles.root().resolve("grafana/provisioning/datasources/prometheus.yml"));
        assertThat(datasource.path("datasources").get(0).path("url").asText()).isEqualTo("http://prometheus:9090");
        String uid = datasource.path("datasources").get(0).path("uid").asText();
        for (Path dashboard : DashboardFiles.dashboardJson()) {
            List<JsonNode> refs = DashboardFiles.read(DashboardFiles.JSON, dashboard).findValues("datasource");
            assertThat(refs).as(dashboard.toString()).isNotEmpty()
                    .allSatisfy(ref -> assertThat(ref.path("uid").asText()).isEqualTo(uid));
        }
    }

    @Test
    void prometheusLoadsTheRulesAndScrapesBothAppsOnTheirConfiguredPorts() {
        JsonNode prometheus = SERVICES.path("prometheus");
        assertThat(texts(prometheus.path("volumes"))).contains("./dashboards/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                "./dashboards/rules:/etc/prometheus/rules:ro");
        JsonNode config = DashboardFiles.read(DashboardFiles.YAML, DashboardFiles.root().resolve("prometheus.yml"));
        assertThat(texts(config.path("rule_files"))).containsExactly("/etc/prometheus/rules/*.rules.yml");
        Map<String, String> targets = new HashMap<>();
        for (JsonNode job : config.path("scrape_configs")) {
            targets.put(job.path("job_name").asText(), job.path("static_configs").get(0).path("targets").get(0).asText());
        }
        // detector-app's MFAWATCH_HTTP_PORT default is 8080, register-sync's 8081 (module READMEs).
        assertThat(targets).containsExactlyInAnyOrderEntriesOf(Map.of(
                "mfa-watch-detector", "detector:" + httpPort("detector", "8080"),
                "mfa-watch-register-sync", "register-sync:" + httpPort("register-sync", "8081")));
    }

    @Test
    void appPortsAndEnvironmentMatchTheConfigurationReference() throws IOException {
        String detectorReadme = Files.readString(REPO.resolve("detector-app/README.md"));
        String registerReadme = Files.readString(REPO.resolve("register-sync/README.md"));
        assertThat(detectorReadme).contains("| `MFAWATCH_HTTP_PORT` | `8080` |");
        assertThat(registerReadme).contains("`MFAWATCH_HTTP_PORT` (8081)");
        Map<String, String> reference = Map.of("detector", detectorReadme, "register-sync", registerReadme);
        for (Map.Entry<String, String> app : reference.entrySet()) {
            JsonNode service = SERVICES.path(app.getKey());
            for (String key : env(service).keySet()) {
                if (key.startsWith("MFAWATCH_")) {
                    assertThat(app.getValue()).as("%s sets %s: documented in its README", app.getKey(), key)
                            .contains("`" + key + "`");
                } else {
                    assertThat(key).as("%s: only MFAWATCH_* and KAFKA_* settings", app.getKey()).startsWith("KAFKA_");
                }
            }
            String port = httpPort(app.getKey(), null);
            assertThat(texts(service.path("ports"))).as("%s publishes its HTTP port", app.getKey()).contains(port + ":" + port);
            assertThat(service.path("healthcheck").path("test").toString()).contains("/dev/tcp/127.0.0.1/" + port)
                    .contains("GET /ready");
        }
        assertThat(env(SERVICES.path("detector"))).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        assertThat(env(SERVICES.path("register-sync"))).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        assertThat(texts(SERVICES.path("register-sync").path("volumes"))).contains("./examples/register.csv:/config/register.csv:ro");
        String dockerfile = Files.readString(REPO.resolve("Dockerfile"));
        assertThat(dockerfile).contains("CMD [\"register-sync\", \"--register\", \"/config/register.csv\", \"--watch\"]")
                .contains("CMD [\"detector\"]");
        assertThat(texts(SERVICES.path("traffic").path("command"))).containsSubsequence("demo", "--bootstrap-servers", "kafka:9092");
    }

    @Test
    void dependenciesWaitOnHealthOrCompletion_andEveryAwaitedServiceHasAHealthCheck() {
        Set<String> conditions = Set.of("service_healthy", "service_completed_successfully", "service_started");
        for (Map.Entry<String, JsonNode> s : fields(SERVICES)) {
            for (Map.Entry<String, JsonNode> dep : fields(s.getValue().path("depends_on"))) {
                String condition = dep.getValue().path("condition").asText();
                assertThat(conditions).as("%s → %s", s.getKey(), dep.getKey()).contains(condition);
                assertThat(SERVICES.has(dep.getKey())).as("%s depends on a service that exists", s.getKey()).isTrue();
                if (condition.equals("service_healthy")) {
                    assertThat(SERVICES.path(dep.getKey()).has("healthcheck")).as("%s has a health check", dep.getKey())
                            .isTrue();
                }
            }
        }
        assertThat(SERVICES.path("detector").path("depends_on").path("kafka-init").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(SERVICES.path("kafka-init").path("depends_on").path("kafka").path("condition").asText())
                .isEqualTo("service_healthy");
    }

    /** The service's MFAWATCH_HTTP_PORT, else the default. */
    private static String httpPort(String service, String defaultPort) {
        return env(SERVICES.path(service)).getOrDefault("MFAWATCH_HTTP_PORT", defaultPort);
    }

    /** environment (map form) as a map. */
    private static Map<String, String> env(JsonNode service) {
        Map<String, String> env = new HashMap<>();
        fields(service.path("environment")).forEach(f -> env.put(f.getKey(), f.getValue().asText()));
        return env;
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        node.fields().forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
