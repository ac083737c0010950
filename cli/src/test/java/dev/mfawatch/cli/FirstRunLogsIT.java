package dev.mfawatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.kafka.LocalKafkaExtension;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer sees on a first run: {@code ./mfa-watch demo}, and {@code register-sync} then
 * {@code detector} against a Kafka cluster, each run as the launcher runs it ({@code java -jar
 * target/mfa-watch.jar}, its own JVM, the shipped Logback configuration, a clean environment). Their
 * output must hold no ERROR line, and every WARN line must be one the README's "Logs" section explains.
 */
class FirstRunLogsIT {

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    private static final Path JAR = Path.of("target", "mfa-watch.jar");
    private static final Pattern ERROR = Pattern.compile("(?<![A-Za-z_])ERROR(?![A-Za-z_])");
    private static final Pattern WARN = Pattern.compile("(?<![A-Za-z_])WARN(ING)?(?![A-Za-z_])");

    @TempDir
    Path dir;

    @Test
    void demoPrintsNoErrorAndOnlyExplainedWarnings() throws Exception {
        Run demo = run(Map.of(), Duration.ofSeconds(150), "demo", "--duration", "30s", "--http-port", "0",
                "--register-http-port", "0", "--api-port", "0");
        assertThat(demo.exitCode()).as(demo.output()).isZero();
        assertThat(demo.output()).contains("broker ready").contains("alerts by rule:").contains("demo stopped");
        assertClean(demo);
    }

    @Test
    void registerSyncAndDetectorPrintNoErrorAndOnlyExplainedWarnings() throws Exception {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "MFAWATCH_HTTP_PORT", "0", "MFAWATCH_API_PORT", "0", "MFAWATCH_APPLICATION_ID", "first-run-" + UUID.randomUUID());
        Run sync = run(env, Duration.ofSeconds(90), "register-sync", "--register",
                repository().resolve("examples/register.csv").toString());
        assertThat(sync.exitCode()).as(sync.output()).isZero();
        assertClean(sync);

        // Long enough for two refreshes of the Kafka Streams meters after the tasks are assigned.
        Run detector = run(env, Duration.ofSeconds(120), "detector", "--duration", "35s");
        assertThat(detector.exitCode()).as(detector.output()).isZero();
        assertThat(detector.output()).contains("detector started");
        assertClean(detector);
    }

    private static void assertClean(Run run) throws IOException {
        List<String> explained = explainedWarnings(repository().resolve("README.md"));
        List<String> lines = run.output().lines().toList();
        assertThat(lines).as("ERROR lines of %s", run.command()).noneMatch(l -> ERROR.matcher(l).find());
        assertThat(lines.stream().filter(l -> WARN.matcher(l).find()))
                .as("WARN lines of %s that README.md's Logs section does not explain (%s)", run.command(), explained)
                .allMatch(l -> explained.stream().anyMatch(l::contains));
    }

    /** The first code span of each bullet in README.md's "## Logs" section: the WARN lines it explains. */
    static List<String> explainedWarnings(Path readme) throws IOException {
        List<String> fragments = new ArrayList<>();
        boolean inLogs = false;
        for (String line : Files.readAllLines(readme)) {
            if (line.startsWith("## ")) {
                inLogs = line.equals("## Logs");
            } else if (inLogs && line.startsWith("- `")) {
                fragments.add(line.substring(3, line.indexOf('`', 3)));
            }
        }
        return fragments;
    }

    private record Run(String command, int exitCode, String output) {
    }

    /** Runs {@code java -jar target/mfa-watch.jar ARGS} with only {@code env} of the mfa-watch/Kafka settings. */
    private Run run(Map<String, String> env, Duration timeout, String... args) throws Exception {
        assertThat(JAR).as("the packaged launcher jar (mvn verify packages it before the integration tests)")
                .exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve(args[0] + ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MFAWATCH_") || k.startsWith("KAFKA_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(args[0] + " still running after " + timeout + ":\n" + Files.readString(out));
        }
        return new Run(String.join(" ", args), p.exitValue(), Files.readString(out));
    }

    /** The repository root (tests run in the cli module's directory). */
    private static Path repository() {
        Path cli = Path.of("").toAbsolutePath();
        Path root = cli.getParent();
        assertThat(root.resolve("README.md")).exists();
        assertThat(root.resolve("cli" + File.separator + "pom.xml")).exists();
        return root;
    }
}
