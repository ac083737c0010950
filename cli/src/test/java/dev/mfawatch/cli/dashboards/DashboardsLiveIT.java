package dev.mfawatch.cli.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.cli.MfaWatch;
import dev.mfawatch.cli.dashboards.DashboardFiles.Expr;
import dev.mfawatch.cli.dashboards.DashboardFiles.Kind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs {@code mfa-watch demo} (real in-JVM broker, register-sync, detector, traffic) and checks the
 * dashboards and rules against what the apps really export: every metric name in {@code dashboards/}
 * appears in the live {@code /metrics} of the two apps, and, where Prometheus is installed, a real
 * Prometheus scraping them returns data for every panel query and rule.
 */
class DashboardsLiveIT {

    /** Long enough for one pass of the scripted cases (the last comes at 18 s) plus Prometheus' checks. */
    private static final Duration DEMO = Duration.ofSeconds(50);
    private static final Pattern DETECTOR_PORT = Pattern.compile("detector running; metrics on http://localhost:(\\d+)/metrics");
    private static final Pattern REGISTER_PORT = Pattern.compile("register-sync metrics on http://localhost:(\\d+)/metrics");
    /** Prometheus makes {@code up} itself; everything else must come from the apps or a recording rule. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final StringWriter OUT = new StringWriter();
    private static final AtomicInteger EXIT = new AtomicInteger(-1);
    private static Thread demo;
    private static int detectorPort;
    private static int registerPort;
    private static Instant demoEnds;

    @BeforeAll
    static void startDemo() {
        CommandLine cmd = MfaWatch.commandLine();
        cmd.setOut(new PrintWriter(OUT, true));
        cmd.setErr(new PrintWriter(OUT, true));
        demo = new Thread(() -> EXIT.set(cmd.execute("demo", "--duration", DEMO.toSeconds() + "s",
                "--http-port", "0", "--register-http-port", "0", "--api-port", "0", "--seed", "7")), "dashboards-demo");
        demo.setDaemon(true);
        demo.start();
        await("demo started").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> port(REGISTER_PORT).isPresent() && port(DETECTOR_PORT).isPresent() || !demo.isAlive());
        assertThat(demo.isAlive()).as("demo exited early:\n%s", OUT).isTrue();
        detectorPort = port(DETECTOR_PORT).orElseThrow();
        registerPort = port(REGISTER_PORT).orElseThrow();
        demoEnds = Instant.now().plus(DEMO);
    }

    @AfterAll
    static void awaitDemoEnd() throws InterruptedException {
        if (demo != null) {
            demo.join(DEMO.plusSeconds(60).toMillis());
            assertThat(demo.isAlive()).as("demo still running").isFalse();
            assertThat(EXIT.get()).as(OUT.toString()).isZero();
        }
    }

    @Test
    void everyMetricNamedInDashboardsAndRulesIsExportedByTheApps() {
        Map<String, List<String>> usedBy = new TreeMap<>();
        for (Expr e : DashboardFiles.all()) {
            for (String name : PromQl.metricNames(e.promql())) {
                usedBy.computeIfAbsent(name, n -> new ArrayList<>()).add(e.where());
            }
        }
        assertThat(usedBy).as("expressions found in dashboards/").hasSizeGreaterThan(30);
        Set<String> recorded = DashboardFiles.recordedNames();
        // Task-level Kafka Streams metrics appear at the binder's first refresh after the tasks are assigned.
        await("every metric name exported").atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Set<String> defined = new TreeSet<>(names(scrape(detectorPort)));
                    defined.addAll(names(scrape(registerPort)));
                    defined.addAll(recorded);
                    defined.addAll(PROMETHEUS_SERIES);
                    Map<String, List<String>> missing = new TreeMap<>(usedBy);
                    missing.keySet().removeAll(defined);
                    assertThat(missing).as("metric names used in dashboards/ but not exported (name → where)").isEmpty();
                });
    }

    @Test
    void realPrometheusReturnsDataForEveryPanelAndRule(@TempDir Path tmp) throws Exception {
        Optional<Path> binary = Binaries.find("prometheus");
        assumeTrue(binary.isPresent(), "prometheus not installed (Debian package 'prometheus'): skipping");
        int port = freePort();
        Files.writeString(tmp.resolve("prometheus.yml"), testConfig(tmp));
        Path log = tmp.resolve("prometheus.log");
        Process prometheus = new ProcessBuilder(binary.get().toString(),
                "--config.file=" + tmp.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + tmp.resolve("data"),
                "--storage.tsdb.retention.time=1h",
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            await("prometheus ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> {
                        assertThat(prometheus.isAlive()).as(Files.readString(log)).isTrue();
                        return get(base + "/-/ready").statusCode() == 200;
                    });
            String live = scrape(detectorPort);
            Pending pending = new Pending(live);

            List<String> checks = new ArrayList<>();
            Map<String, String> queries = new LinkedHashMap<>(); // query → what it checks
            for (Expr e : DashboardFiles.all()) {
                String q = PromQl.expandGrafanaVariables(e.promql());
                // Every expression must parse and evaluate.
                checks.add(q);
                if (pending.reason(q).isPresent()) {
                    continue;
                }
                if (e.kind() == Kind.ALERTING_RULE) {
                    // An alert's whole expression is empty while it does not fire: each series it reads must exist.
                    for (String sel : PromQl.selectors(q)) {
                        if (pending.reason(sel).isEmpty()) {
                            queries.put(sel, e + " (selector " + sel + ")");
                        }
                    }
                } else {
                    queries.put(q, e.toString());
                }
            }
            for (String q : checks) {
                JsonNode r = query(base, q);
                assertThat(r.path("status").asText()).as("%s → %s", q, r).isEqualTo("success");
            }
            Duration budget = Duration.between(Instant.now(), demoEnds.minusSeconds(2));
            assertThat(budget).as("time left while the demo runs").isGreaterThan(Duration.ofSeconds(10));
            await("every panel and rule returns data").atMost(budget).pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> {
                        List<String> empty = new ArrayList<>();
                        for (Map.Entry<String, String> q : queries.entrySet()) {
                            JsonNode result = query(base, q.getKey()).path("data").path("result");
                            if (!result.isArray() || result.isEmpty()) {
                                empty.add(q.getValue());
                            }
                        }
                        assertThat(empty).as("queries without data").isEmpty();
                    });
            assertThat(queries).as("queries checked").hasSizeGreaterThan(30);
            // Prometheus loaded every rule of the files and evaluates each without error.
            JsonNode groups = DashboardFiles.JSON.readTree(get(base + "/api/v1/rules").body()).path("data").path("groups");
            List<String> loaded = new ArrayList<>();
            for (JsonNode g : groups) {
                for (JsonNode rule : g.path("rules")) {
                    loaded.add(rule.path("name").asText());
                    assertThat(rule.path("health").asText()).as("%s: %s", rule.path("name").asText(), rule.path("lastError"))
                            .isEqualTo("ok");
                }
            }
            assertThat(loaded).hasSize(DashboardFiles.rules().size());
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    /**
     * Series that cannot exist yet, named so the exemption ends by itself: once the live output has
     * them, the expressions are checked like any other. The 7-day baselines are the exception: they
     * exist once their input is a day old, which no test run is, so they and what reads them are only
     * checked to evaluate (and their inputs, the hourly rates, to return data).
     */
    private static final class Pending {
        /** Sign-ins of privileged principals; the registration gauges carry privileged="true" regardless. */
        private static final Pattern PRIVILEGED_SIGNINS = Pattern.compile("mfawatch_signins_total\\{[^}]*privileged=\"true\"");
        private static final Pattern BREAK_GLASS = Pattern.compile(Pattern.quote("rule=\"BREAK_GLASS_SIGNIN\""));
        /** The baselines' condition of a day of history (mfa-watch-recording.rules.yml, group mfa-watch-baselines). */
        private static final Pattern DAY_OF_HISTORY = Pattern.compile(Pattern.quote("offset 1d"));

