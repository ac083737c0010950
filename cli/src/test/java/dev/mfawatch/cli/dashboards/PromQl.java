package dev.mfawatch.cli.dashboards;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading for the dashboard tests: the vector selectors of an expression
 * ({@code name{matchers}}), hence the metric names it reads. Function and aggregation names (followed
 * by "("), keywords, grouping label lists ({@code by (le)}), range and subquery brackets and Grafana
 * variables inside them are not selectors.
 */
final class PromQl {

    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*\\}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{#(\\d+)\\}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern SELECTOR = Pattern.compile(
            "(?<![\\w.$\"])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\{[^}]*\\})?(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan", "Inf", "NaN");

    private PromQl() {
    }

    /** The vector selectors, e.g. {@code mfawatch_signins_total{result="SUCCESS"}}, in order of appearance. */
    static List<String> selectors(String expr) {
        // Matcher blocks may hold anything (regexes with brackets, parentheses): set them aside first.
        List<String> blocks = new ArrayList<>();
        Matcher b = MATCHERS.matcher(expr);
        StringBuilder masked = new StringBuilder();
        while (b.find()) {
            blocks.add(b.group());
            b.appendReplacement(masked, Matcher.quoteReplacement("{#" + (blocks.size() - 1) + "}"));
        }
        b.appendTail(masked);
        String s = RANGE.matcher(GROUPING.matcher(masked).replaceAll(" ")).replaceAll(" ");
        List<String> out = new ArrayList<>();
        Matcher m = SELECTOR.matcher(s);
        while (m.find()) {
            String name = m.group(1);
            boolean call = m.group(3) != null && m.group(2) == null;
            if (call || KEYWORDS.contains(name)) {
                continue;
            }
            String matchers = m.group(2) == null ? "" : m.group(2).strip();
            Matcher p = PLACEHOLDER.matcher(matchers);
            out.add(name + (p.matches() ? blocks.get(Integer.parseInt(p.group(1))) : matchers));
        }
        return out;
    }

    /** The metric names an expression reads. */
    static Set<String> metricNames(String expr) {
        Set<String> names = new LinkedHashSet<>();
        for (String sel : selectors(expr)) {
            int brace = sel.indexOf('{');
            names.add(brace < 0 ? sel : sel.substring(0, brace));
        }
        return names;
    }

    /**
     * What Grafana would send: its interval variables replaced by fixed windows that hold enough
     * samples at the tests' one-second scrape interval.
     */
    static String expandGrafanaVariables(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("$__range", "5m").replace("$__interval", "15s");
    }
}
