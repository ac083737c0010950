package dev.mfawatch.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar target/mfa-watch.jar ARGS} as its own process, as a user starts it: stdout and
 * stderr go to files (read while it runs), the environment holds no MFAWATCH_/KAFKA_ settings but
 * those given. {@link #terminate()} sends SIGTERM, {@link #kill()} SIGKILL (a real crash).
 */
public final class Launched implements AutoCloseable {

    public static final Path JAR = Path.of("target", "mfa-watch.jar");

    private final String name;
    private final Process process;
    private final Path out;
    private final Path err;

    private Launched(String name, Process process, Path out, Path err) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts the launcher with {@code args}; output goes to {@code dir/NAME.out} and {@code dir/NAME.err}. */
    public static Launched start(Path dir, String name, Map<String, String> env, String... args) {
        assertThat(JAR).as("the packaged launcher jar (mvn verify packages it before the integration tests)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("MFAWATCH_") || k.startsWith("KAFKA_"));
        pb.environment().putAll(env);
        try {
            return new Launched(name, pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nobody listens on right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("localhost", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String stdout() {
        return read(out);
    }

    public String stderr() {
        return read(err);
    }

    /** The last {@code n} lines of stderr: where a command says why it failed, after any retry warnings. */
    public String stderrTail(int n) {
        List<String> lines = stderr().lines().toList();
        return name + " stderr, last lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until stdout holds {@code line} as a whole line; fails with the output if the process ends first. */
    public Launched awaitLine(String line, Duration deadline) {
        await(name + " printing '" + line + "'").atMost(deadline).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (stdout().lines().anyMatch(line::equals)) {
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " ended (exit " + process.exitValue() + ") before '" + line + "':\n"
                        + stdout() + stderr());
            }
            return false;
        });
        return this;
    }

    /** Waits for the process to end by itself; returns its exit code. */
    public int awaitExit(Duration deadline) {
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(name + " still running after " + deadline + ":\n" + stdout() + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return process.exitValue();
    }

    /** SIGTERM (what Ctrl-C or {@code docker stop} sends), then waits for the exit; returns the exit code. */
    public int terminate() {
        process.destroy();
        return awaitExit(Duration.ofSeconds(60));
    }

    /** SIGKILL: no shutdown hook, no flush, no commit. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