        private final Map<Pattern, String> patterns = new LinkedHashMap<>();
        private final Map<String, String> pendingRecordings = new TreeMap<>();

        Pending(String live) {
            if (!PRIVILEGED_SIGNINS.matcher(live).find()) {
                patterns.put(PRIVILEGED_SIGNINS, "sign-ins are privileged=\"unknown\" without an identity inventory");
            }
            if (!BREAK_GLASS.matcher(live).find()) {
                patterns.put(BREAK_GLASS, "the BREAK_GLASS_SIGNIN detector is not in this build");
            }
            patterns.put(DAY_OF_HISTORY, "a 7-day baseline needs a day of history");
            for (Expr e : DashboardFiles.rules()) {
                if (e.kind() == Kind.RECORDING_RULE) {
                    patterns.entrySet().stream().filter(p -> p.getKey().matcher(e.promql()).find()).findFirst()
                            .ifPresent(p -> pendingRecordings.put(e.where().substring(e.where().indexOf(' ') + 1), p.getValue()));
                }
            }
        }

        Optional<String> reason(String promql) {
            for (Map.Entry<Pattern, String> p : patterns.entrySet()) {
                if (p.getKey().matcher(promql).find()) {
                    return Optional.of(p.getValue());
                }
            }
            return PromQl.metricNames(promql).stream().filter(pendingRecordings::containsKey).findFirst()
                    .map(r -> "reads " + r + ", which is pending: " + pendingRecordings.get(r));
        }
    }

