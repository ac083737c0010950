package dev.mfawatch.detector.alerting;

import dev.mfawatch.detector.state.DueIndex;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One principal's entry in {@value DetectionProcessor#STORE}: every stateful rule's state, each in
 * that rule's own codec bytes, framed by the rule's id, and the earliest time any of them can change
 * on its own (its wake time, which names its entry in the due index).
 *
 * <pre>
 * version (1) | wake time, epoch ms (8, big-endian; {@link DueIndex#NONE} when none)
 * then per rule with state: id length (1) | id (UTF-8) | state length (unsigned varint) | state
 * </pre>
 *
 * A part whose id names no configured rule (a rule removed or renamed) is dropped on the next write.
 * Mutable working copy for one event or one sweep of one principal; not thread-safe.
 */
public final class PrincipalRecord {

    static final byte VERSION = 1;
    private static final int HEADER = 1 + Long.BYTES;

    private final byte[] stored;
    private final long storedWake;
    private final byte[][] parts;
    private boolean changed;
    private long wake = DueIndex.NONE;

    private PrincipalRecord(byte[] stored, long storedWake, byte[][] parts, boolean changed) {
        this.stored = stored;
        this.storedWake = storedWake;
        this.parts = parts;
        this.changed = changed;
    }

    /** The rule ids as framed, in slot order; each at most 255 bytes. */
    static byte[][] ids(List<String> ruleIds) {
        byte[][] ids = new byte[ruleIds.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ruleIds.get(i).getBytes(StandardCharsets.UTF_8);
            if (ids[i].length > 255) {
                throw new IllegalArgumentException("rule id longer than 255 bytes: " + ruleIds.get(i));
            }
        }
        return ids;
    }

    /** The principal's record as stored ({@code bytes} null when none), its parts placed by rule slot. */
    static PrincipalRecord read(byte[] bytes, byte[][] ids) {
        byte[][] parts = new byte[ids.length][];
        if (bytes == null) {
            return new PrincipalRecord(null, DueIndex.NONE, parts, false);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.get() != VERSION) {
            throw new IllegalArgumentException("principal state: unknown version");
        }
        long wake = b.getLong();
        boolean dropped = false;
        while (b.hasRemaining()) {
            int idLength = Byte.toUnsignedInt(b.get());
            int idAt = b.position();
            b.position(idAt + idLength);
            int length = readVarint(b);
            int at = b.position();
            b.position(at + length);
            int slot = slot(ids, bytes, idAt, idLength);
            if (slot < 0 || parts[slot] != null) {
                dropped = true; // a rule no longer configured: its state goes with the next write
            } else {
                parts[slot] = Arrays.copyOfRange(bytes, at, at + length);
            }
        }
        return new PrincipalRecord(bytes, wake, parts, dropped);
    }

    private static int slot(byte[][] ids, byte[] bytes, int from, int length) {
        for (int i = 0; i < ids.length; i++) {
            if (Arrays.equals(ids[i], 0, ids[i].length, bytes, from, from + length)) {
                return i;
            }
        }
        return -1;
    }

    /** The rule's state bytes in slot {@code slot}, null when it has none. */
    byte[] part(int slot) {
        return parts[slot];
    }

    /** Sets a rule's state bytes (null: none) and, when it has state, the time it may next change on its own. */
    void set(int slot, byte[] state, long wakeMs) {
        if (!Arrays.equals(parts[slot], state)) {
            parts[slot] = state;
            changed = true;
        }
        if (state != null) {
            wake = Math.min(wake, wakeMs);
        }
    }

    /** The rule in {@code slot} failed: its state stays, and its wake time is taken as the stored one (never later). */
    void keep(int slot) {
        if (parts[slot] != null) {
            wake = Math.min(wake, storedWake);
        }
    }

    byte[] stored() {
        return stored;
    }

    long storedWake() {
        return storedWake;
    }

    /** The wake time from the parts set (or kept) since reading. */
    long wake() {
        return wake;
    }

    boolean changed() {
        return changed;
    }

    boolean empty() {
        for (byte[] p : parts) {
            if (p != null) {
                return false;
            }
        }
        return true;
    }

    byte[] encode(byte[][] ids, long wakeMs) {
        int size = HEADER;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != null) {
                size += 1 + ids[i].length + varintSize(parts[i].length) + parts[i].length;
            }
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(VERSION).putLong(wakeMs);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != null) {
                b.put((byte) ids[i].length).put(ids[i]);
                writeVarint(b, parts[i].length);
                b.put(parts[i]);
            }
        }
        return b.array();
    }

    /** The wake time a stored record names (its entry in the due index). */
    public static long wakeOf(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.get() != VERSION) {
            throw new IllegalArgumentException("principal state: unknown version");
        }
        return b.getLong();
    }

    /** The state bytes of rule {@code ruleId} in a stored record, null when it has none (tests, tools). */
    public static byte[] part(byte[] bytes, String ruleId) {
        byte[][] ids = ids(List.of(ruleId));
        return read(bytes, ids).parts[0];
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static void writeVarint(ByteBuffer b, int v) {
        while ((v & ~0x7F) != 0) {
            b.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        b.put((byte) v);
    }

    private static int readVarint(ByteBuffer b) {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int x = Byte.toUnsignedInt(b.get());
            v |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("principal state: bad length");
    }
}
