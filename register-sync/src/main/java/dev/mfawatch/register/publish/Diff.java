package dev.mfawatch.register.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What to write so that a compacted topic holding {@code current} ends up holding {@code desired}.
 *
 * @param changes   upserts for new and changed keys, then tombstones for keys gone from the source
 * @param unchanged keys whose published value already equals the desired one
 */
public record Diff<V>(List<Change<V>> changes, int unchanged) {

    public Diff {
        changes = List.copyOf(changes);
    }

    /**
     * @param current  what the topic holds now (a value that could not be decoded is null: it is rewritten or removed)
     * @param desired  what it should hold, in publishing order
     * @param keep     keys that must not be tombstoned although they are not desired (entries that are
     *                 invalid in this edit keep their last good version)
     */
    public static <V> Diff<V> of(Map<String, V> current, Set<String> currentKeys, Map<String, V> desired, Set<String> keep) {
        List<Change<V>> changes = new ArrayList<>();
        int unchanged = 0;
        for (Map.Entry<String, V> d : desired.entrySet()) {
            if (!currentKeys.contains(d.getKey())) {
                changes.add(new Change<>(d.getKey(), d.getValue(), Change.Kind.ADD));
            } else if (!Objects.equals(current.get(d.getKey()), d.getValue())) {
                changes.add(new Change<>(d.getKey(), d.getValue(), Change.Kind.UPDATE));
            } else {
                unchanged++;
            }
        }
        for (String key : currentKeys) {
            if (!desired.containsKey(key) && !keep.contains(key)) {
                changes.add(new Change<>(key, null, Change.Kind.REMOVE));
            }
        }
        return new Diff<>(changes, unchanged);
    }

    public int upserts() {
        return (int) changes.stream().filter(c -> !c.tombstone()).count();
    }

    public int tombstones() {
        return (int) changes.stream().filter(Change::tombstone).count();
    }
}
