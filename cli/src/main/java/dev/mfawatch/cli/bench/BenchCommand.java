package dev.mfawatch.cli.bench;

import dev.mfawatch.bench.BenchReport;
import dev.mfawatch.bench.BenchSuite;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: the benchmark of docs/PERFORMANCE.md. The harness lives in the bench module
 * ({@link BenchSuite}); this only picks the sizes and prints the table on stdout, progress on stderr.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Benchmarks throughput, latency, state and restore: one table.",
        description = {"Runs every benchmark on a single-node Kafka broker inside this JVM and prints one table "
                + "(figure, target, met or not) and a last line RESULT key=value... for machines. "
                + "Progress goes to stderr. The full run takes about 20 minutes on 2 busy cores; --quick 3 to 6.",
                "MFAWATCH_* and KAFKA_* variables in the environment (e.g. MFAWATCH_STATE_STORES) apply "
                        + "to every detector run except ids, guarantee, threads and commit interval, which the bench sets; "
                        + "RocksDB is forced for the state part. Heap: MFAWATCH_JAVA_OPTS=-Xmx4g (the table prints the heap).",
                "Exit codes: 0 every part ran, 1 a part failed (its figures are n/a)."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Smaller counts (3 to 6 minutes); 1M-principal figures are n/a")
    boolean quick;

    @Override
    public Integer call() {
        Map<String, String> overrides = new TreeMap<>();
        System.getenv().forEach((k, v) -> {
            if ((k.startsWith("MFAWATCH_") || k.startsWith("KAFKA_")) && !k.equals("MFAWATCH_JAVA_OPTS")
                    && !k.startsWith("MFAWATCH_LOG") && !k.equals("MFAWATCH_KAFKA_LOG_LEVEL")) {
                overrides.put(k, v);
            }
        });
        PrintStream out = System.out;
        BenchReport report = BenchSuite.run(quick ? BenchSuite.Sizes.quick() : BenchSuite.Sizes.full(), System.err, overrides);
        report.print(out);
        return report.failed() ? 1 : 0;
    }
}
