package dev.mfawatch.normalize.google;

import static dev.mfawatch.normalize.Fields.firstText;
import static dev.mfawatch.normalize.Fields.get;
import static dev.mfawatch.normalize.Fields.object;
import static dev.mfawatch.normalize.Fields.text;
import static dev.mfawatch.normalize.Fields.texts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.normalize.MappingException;
import dev.mfawatch.normalize.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Google Workspace activity, whatever shape carried it:
 * <ul>
 *   <li>Reports API {@code activity}: {@code id{time, uniqueQualifier, applicationName}}, {@code actor},
 *       {@code ipAddress}, {@code events} as an array, or as a single object when a shipper split the
 *       array (Elastic's input does), or a single {@code event} object (Splunk's add-on);</li>
 *   <li>an event flattened onto the activity ({@code name}, {@code parameters} at the top, as Panther
 *       stores them);</li>
 *   <li>a Cloud Logging entry of the Workspace audit log (also what a Pub/Sub or BigQuery sink of it
 *       holds as JSON): {@code protoPayload{authenticationInfo.principalEmail, requestMetadata.callerIp,
 *       serviceName, metadata{activityId{timeUsec, uniqQualifier}, event[]{eventName, parameter[]}}}}
 *       and {@code timestamp}.</li>
 * </ul>
 * The event time is the activity's own: {@code id.time} (or Panther's {@code p_event_time}, parsed from
 * it), or Cloud Logging's {@code activityId.timeUsec} / {@code timestamp}. Ingestion times
 * ({@code @timestamp}, {@code event.created}, {@code receiveTimestamp}) are never read: Google reports
 * arrive hours late, so they would misplace every sign-in.
 */
record Activity(JsonNode root, JsonNode audit, String qualifier, String application, String email,
                String profileId, String callerType, String ip, List<Event> events) {

    /** One event of an activity: its name and its parameters by name (repeated values in order). */
    record Event(String name, Map<String, List<String>> params) {

        String first(String param) {
            List<String> v = params.get(param);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        List<String> all(String param) {
            return params.getOrDefault(param, List.of());
        }

        Boolean bool(String param) {
            String v = first(param);
            return v == null ? null : v.equalsIgnoreCase("true") ? Boolean.TRUE
                    : v.equalsIgnoreCase("false") ? Boolean.FALSE : null;
        }
    }

    /** The activity's id without reading its events (for the reference of a failure). */
    static String qualifier(JsonNode record) {
        JsonNode audit = object(record, "protoPayload");
        return audit != null && object(audit, "metadata") != null
                ? firstText(text(audit, "metadata", "activityId", "uniqQualifier"), text(record, "insertId"))
                : text(record, "id", "uniqueQualifier");
    }

    static Activity of(JsonNode record) {
        JsonNode audit = object(record, "protoPayload");
        return audit != null && object(audit, "metadata") != null ? cloudLogging(record, audit) : reports(record);
    }

    private static Activity reports(JsonNode a) {
        List<Event> events = new ArrayList<>();
        JsonNode list = firstNonNull(get(a, "events"), eventObject(get(a, "event")));
        if (list != null && list.isArray()) {
            list.forEach(e -> events.add(event(e, "name", "parameters")));
        } else if (list != null && list.isObject()) {
            events.add(event(list, "name", "parameters"));
        } else if (text(a, "name") != null) {
            events.add(event(a, "name", "parameters"));
        }
        return new Activity(a, null, text(a, "id", "uniqueQualifier"), text(a, "id", "applicationName"),
                text(a, "actor", "email"), text(a, "actor", "profileId"), text(a, "actor", "callerType"),
                text(a, "ipAddress"), events);
    }

    /** Splunk's single {@code event}; an ECS {@code event} object (kind, category…) has no name and is not one. */
    private static JsonNode eventObject(JsonNode event) {
        return event != null && event.isObject() && text(event, "name") != null ? event : null;
    }

    private static Activity cloudLogging(JsonNode record, JsonNode audit) {
        JsonNode md = object(audit, "metadata");
        List<Event> events = new ArrayList<>();
        JsonNode list = get(md, "event");
        if (list != null && list.isArray()) {
            list.forEach(e -> events.add(event(e, "eventName", "parameter")));
        } else if (list != null && list.isObject()) {
            events.add(event(list, "eventName", "parameter"));
        }
        String service = text(audit, "serviceName");
        String app = service == null ? null : service.split("\\.", 2)[0];
        return new Activity(record, audit, qualifier(record), app, text(audit, "authenticationInfo", "principalEmail"),
                null, null, firstText(text(audit, "requestMetadata", "callerIp"), text(audit, "requestMetadata", "callerIP")),
                events);
    }

    Instant time() {
        if (audit != null) {
            String usec = text(audit, "metadata", "activityId", "timeUsec");
            if (usec != null) {
                long micros = Long.parseLong(usec.trim());
                return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
            }
            return Times.parse(text(root, "timestamp"), "timestamp");
        }
        String time = firstText(text(root, "id", "time"), text(root, "p_event_time"));
        if (time == null) {
            throw MappingException.missing("id.time");
        }
        return Times.parse(time, "id.time");
    }

    private static Event event(JsonNode e, String nameKey, String paramsKey) {
        return new Event(e.isObject() ? text(e, nameKey) : null, parameters(get(e, paramsKey)));
    }

    /**
     * Reports API {@code parameters[]{name, value|boolValue|intValue|multiValue|multiIntValue}}, Cloud
     * Logging {@code parameter[]{name, value|boolValue|intValue|multiStrValue|multiIntValue}}, or a
     * flattened {@code {name: value}} map.
     */
    private static Map<String, List<String>> parameters(JsonNode params) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (params == null) {
            return out;
        }
        if (params.isArray()) {
            for (JsonNode p : params) {
                String name = text(p, "name");
                if (name == null) {
                    continue;
                }
                List<String> values = new ArrayList<>();
                for (String key : VALUE_KEYS) {
                    values.addAll(texts(p, key));
                }
                out.put(name, values);
            }
        } else if (params.isObject()) {
            params.properties().forEach(f -> out.put(f.getKey(), texts(f.getValue())));
        }
        return out;
    }

    private static final List<String> VALUE_KEYS = List.of("value", "boolValue", "intValue", "multiValue",
            "multiStrValue", "multiIntValue");

    private static JsonNode firstNonNull(JsonNode a, JsonNode b) {
        return a != null ? a : b;
    }
}
