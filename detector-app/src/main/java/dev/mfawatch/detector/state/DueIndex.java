package dev.mfawatch.detector.state;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * What falls due when, so a stream-time sweep reads only what is due instead of every entry of a
 * store: one empty-valued entry per (time, id), keyed by the time in epoch millis (big-endian, sign
 * bit flipped so the bytes sort like the signed number) followed by the id's bytes. A range scan from
 * the start to {@code now} returns exactly the entries due by {@code now}, oldest first; both RocksDB
 * and the heap store order keys as unsigned bytes. Changelogged like any store, so a restore rebuilds it.
 *
 * <p>The owner keeps each id's current time in its own record and calls {@link #move} when it
 * changes, so an id has at most one entry.
 */
public final class DueIndex {

    /** No time: the id has nothing that can fall due (no entry). */
    public static final long NONE = Long.MAX_VALUE;

    private static final byte[] EMPTY = new byte[0];
    private static final int TIME_BYTES = Long.BYTES;

    private final KeyValueStore<Bytes, byte[]> store;

    public DueIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /**
     * The index's store: always on the heap (about 100 bytes per indexed principal), changelogged as
     * {@code kind} says. On RocksDB every event that moves a principal's wake time deletes a key near
     * the front of the range each sweep scans; with the memtable flushes of every commit that made
     * exactly-once throughput 3× lower and alert latency tails seconds long (issue 12's bench).
     */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> builder(String name, StoreKind kind) {
        return new StoreKind(true, kind.changelogged()).keyValue(name, Serdes.Bytes(), Serdes.ByteArray());
    }

    /** One due entry: its time and the id it names. */
    public record Due(long atMs, byte[] id) {
    }

    /** Moves {@code id} from time {@code fromMs} to {@code toMs}; either may be {@link #NONE} (no entry). */
    public void move(byte[] id, long fromMs, long toMs) {
        if (fromMs == toMs) {
            return;
        }
        if (fromMs != NONE) {
            store.delete(key(fromMs, id));
        }
        if (toMs != NONE) {
            store.put(key(toMs, id), EMPTY);
        }
    }

    /** Every entry due at or before {@code nowMs}, oldest first (then by id bytes). */
    public List<Due> dueBy(long nowMs) {
        List<Due> due = new ArrayList<>();
        if (nowMs == Long.MIN_VALUE) {
            return due;
        }
        // The upper bound is inclusive: the bare time prefix of nowMs + 1 sorts before every key at that time.
        try (KeyValueIterator<Bytes, byte[]> it = store.range(prefix(Long.MIN_VALUE), prefix(nowMs + 1))) {
            while (it.hasNext()) {
                byte[] k = it.next().key.get();
                if (k.length < TIME_BYTES) {
                    continue; // not an index key
                }
                long at = timeOf(k);
                if (at <= nowMs) {
                    due.add(new Due(at, Arrays.copyOfRange(k, TIME_BYTES, k.length)));
                }
            }
        }
        return due;
    }

    /** True when the index holds no entry at all (a store written before the index existed, or a fresh one). */
    public boolean isEmpty() {
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            return !it.hasNext();
        }
    }

    /** Adds the entry without removing any (rebuilding an index from its owner's records). */
    public void add(byte[] id, long atMs) {
        move(id, NONE, atMs);
    }

    /** For tests: every entry, in index order. */
    public List<KeyValue<Long, byte[]>> entries() {
        List<KeyValue<Long, byte[]>> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                byte[] k = it.next().key.get();
                out.add(KeyValue.pair(timeOf(k), Arrays.copyOfRange(k, TIME_BYTES, k.length)));
            }
        }
        return out;
    }

    static Bytes key(long atMs, byte[] id) {
        return Bytes.wrap(ByteBuffer.allocate(TIME_BYTES + id.length).putLong(atMs ^ Long.MIN_VALUE).put(id).array());
    }

    private static Bytes prefix(long atMs) {
        return Bytes.wrap(ByteBuffer.allocate(TIME_BYTES).putLong(atMs ^ Long.MIN_VALUE).array());
    }

    private static long timeOf(byte[] key) {
        return ByteBuffer.wrap(key, 0, TIME_BYTES).getLong() ^ Long.MIN_VALUE;
    }

    /**
     * The first whole millisecond at or after {@code t} (a sweep's time is whole milliseconds, so an entry
     * at that millisecond is due exactly when {@code t} is); far past and far future saturate.
     */
    public static long ceilMillis(Instant t) {
        if (t.getEpochSecond() <= Long.MIN_VALUE / 1000 + 1) {
            return Long.MIN_VALUE;
        }
        if (t.getEpochSecond() >= Long.MAX_VALUE / 1000 - 1) {
            return NONE;
        }
        long ms = t.getEpochSecond() * 1000 + t.getNano() / 1_000_000;
        return t.getNano() % 1_000_000 == 0 ? ms : ms + 1;
    }
}
