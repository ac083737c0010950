package dev.mfawatch.cli.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * HTML building blocks for the report. Every value goes through {@link #esc}: register text,
 * principals and alert summaries are user input, so nothing of theirs may become markup.
 */
final class Html {

    /** Markup built here from escaped parts; the only thing a table cell does not escape again. */
    record Safe(String html) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Html() {
    }

    /** Text safe in element content and in quoted attribute values. */
    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // Control characters (bar tab and line breaks) have no place in a page.
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    static String date(Instant t) {
        return t == null ? "" : DATE.format(t);
    }

    /** Days with one decimal, e.g. {@code 12.5 days}. */
    static String days(Duration d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.1f days", d.toMinutes() / 1440.0);
    }

    static String percent(Double share) {
        return share == null ? "n/a" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    /** A table: headers, then rows of values, each escaped unless it is {@link Safe}. */
    static void table(StringBuilder out, String cssClass, List<String> headers, List<List<Object>> rows) {
        out.append("<div class=\"scroll\"><table").append(cssClass == null ? "" : " class=\"" + esc(cssClass) + "\"")
                .append("><thead><tr>");
        for (String h : headers) {
            out.append("<th>").append(esc(h)).append("</th>");
        }
        out.append("</tr></thead><tbody>\n");
        for (List<Object> row : rows) {
            out.append("<tr>");
            for (Object cell : row) {
                out.append("<td>").append(cell instanceof Safe s ? s.html() : esc(cell)).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody></table></div>\n");
    }

    /** Values one per line within a cell. */
    static Safe lines(List<?> values) {
        StringBuilder b = new StringBuilder();
        for (Object v : values) {
            if (!b.isEmpty()) {
                b.append("<br>");
            }
            b.append(esc(v));
        }
        return new Safe(b.toString());
    }
}
