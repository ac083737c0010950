package dev.mfawatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bench harness end to end at tiny sizes (seconds, not a timed test: no figure is judged):
 * every part runs, the table has every row, and the RESULT line, the last line, has every key with
 * a number or n/a.
 */
class BenchSuiteProofIT {

    @Test
    void everyPartRunsAndTheTableAndResultLineAreComplete() {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        BenchReport report = BenchSuite.run(BenchSuite.Sizes.tiny(), new PrintStream(progress, true, StandardCharsets.UTF_8),
                Map.of());
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        report.print(new PrintStream(table, true, StandardCharsets.UTF_8));
        String printed = table.toString(StandardCharsets.UTF_8);

        assertThat(report.notes()).as("progress:\n%s", progress).noneMatch(n -> n.contains(" failed: "));
        List<String> measures = report.rows().stream().map(BenchReport.Row::measure).toList();
        assertThat(measures).anyMatch(m -> m.startsWith("consume-only baseline"))
                .anyMatch(m -> m.startsWith("pass-through baseline"))
                .anyMatch(m -> m.startsWith("detector at-least-once"))
                .anyMatch(m -> m.startsWith("detector exactly-once"))
                .anyMatch(m -> m.startsWith("exactly-once ÷ pass-through"))
                .anyMatch(m -> m.startsWith("exactly-once ÷ at-least-once"))
                .anyMatch(m -> m.startsWith("normalize+detect"))
                .contains("p50", "p99", "p99.9")
                .anyMatch(m -> m.startsWith("changelog bytes per principal"))
                .anyMatch(m -> m.startsWith("local state dir bytes per principal"))
                .anyMatch(m -> m.startsWith("restore after wiping"))
                .anyMatch(m -> m.startsWith("sign-ins of 100 active principals"))
                .anyMatch(m -> m.startsWith("sweep: ms per tick"))
                .anyMatch(m -> m.startsWith("with poison ÷ clean"))
                .anyMatch(m -> m.startsWith("canonical events"))
                .anyMatch(m -> m.startsWith("1,000 principals, 1 stream thread"))
                .anyMatch(m -> m.startsWith("1,000 principals, 2 stream threads"));
        // Every measured figure is a figure: only the sweep rows may be n/a (their meters come from another change).
        report.rows().stream().filter(r -> !r.measure().startsWith("sweep"))
                .forEach(r -> assertThat(r.figure()).as(r.measure()).matches("[0-9][0-9,.]*(/s| ms| s| B)?( \\(.*\\))?"));
        for (BenchReport.Row r : report.rows()) {
            assertThat(printed).contains(r.measure());
        }

        String[] lines = printed.strip().split("\n");
        String last = lines[lines.length - 1];
        assertThat(last).startsWith("RESULT ");
        Matcher m = Pattern.compile(" ([a-z0-9_]+)=(\\S+)").matcher(last);
        Map<String, String> values = new java.util.LinkedHashMap<>();
        while (m.find()) {
            values.put(m.group(1), m.group(2));
        }
        assertThat(values.keySet()).containsAll(BenchReport.RESULT_KEYS);
        values.forEach((k, v) -> assertThat(v).as(k).matches("n/a|-?[0-9]+(\\.[0-9]+)?"));
        // Measured at tiny sizes, these are numbers; restore_1m_s is n/a below a million principals.
        for (String k : List.of("passthrough_per_s", "eos_per_s", "eos_ratio", "alos_per_s", "p99_ms", "p999_ms",
                "raw_entra_per_s", "state_bytes_per_principal", "backtest_per_s", "poison_ratio", "restore_s")) {
            assertThat(values.get(k)).as(k).isNotEqualTo("n/a");
        }
        assertThat(values.get("restore_1m_s")).isEqualTo("n/a");
        assertThat(Arrays.stream(lines).filter(l -> l.startsWith("RESULT"))).hasSize(1);
    }
}
