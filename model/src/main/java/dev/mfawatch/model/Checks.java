package dev.mfawatch.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Constructor checks shared by the records; messages name the field. */
public final class Checks {

    private Checks() {
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    public static String requiredText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    public static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    public static <K, V> Map<K, V> map(Map<K, V> value) {
        return value == null ? Map.of() : Map.copyOf(value);
    }

    /** Principal ids are compared lower-cased: UPNs, e-mails and ARNs differ only in case across sources. */
    public static String principalId(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }

    public static List<String> principalIds(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank())
                .map(Checks::principalId).distinct().toList();
    }
}
