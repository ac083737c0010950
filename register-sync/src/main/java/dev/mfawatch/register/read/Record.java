package dev.mfawatch.register.read;

import java.util.Map;

/**
 * One row of a CSV file or one object of a JSON array, flattened to field name → value. Values
 * are Strings (CSV cells, JSON scalars) or Lists (JSON arrays, whose items may be maps).
 *
 * @param location how the user finds it: {@code row N} (CSV, header = row 1) or {@code entry N} (JSON, 1-based)
 */
public record Record(String location, Map<String, Object> values) {
}
