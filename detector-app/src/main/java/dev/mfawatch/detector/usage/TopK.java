package dev.mfawatch.detector.usage;

import dev.mfawatch.model.usage.ExceptionUsage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The most frequent values of one dimension in at most {@code capacity} counters (Space-Saving,
 * Metwally et al. 2005): a value already counted is incremented; a new one takes a free counter, or
 * else replaces the least counted value and inherits its count plus one. So memory is bounded whatever
 * the traffic, every value seen at least {@code total / capacity} times is kept, and a count is exact
 * until the first replacement and afterwards overstates by at most the count it inherited
 * ({@code error}). Values are few (tens), so a linear scan beats any index.
 */
final class TopK {

    private static final Comparator<Entry> MOST_FIRST = Comparator.comparingLong((Entry e) -> e.count).reversed()
            .thenComparing(e -> e.value);

    static final class Entry {
        final String value;
        long count;
        long error;

        Entry(String value, long count, long error) {
            this.value = value;
            this.count = count;
            this.error = error;
        }
    }

    private final int capacity;
    private final List<Entry> entries;

    TopK(int capacity) {
        this.capacity = capacity;
        this.entries = new ArrayList<>(Math.min(capacity, 8));
    }

    void add(String value) {
        if (value == null) {
            return;
        }
        Entry min = null;
        for (Entry e : entries) {
            if (e.value.equals(value)) {
                e.count++;
                return;
            }
            // The least counted, ties to the greatest value: deterministic whatever the list order.
            if (min == null || e.count < min.count || e.count == min.count && e.value.compareTo(min.value) > 0) {
                min = e;
            }
        }
        if (entries.size() < capacity) {
            entries.add(new Entry(value, 1, 0));
            return;
        }
        entries.remove(min);
        entries.add(new Entry(value, min.count + 1, min.count));
    }

    int size() {
        return entries.size();
    }

    /** Most frequent first, ties by value. */
    List<ExceptionUsage.Count> counts() {
        return entries.stream().sorted(MOST_FIRST).map(e -> new ExceptionUsage.Count(e.value, e.count)).toList();
    }

    void write(DataOutputStream out) throws IOException {
        out.writeShort(entries.size());
        for (Entry e : entries) {
            out.writeUTF(e.value);
            out.writeLong(e.count);
            out.writeLong(e.error);
        }
    }

    static TopK read(DataInputStream in, int capacity) throws IOException {
        TopK t = new TopK(capacity);
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            t.entries.add(new Entry(in.readUTF(), in.readLong(), in.readLong()));
        }
        // A smaller capacity than when written (a new build): keep the most frequent.
        if (t.entries.size() > capacity) {
            t.entries.sort(MOST_FIRST);
            t.entries.subList(capacity, t.entries.size()).clear();
        }
        return t;
    }
}
