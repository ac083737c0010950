package dev.mfawatch.cli.dashboards;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds optional tools (Debian's prometheus package puts them in /usr/bin) and runs them bounded. */
final class Binaries {

    private Binaries() {
    }

    static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    record Result(int exitCode, String output) {
    }

    /** Runs a command in {@code dir}, at most 60 s, and returns its exit code and combined output. */
    static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        return run(dir, command, Duration.ofSeconds(60));
    }

    /** Runs a command in {@code dir}, at most {@code limit}, and returns its exit code and combined output. */
    static Result run(Path dir, List<String> command, Duration limit) throws IOException, InterruptedException {
        Path log = Files.createTempFile("mfawatch-tool-", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + limit);
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
