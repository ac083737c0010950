package dev.mfawatch.register.publish;

/** One record to write: an upsert (value present) or a tombstone (value null). */
public record Change<V>(String key, V value, Kind kind) {

    public enum Kind { ADD, UPDATE, REMOVE }

    public boolean tombstone() {
        return kind == Kind.REMOVE;
    }

    /** A line for {@code --dry-run} and logs: the key only, never the payload. */
    public String describe(String topic) {
        return switch (kind) {
            case ADD -> "add " + key + " to " + topic;
            case UPDATE -> "update " + key + " on " + topic;
            case REMOVE -> "remove " + key + " from " + topic + " (tombstone)";
        };
    }
}
