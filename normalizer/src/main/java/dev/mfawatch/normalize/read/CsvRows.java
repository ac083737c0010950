package dev.mfawatch.normalize.read;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.mfawatch.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CSV exports (Log Analytics / Sentinel "Export to CSV", a KQL query's output): the first row names
 * the columns; each further row becomes one JSON object keyed by column name, every value a string,
 * empty cells left out (Log Analytics writes an empty cell for a null). Quoting, doubled quotes,
 * cells that span lines (JSON in a dynamic column) and CRLF are jackson-dataformat-csv's job.
 *
 * <p>The portal suffixes time columns with their zone, {@code TimeGenerated [UTC]}: the suffix is
 * removed so the column has its schema name. Any other bracketed suffix is kept (a time in local
 * time cannot be read as UTC).
 */
final class CsvRows {

    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();
    private static final Pattern UTC_SUFFIX = Pattern.compile("\\s*\\[UTC\\]\\s*$", Pattern.CASE_INSENSITIVE);

    @FunctionalInterface
    interface RowSink {
        void accept(byte[] row, long line);
    }

    private CsvRows() {
    }

    static void read(byte[] bytes, int start, RowSink sink) throws IOException {
        String text = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
        try (MappingIterator<List<String>> rows = CSV.readerFor(List.class).readValues(text)) {
            List<String> header = null;
            Lines lines = new Lines(text);
            int rowEnd = 0;
            while (rows.hasNextValue()) {
                // The parser's own line numbers lag a row behind; a row starts at the first
                // character after the previous row that is not a line break.
                long line = lines.rowStartingAfter(rowEnd);
                List<String> row = rows.nextValue();
                rowEnd = (int) rows.getParser().currentLocation().getCharOffset();
                if (header == null) {
                    header = new ArrayList<>();
                    for (String h : row) {
                        header.add(UTC_SUFFIX.matcher(h.strip()).replaceFirst(""));
                    }
                    continue;
                }
                ObjectNode o = Json.MAPPER.createObjectNode();
                for (int i = 0; i < row.size() && i < header.size(); i++) {
                    String value = row.get(i);
                    if (value != null && !value.isEmpty() && !header.get(i).isEmpty()) {
                        o.put(header.get(i), value);
                    }
                }
                sink.accept(Json.MAPPER.writeValueAsBytes(o), line);
            }
        }
    }

    /** Counts line breaks once, forward only, so numbering a file's rows stays linear. */
    private static final class Lines {
        private final String text;
        private int scanned;
        private long line = 1;

        Lines(String text) {
            this.text = text;
        }

        long rowStartingAfter(int from) {
            int i = Math.max(from, scanned);
            while (i < text.length() && (text.charAt(i) == '\r' || text.charAt(i) == '\n')) {
                i++;
            }
            for (; scanned < i; scanned++) {
                if (text.charAt(scanned) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }
}
