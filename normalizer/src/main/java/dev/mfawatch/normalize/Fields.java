package dev.mfawatch.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Null-safe reads from a parsed provider event, for the mappers only (no {@link JsonNode} leaves
 * the normalizers). A key missing under its documented spelling is also looked up lower-cased,
 * because some pipelines (Panther) lower-case top-level keys such as {@code eventType}.
 * Blank strings read as null. A container where a scalar is expected is an {@code invalid_field}.
 */
public final class Fields {

    private static final int LOWER_NAMES_MAX = 4096;
    private static final Map<String, String> LOWER_NAMES = new ConcurrentHashMap<>();

    private Fields() {
    }

    /** The child node, or null when missing or JSON null. */
    public static JsonNode get(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode child = node.get(name);
        if (child == null) {
            String lower = lowerName(name);
            if (lower != name) {
                child = node.get(lower);
            }
        }
        return child == null || child.isNull() || child.isMissingNode() ? null : child;
    }

    /**
     * The lower-cased spelling of a field name, the name itself when it has no upper-case letter.
     * Mappers ask for the same few dozen names on every event, most of them absent from most shapes:
     * remembered (up to {@link #LOWER_NAMES_MAX}) instead of lower-cased again each time.
     */
    private static String lowerName(String name) {
        String lower = LOWER_NAMES.get(name);
        if (lower == null) {
            lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals(name)) {
                lower = name;
            }
            if (LOWER_NAMES.size() < LOWER_NAMES_MAX) {
                LOWER_NAMES.put(name, lower);
            }
        }
        return lower;
    }

    public static JsonNode path(JsonNode node, String... names) {
        JsonNode current = node;
        for (String name : names) {
            current = get(current, name);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    public static JsonNode object(JsonNode node, String... names) {
        JsonNode n = path(node, names);
        return n != null && n.isObject() ? n : null;
    }

    public static List<JsonNode> array(JsonNode node, String... names) {
        JsonNode n = path(node, names);
        if (n == null || !n.isArray()) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>(n.size());
        ((ArrayNode) n).forEach(out::add);
        return out;
    }

    /** A scalar as text (numbers and booleans too); null when missing or blank. */
    public static String text(JsonNode node, String... names) {
        JsonNode n = path(node, names);
        if (n == null) {
            return null;
        }
        if (n.isContainerNode()) {
            throw MappingException.invalid(String.join(".", names), "a string");
        }
        String s = n.asText();
        return s == null || s.isBlank() ? null : s;
    }

    /** Like {@link #text} but a container reads as null: for fields whose meaning differs between shapes. */
    public static String scalar(JsonNode node, String... names) {
        JsonNode n = path(node, names);
        return n == null || n.isContainerNode() || n.asText().isBlank() ? null : n.asText();
    }

    public static String requiredText(JsonNode node, String... names) {
        String s = text(node, names);
        if (s == null) {
            throw MappingException.missing(String.join(".", names));
        }
        return s;
    }

    /** First non-null of several alternatives. */
    public static String firstText(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /** A boolean, or a "true"/"false"/"yes"/"no" string in any case; null when missing or other. */
    public static Boolean bool(JsonNode node, String... names) {
        JsonNode n = path(node, names);
        if (n == null) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual()) {
            String s = n.textValue().trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("yes")) {
                return true;
            }
            if (s.equals("false") || s.equals("no")) {
                return false;
            }
        }
        return null;
    }

    /**
     * A number, or a string holding one; null when missing or blank. A value that is present but no
     * finite number ({@code "north"}, {@code true}, {@code 1e400}) reads as NaN rather than null, so
     * the shared sign-in check ({@code geo.NetworkSanitizer}) counts it as dropped instead of it
     * vanishing silently.
     */
    public static Double number(JsonNode node, String... names) {
        JsonNode n = path(node, names);
        if (n == null) {
            return null;
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            if (n.textValue().isBlank()) {
                return null;
            }
            try {
                return Double.parseDouble(n.textValue().trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** Strings of an array (scalars only); an empty list when missing. A single string reads as one. */
    public static List<String> texts(JsonNode node, String... names) {
        JsonNode n = path(node, names);
        if (n == null) {
            return List.of();
        }
        if (n.isValueNode()) {
            String s = n.asText();
            return s.isBlank() ? List.of() : List.of(s);
        }
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            for (JsonNode e : n) {
                if (e.isValueNode() && !e.isNull() && !e.asText().isBlank()) {
                    out.add(e.asText());
                }
            }
        }
        return out;
    }

    /** Lower-cased, or null. */
    public static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    public static boolean containsIgnoreCase(String haystack, String needle) {
        if (haystack == null) {
            return false;
        }
        if (isAscii(haystack) && isAscii(needle)) {
            // Without the two lower-cased copies (user agents are long); for ASCII text the same answer.
            if (needle.isEmpty()) {
                return true;
            }
            char lower = Character.toLowerCase(needle.charAt(0));
            char upper = Character.toUpperCase(needle.charAt(0));
            for (int i = 0, last = haystack.length() - needle.length(); i <= last; i++) {
                char c = haystack.charAt(i);
                if ((c == lower || c == upper) && haystack.regionMatches(true, i, needle, 0, needle.length())) {
                    return true;
                }
            }
            return false;
        }
        // Beyond ASCII, lower-casing may change lengths or map to ASCII (U+212A KELVIN SIGN is 'k'): as before.
        return haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
