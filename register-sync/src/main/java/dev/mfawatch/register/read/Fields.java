package dev.mfawatch.register.read;

import dev.mfawatch.model.register.HistoryEntry;
import dev.mfawatch.register.validate.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Typed access to one {@link Record}'s fields. A value that does not convert becomes a problem
 * naming the field and the field is remembered as bad, so the validator does not also call it
 * missing; the conversion returns null and reading carries on with the other fields.
 */
public final class Fields {

    private static final String HISTORY_SHAPE = "\"<ISO instant> <ACTION> <by> [- <note>]\"";

    private final Record record;
    private final List<Problem> problems;
    private final Set<String> bad = new HashSet<>();

    public Fields(Record record, List<Problem> problems) {
        this.record = record;
        this.problems = problems;
    }

    public String location() {
        return record.location();
    }

    public Set<String> bad() {
        return Set.copyOf(bad);
    }

    private void fail(String field, String message) {
        bad.add(field);
        problems.add(Problem.error(record.location(), field, message));
    }

    public String text(String field) {
        Object v = record.values().get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            fail(field, "expected text, not a list or object");
            return null;
        }
        return s.trim();
    }

    /** A list: a JSON array, or a CSV cell whose items are separated by {@code ;}. Blank items are dropped. */
    public List<String> list(String field) {
        Object v = record.values().get(field);
        if (v == null) {
            return List.of();
        }
        List<?> items = v instanceof List<?> l ? l : Arrays.asList(((String) v).split(";"));
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Map<?, ?>) {
                fail(field, "expected a list of text items");
                return List.of();
            }
            if (item != null && !String.valueOf(item).isBlank()) {
                out.add(String.valueOf(item).trim());
            }
        }
        return out;
    }

    public Instant instant(String field) {
        String t = text(field);
        if (t == null) {
            return null;
        }
        return Dates.parse(t).orElseGet(() -> {
            fail(field, "not an ISO-8601 date or instant: \"" + t + "\" " + Dates.HINT);
            return null;
        });
    }

    public Integer integer(String field) {
        String t = text(field);
        if (t == null) {
            return null;
        }
        try {
            return Integer.valueOf(t);
        } catch (NumberFormatException e) {
            fail(field, "not a whole number: \"" + t + "\"");
            return null;
        }
    }

    public Boolean bool(String field) {
        String t = text(field);
        if (t == null) {
            return null;
        }
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1" -> Boolean.TRUE;
            case "false", "no", "n", "0" -> Boolean.FALSE;
            default -> {
                fail(field, "expected true or false, not \"" + t + "\"");
                yield null;
            }
        };
    }

    /** Case-insensitive; {@code admin-exclusion} and {@code admin exclusion} read as {@code ADMIN_EXCLUSION}. */
    public <E extends Enum<E>> E enumValue(String field, Class<E> type) {
        String t = text(field);
        if (t == null) {
            return null;
        }
        String name = t.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        fail(field, "unknown value \"" + t + "\"; allowed: "
                + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        return null;
    }

    /**
     * History lines: in CSV {@code <ISO instant> <ACTION> <by>[ - <note>]} items separated by {@code ;};
     * in JSON either such strings or objects {@code {at, action, by, note}}.
     */
    public List<HistoryEntry> history(String field) {
        Object v = record.values().get(field);
        if (v == null) {
            return List.of();
        }
        List<?> items = v instanceof List<?> l ? l : Arrays.asList(((String) v).split(";"));
        List<HistoryEntry> out = new ArrayList<>();
        int n = 0;
        for (Object item : items) {
            if (item == null || (item instanceof String s && s.isBlank())) {
                continue;
            }
            n++;
            HistoryEntry h = item instanceof Map<?, ?> m ? historyObject(field, n, m) : historyLine(field, n, String.valueOf(item));
            if (h == null) {
                return List.of();
            }
            out.add(h);
        }
        return out;
    }

    private HistoryEntry historyLine(String field, int n, String line) {
        String head = line.trim();
        String note = null;
        int dash = head.indexOf(" - ");
        if (dash >= 0) {
            note = head.substring(dash + 3).trim();
            head = head.substring(0, dash).trim();
        }
        String[] parts = head.split("\\s+");
        if (parts.length != 3) {
            fail(field, "item " + n + " is not " + HISTORY_SHAPE);
            return null;
        }
        return historyEntry(field, n, parts[0], parts[1], parts[2], note);
    }

    private HistoryEntry historyObject(String field, int n, Map<?, ?> m) {
        Object at = m.get("at");
        Object action = m.get("action");
        Object by = m.get("by");
        Object note = m.get("note");
        if (at == null || action == null || by == null) {
            fail(field, "item " + n + " needs at, action and by");
            return null;
        }
        return historyEntry(field, n, String.valueOf(at), String.valueOf(action), String.valueOf(by),
                note == null ? null : String.valueOf(note));
    }

    private HistoryEntry historyEntry(String field, int n, String at, String action, String by, String note) {
        Instant when = Dates.parse(at).orElse(null);
        if (when == null) {
            fail(field, "item " + n + ": not an ISO-8601 date or instant: \"" + at + "\" " + Dates.HINT);
            return null;
        }
        return new HistoryEntry(when, action.toUpperCase(Locale.ROOT), by, note == null || note.isBlank() ? null : note);
    }
}
