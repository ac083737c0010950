package dev.mfawatch.normalize.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfawatch.model.Json;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one set of rules that splits a provider document into its events, used by the live
 * {@code idp.raw.*} records and by every file reader alike, so that a file and its records on a
 * topic yield the same events:
 * <ul>
 *   <li>a JSON array: each element;</li>
 *   <li>an object holding an array under one of {@link #KEYS}: Microsoft Graph list pages
 *       ({@code value}), Azure Monitor / Event Hub batches ({@code records}), CloudTrail log files
 *       ({@code Records}), Google Reports API pages ({@code items});</li>
 *   <li>a Log Analytics query API response ({@code {"tables":[{"columns":[…],"rows":[…]}]}}): each
 *       row becomes one object keyed by column name;</li>
 *   <li>anything else is one event. A Google activity's {@code events} are not an envelope: the
 *       activity is the event and its normalizer reads them.</li>
 * </ul>
 * Nesting (an array of batches) is followed to {@link #MAX_DEPTH} levels, as deep as exports go.
 */
public final class Envelopes {

    /** Keys whose array value holds the events of an envelope object. */
    public static final Set<String> KEYS = Set.of("value", "records", "Records", "items");
    /** The key of a Log Analytics query API response. */
    public static final String TABLES = "tables";
    public static final int MAX_DEPTH = 3;

    private Envelopes() {
    }

    /** Calls {@code event} with each event of {@code node}, in document order. */
    public static void split(JsonNode node, Consumer<JsonNode> event) {
        split(node, event, 0);
    }

    private static void split(JsonNode node, Consumer<JsonNode> event, int depth) {
        if (depth < MAX_DEPTH) {
            if (node.isArray()) {
                node.forEach(e -> split(e, event, depth + 1));
                return;
            }
            if (node.isObject()) {
                JsonNode list = envelopeList(node);
                if (list != null) {
                    list.forEach(e -> split(e, event, depth + 1));
                    return;
                }
                if (isTables(node.get(TABLES))) {
                    rows(node.get(TABLES)).forEach(event);
                    return;
                }
            }
        }
        event.accept(node);
    }

    /** The array of an envelope object, or null when the object is an event. */
    static JsonNode envelopeList(JsonNode object) {
        for (String key : KEYS) {
            JsonNode list = object.get(key);
            if (list != null && list.isArray()) {
                return list;
            }
        }
        return null;
    }

    /** True for the {@code tables} of a query API response: an array of {columns[], rows[]} objects. */
    static boolean isTables(JsonNode tables) {
        if (tables == null || !tables.isArray() || tables.isEmpty()) {
            return false;
        }
        for (JsonNode t : tables) {
            if (!t.path("columns").isArray() || !t.path("rows").isArray()) {
                return false;
            }
        }
        return true;
    }

    /** Each row of each table as an object keyed by column name; null cells are left out. */
    static List<JsonNode> rows(JsonNode tables) {
        java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode t : tables) {
            JsonNode columns = t.get("columns");
            for (JsonNode row : t.get("rows")) {
                ObjectNode o = Json.MAPPER.createObjectNode();
                for (int i = 0; i < columns.size() && i < row.size(); i++) {
                    JsonNode value = row.get(i);
                    String name = columns.get(i).path("name").asText("");
                    if (!name.isEmpty() && value != null && !value.isNull()) {
                        o.set(name, value);
                    }
                }
                out.add(o);
            }
        }
        return out;
    }
}
