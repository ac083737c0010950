package dev.mfawatch.register.read;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.register.validate.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a CSV (header row, columns in any order) or a JSON array of objects into flat {@link Record}s.
 * The format follows the file name: {@code .json} is JSON, anything else CSV (what spreadsheets export).
 * Unknown columns are reported as warnings and ignored, so a register can carry its own notes columns.
 */
public final class TableReader {

    /** Cells beyond the header's last column land here: a sign of an unquoted comma. */
    static final String EXTRA = "\u0000extra";

    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.TRIM_SPACES).build();

    private final String fileLabel;
    private final String rowPrefix;
    private final Set<String> columns;
    private final Set<String> requiredColumns;
    private final Set<String> nestedObjects;
    private final Set<String> statedWhenBlank;

    /**
     * @param fileLabel       how whole-file problems are located, e.g. {@code register}
     * @param columns         every known field name, flat (JSON nested objects are flattened: {@code scope.apps} → {@code scopeApps})
     * @param requiredColumns CSV columns without which no row can be valid
     * @param nestedObjects   JSON object fields to flatten, e.g. {@code scope}
     */
    public TableReader(String fileLabel, Set<String> columns, Set<String> requiredColumns, Set<String> nestedObjects) {
        this(fileLabel, columns, requiredColumns, nestedObjects, Set.of());
    }

    /**
     * @param statedWhenBlank list columns whose blank CSV cell states an empty list (kept as one) rather than
     *                        "not given": a blank {@code registeredMethods} cell says "no method", a missing column says nothing
     */
    public TableReader(String fileLabel, Set<String> columns, Set<String> requiredColumns, Set<String> nestedObjects,
                       Set<String> statedWhenBlank) {
        this.statedWhenBlank = Set.copyOf(statedWhenBlank);
        this.fileLabel = fileLabel;
        // Inventory rows say so, so they are not mistaken for register rows in one list of problems.
        this.rowPrefix = "register".equals(fileLabel) ? "" : fileLabel + " ";
        this.columns = Set.copyOf(columns);
        this.requiredColumns = Set.copyOf(requiredColumns);
        this.nestedObjects = Set.copyOf(nestedObjects);
    }

    public Table read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return unreadable("cannot read " + file + ": " + Reasons.of(e));
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            // Excel writes a UTF-8 byte order mark; left in, it would become part of the first header name.
            text = text.substring(1);
        }
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? readJson(text) : readCsv(text);
    }

    public Table readCsv(String text) {
        List<Problem> problems = new ArrayList<>();
        List<Record> records = new ArrayList<>();
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withAnyPropertyName(EXTRA);
        try (MappingIterator<Map<String, String>> it = CSV.readerFor(new TypeReference<Map<String, String>>() { })
                .with(schema).readValues(text)) {
            if (!it.hasNextValue() && it.getParserSchema() == null) {
                return unreadable("the file is empty; the first row must be the header");
            }
            int row = 1;
            boolean headerChecked = false;
            while (it.hasNextValue()) {
                Map<String, String> cells = it.nextValue();
                if (!headerChecked) {
                    headerChecked = true;
                    if (!checkHeader((CsvSchema) it.getParserSchema(), problems)) {
                        return new Table(false, List.of(), problems);
                    }
                }
                row++;
                if (cells.values().stream().allMatch(v -> v == null || v.isBlank())) {
                    continue; // a blank line still counts as a spreadsheet row
                }
                String location = rowPrefix + "row " + row;
                if (cells.containsKey(EXTRA)) {
                    problems.add(Problem.error(location, null,
                            "more cells than the header has columns (is a comma inside a cell unquoted?)"));
                }
                Map<String, Object> values = new LinkedHashMap<>();
                cells.forEach((k, v) -> {
                    if (!EXTRA.equals(k) && v != null && !v.isBlank()) {
                        values.put(k.trim(), v);
                    } else if (!EXTRA.equals(k) && statedWhenBlank.contains(k.trim())) {
                        values.put(k.trim(), List.of());
                    }
                });
                records.add(new Record(location, values));
            }
            if (!headerChecked && it.getParserSchema() instanceof CsvSchema header
                    && !checkHeader(header, problems)) {
                return new Table(false, List.of(), problems);
            }
        } catch (IOException | RuntimeException e) {
            problems.add(Problem.error(fileLabel, null, "cannot parse CSV: " + Reasons.of(e)));
            return new Table(false, List.of(), problems);
        }
        return new Table(true, records, problems);
    }

    private boolean checkHeader(CsvSchema header, List<Problem> problems) {
        List<String> names = new ArrayList<>();
        header.forEach(c -> names.add(c.getName().trim()));
        boolean ok = true;
        for (String name : names) {
            if (!columns.contains(name)) {
                problems.add(Problem.warning(rowPrefix + "row 1", name, "unknown column, ignored"));
            }
        }
        for (String required : requiredColumns.stream().sorted().toList()) {
            if (!names.contains(required)) {
                problems.add(Problem.error(rowPrefix + "row 1", required, "required column is missing"));
                ok = false;
            }
        }
        return ok;
    }

    public Table readJson(String text) {
        List<Object> array;
        try {
            array = Json.MAPPER.readValue(text, new TypeReference<List<Object>>() { });
        } catch (IOException | RuntimeException e) {
            return unreadable("cannot parse JSON (expected an array of entries): " + Reasons.of(e));
        }
        if (array == null) {
            return unreadable("cannot parse JSON (expected an array of entries)");
        }
        List<Problem> problems = new ArrayList<>();
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String location = rowPrefix + "entry " + (i + 1);
            if (!(array.get(i) instanceof Map<?, ?> object)) {
                problems.add(Problem.error(location, null, "not a JSON object"));
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            object.forEach((k, v) -> flatten(location, String.valueOf(k), v, values, problems));
            records.add(new Record(location, values));
        }
        return new Table(true, records, problems);
    }

    private void flatten(String location, String key, Object value, Map<String, Object> out, List<Problem> problems) {
        if (nestedObjects.contains(key) && value instanceof Map<?, ?> nested) {
            nested.forEach((k, v) -> {
                String name = String.valueOf(k);
                flatten(location, key + Character.toUpperCase(name.charAt(0)) + name.substring(1), v, out, problems);
            });
            return;
        }
        if (!columns.contains(key)) {
            problems.add(Problem.warning(location, key, "unknown field, ignored"));
            return;
        }
        if (value == null || (value instanceof String s && s.isBlank())) {
            return;
        }
        out.put(key, value instanceof List<?> || value instanceof Map<?, ?> ? value : String.valueOf(value));
    }

    private Table unreadable(String message) {
        return new Table(false, List.of(), List.of(Problem.error(fileLabel, null, message)));
    }
}