    private static final Pattern GROUP_INTERVAL = Pattern.compile("(?m)^ {4}interval: \\S+\\R");

    /** prometheus.yml's jobs, pointed at the demo's ports, with one-second scrapes and rule evaluation. */
    private static String testConfig(Path tmp) throws IOException {
        JsonNode config = DashboardFiles.read(DashboardFiles.YAML, DashboardFiles.root().resolve("prometheus.yml"));
        Map<String, Integer> ports = Map.of("mfa-watch-detector", detectorPort, "mfa-watch-register-sync", registerPort);
        StringBuilder y = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n");
        for (Path f : DashboardFiles.ruleFiles()) {
            // Groups with their own interval (the baselines', 1m) evaluated every second too: a
            // minute would leave them one evaluation, or none, in the demo's 50 s.
            Path copy = tmp.resolve(f.getFileName());
            Files.writeString(copy, GROUP_INTERVAL.matcher(Files.readString(f)).replaceAll(""));
            y.append("  - ").append(copy).append('\n');
        }
        y.append("scrape_configs:\n");
        for (JsonNode job : config.path("scrape_configs")) {
            String name = job.path("job_name").asText();
            assertThat(ports).as("prometheus.yml job %s", name).containsKey(name);
            y.append("  - job_name: ").append(name).append('\n')
                    .append("    metrics_path: ").append(job.path("metrics_path").asText("/metrics")).append('\n')
                    .append("    static_configs:\n      - targets: [\"127.0.0.1:").append(ports.get(name)).append("\"]\n");
        }
        return y.toString();
    }

    private static JsonNode query(String base, String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = get(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return DashboardFiles.JSON.readTree(r.body());
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = get("http://127.0.0.1:" + port + "/metrics");
        if (r.statusCode() != 200) {
            fail("/metrics on port " + port + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** Sample names in Prometheus text format (histograms appear as their _bucket, _sum and _count lines). */
    static Set<String> names(String exposition) {
        return Arrays.stream(exposition.split("\n"))
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Optional<Integer> port(Pattern p) {
        Matcher m = p.matcher(OUT.toString());
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
