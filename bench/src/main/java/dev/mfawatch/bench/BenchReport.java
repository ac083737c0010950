package dev.mfawatch.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code mfa-watch bench} prints: one table (measure, figure, target, verdict) and a last line
 * {@code RESULT key=value …} for machines. A figure not measured is {@code n/a} in both.
 */
public final class BenchReport {

    /** The RESULT keys issue 12 names, in its order; {@link #EXTRA_KEYS} follow them. */
    public static final List<String> RESULT_KEYS = List.of("passthrough_per_s", "eos_per_s", "eos_ratio", "alos_per_s",
            "p99_ms", "p999_ms", "raw_entra_per_s", "state_bytes_per_principal", "restore_1m_s", "backtest_per_s",
            "poison_ratio");
    public static final List<String> EXTRA_KEYS = List.of("consume_per_s", "eos_alos_ratio", "p50_ms", "state_principals",
            "state_dir_bytes_per_principal", "restore_s", "sweep_ms_per_tick", "sweep_visited_per_tick");
    public static final String NA = "n/a";

    public record Row(String section, String measure, String figure, String target, String verdict) {
    }

    private final List<String> header = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> result = new LinkedHashMap<>();

    public BenchReport() {
        RESULT_KEYS.forEach(k -> result.put(k, NA));
        EXTRA_KEYS.forEach(k -> result.put(k, NA));
    }

    public void header(String line) {
        header.add(line);
    }

    public void note(String line) {
        notes.add(line);
    }

    public void row(String section, String measure, String figure) {
        rows.add(new Row(section, measure, figure, "", ""));
    }

    /** A row with a target; {@code met} null means the figure is missing (verdict n/a). */
    public void row(String section, String measure, String figure, String target, Boolean met) {
        rows.add(new Row(section, measure, figure, target, met == null ? NA : met ? "met" : "NOT MET"));
    }

    public void result(String key, double value) {
        if (!result.containsKey(key)) {
            throw new IllegalArgumentException("not a RESULT key: " + key);
        }
        result.put(key, Double.isNaN(value) ? NA : value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.3f", value));
    }

    /** True if a part failed (its figures are n/a and a note says why). */
    public boolean failed() {
        return notes.stream().anyMatch(n -> n.contains(" failed: "));
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public Map<String, String> result() {
        return Map.copyOf(result);
    }

    public String resultLine() {
        StringBuilder b = new StringBuilder("RESULT");
        result.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    public void print(PrintStream out) {
        header.forEach(out::println);
        int w1 = "measure".length();
        int w2 = "figure".length();
        int w3 = "target".length();
        for (Row r : rows) {
            w1 = Math.max(w1, Math.max(r.measure().length(), r.section().length() + 4));
            w2 = Math.max(w2, r.figure().length());
            w3 = Math.max(w3, r.target().length());
        }
        String fmt = "| %-" + w1 + "s | %" + w2 + "s | %-" + w3 + "s | %-7s |%n";
        String section = null;
        out.printf(fmt, "measure", "figure", "target", "verdict");
        out.printf("|%s|%s|%s|%s|%n", "-".repeat(w1 + 2), "-".repeat(w2 + 1) + ":", "-".repeat(w3 + 2), "-".repeat(9));
        for (Row r : rows) {
            if (!r.section().equals(section)) {
                section = r.section();
                out.printf(fmt, "**" + section + "**", "", "", "");
            }
            out.printf(fmt, r.measure(), r.figure(), r.target(), r.verdict());
        }
        notes.forEach(n -> out.println("note: " + n));
        out.println(resultLine());
        out.flush();
    }

    static String perSecond(double v) {
        return Double.isNaN(v) ? NA : String.format(Locale.ROOT, "%,.0f/s", v);
    }

    static String number(double v, String unit) {
        return Double.isNaN(v) ? NA : String.format(Locale.ROOT, v >= 100 ? "%,.0f%s" : "%.2f%s", v, unit);
    }
}
