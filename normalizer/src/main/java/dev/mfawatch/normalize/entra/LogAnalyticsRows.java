package dev.mfawatch.normalize.entra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mfawatch.model.Json;
import dev.mfawatch.normalize.MappingException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Log Analytics / Microsoft Sentinel rows of {@code SigninLogs}, {@code AADNonInteractiveUserSignInLogs},
 * {@code AADServicePrincipalSignInLogs}, {@code AADManagedIdentitySignInLogs} and {@code AuditLogs}
 * (the flattened PascalCase schema of the Azure Monitor Logs table reference), as the shared export
 * reader hands them over: one JSON object per CSV row (every value a string, dynamic columns as JSON
 * inside strings, empty strings for absent values) or per row of a KQL query API response (typed
 * values, dynamic columns as JSON or as strings).
 *
 * <p>A row is turned once into the Graph camelCase shape ({@code UserPrincipalName} to
 * {@code userPrincipalName}, {@code IPAddress} to {@code ipAddress}, the dynamic columns parsed) so the
 * normalizers keep one mapping. The few columns whose Graph name differs are renamed:
 * {@code TimeGenerated} to the envelope's {@code time}, {@code LocationDetails} to {@code location} (the
 * {@code Location} country string stays as the fallback), {@code ConditionalAccessPolicies} to
 * {@code appliedConditionalAccessPolicies}, the table name in {@code Type} to the diagnostic
 * {@code category} when {@code Category} is absent, and {@code ConditionalAccessStatus} 0/1/2/3 to its
 * Graph names.
 */
final class LogAnalyticsRows {

    /** Columns only a Log Analytics row has at the top level; Graph and Azure Monitor use camelCase. */
    private static final String[] MARKERS = {"TimeGenerated", "CreatedDateTime", "ActivityDateTime"};

    /**
     * Dynamic columns the mapping reads (JSON inside a string in a CSV export). The conditional access
     * policies are not among them: they are most of a row's bytes and only read when
     * AuthenticationRequirement is missing, so the sign-in mapping parses them on demand
     * ({@link #array(JsonNode, String)}).
     */
    private static final Set<String> DYNAMIC = Set.of("AuthenticationDetails", "MfaDetail", "Status", "LocationDetails",
            "DeviceDetail", "InitiatedBy", "TargetResources", "AdditionalDetails",
            "SignInEventTypes");

    private static final Map<String, String> RENAMED = Map.of(
            "TimeGenerated", "time",
            "LocationDetails", "location",
            "ConditionalAccessPolicies", "appliedConditionalAccessPolicies");

    /** Log Analytics table name to the Azure Monitor diagnostic category of the same records. */
    private static final Map<String, String> CATEGORIES = Map.of(
            "SigninLogs", "SignInLogs",
            "AADNonInteractiveUserSignInLogs", "NonInteractiveUserSignInLogs",
            "AADServicePrincipalSignInLogs", "ServicePrincipalSignInLogs",
            "AADManagedIdentitySignInLogs", "ManagedIdentitySignInLogs",
            "AuditLogs", "AuditLogs");

    private static final String[] CA_STATUS = {"success", "failure", "notApplied", "unknownFutureValue"};

    private LogAnalyticsRows() {
    }

    /** Cheap: at most three hash lookups on the top-level object, none of which a Graph or Azure Monitor record has. */
    static boolean isRow(JsonNode event) {
        for (String m : MARKERS) {
            if (event.has(m)) {
                return true;
            }
        }
        return false;
    }

    /** The row in Graph shape, or the event itself when it is not a Log Analytics row. */
    static JsonNode toGraph(JsonNode event) {
        if (!event.isObject() || !isRow(event)) {
            return event;
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        String location = null;
        String table = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String column = f.getKey();
            JsonNode value = f.getValue();
            if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
                continue; // empty cells mean absent
            }
            switch (column) {
                case "Location" -> location = value.asText();
                case "Type" -> table = value.asText();
                case "ConditionalAccessStatus" -> out.set("conditionalAccessStatus", caStatus(value));
                default -> {
                    String name = RENAMED.getOrDefault(column, camel(column));
                    JsonNode seen = out.get(name);
                    // SigninLogs has both ConditionalAccessPolicies and AppliedConditionalAccessPolicies: keep a non-empty list.
                    if (seen == null || (seen.isContainerNode() ? seen.isEmpty() : "[]".equals(seen.asText().trim()))) {
                        out.set(name, DYNAMIC.contains(column) ? dynamic(value, column) : value);
                    }
                }
            }
        }
        if (location != null && !out.has("location")) {
            out.put("location", location);
        }
        if (!out.has("category") && table != null) {
            out.put("category", CATEGORIES.getOrDefault(table, table));
        }
        return out;
    }

    /** {@code UserPrincipalName} → {@code userPrincipalName}, {@code IPAddress} → {@code ipAddress}, {@code Id} → {@code id}. */
    static String camel(String column) {
        int upper = 0;
        while (upper < column.length() && Character.isUpperCase(column.charAt(upper))) {
            upper++;
        }
        if (upper == 0) {
            return column;
        }
        // A leading acronym is lower-cased up to the capital that starts the next word.
        int cut = upper == 1 || upper == column.length() ? upper : upper - 1;
        return column.substring(0, cut).toLowerCase(java.util.Locale.ROOT) + column.substring(cut);
    }

    private static JsonNode dynamic(JsonNode value, String column) {
        if (!value.isTextual()) {
            return value; // a KQL API export already writes dynamic columns as JSON
        }
        String s = value.textValue().trim();
        if (!(s.startsWith("{") || s.startsWith("["))) {
            return value;
        }
        try {
            return Json.MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
            throw MappingException.invalid(column, "JSON (a Log Analytics dynamic column)");
        }
    }

    /**
     * The elements of an array field that may still be a Log Analytics dynamic column in its string
     * form; parsed here, when (and only when) the mapping needs it.
     */
    static List<JsonNode> array(JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (n != null && n.isTextual()) {
            n = dynamic(n, field);
        }
        List<JsonNode> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(out::add);
        }
        return out;
    }

    /** Log Analytics writes the enum as its name or, in some exports, as its ordinal. */
    private static JsonNode caStatus(JsonNode value) {
        String s = value.asText().trim();
        if (s.length() == 1 && s.charAt(0) >= '0' && s.charAt(0) <= '3') {
            return TextNode.valueOf(CA_STATUS[s.charAt(0) - '0']);
        }
        return value;
    }
}
