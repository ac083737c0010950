package dev.mfawatch.detector.resets;

import dev.mfawatch.detector.rules.StatefulDetector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One principal's MFA_RESET_ABUSE state: what its recent successful sign-ins came from ({@link Seen}: kind,
 * hash of the value, last seen; 9 bytes, at most {@value #PER_KIND} per kind), its recent resets by someone
 * else ({@link Reset}: first and last record of one reset, hashes of its actor and correlation id; 16 bytes,
 * at most the repeat threshold), when REPEATED_RESET last fired, and the reset still waiting for a
 * takeover ({@link Pending}, with its actor's id for the alert). A principal that signs in from one place on
 * one device holds 2 + 4 × 9 + 1 + 4 + 1 = 44 bytes.
 */
public record ResetState(List<Seen> seen, List<Reset> resets, long repeatFiredSecond, Pending pending) {

    private static final byte VERSION = 1;
    /** Values remembered per kind (the most recently seen): users have one or two of each. */
    static final int PER_KIND = 4;
    static final int MAX_ACTOR_BYTES = 128;

    public enum Kind { COUNTRY, IP_PREFIX, DEVICE, USER_AGENT }

    public ResetState {
        seen = List.copyOf(seen);
        resets = List.copyOf(resets);
    }

    public record Seen(byte kind, int hash, long lastSecond) {
    }

    public record Reset(long firstSecond, long lastSecond, int actorHash, int correlationHash) {
    }

    /** A reset by someone else still inside the chain window: its time, operation ordinal, who did it. */
    public record Pending(long second, byte operation, String performedBy, String actor) {
    }

    boolean empty() {
        return seen.isEmpty() && resets.isEmpty() && repeatFiredSecond == 0 && pending == null;
    }

    boolean knowsKind(Kind k) {
        return seen.stream().anyMatch(s -> s.kind == k.ordinal());
    }

    static final StatefulDetector.StateCodec<ResetState> CODEC = new StatefulDetector.StateCodec<>() {
        @Override
        public byte[] encode(ResetState s) {
            byte[] by = s.pending == null ? null : s.pending.performedBy.getBytes(StandardCharsets.UTF_8);
            byte[] actor = s.pending == null || s.pending.actor == null ? new byte[0] : s.pending.actor.getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(4 + 9 * s.seen.size() + 16 * s.resets.size() + 4 + 1
                    + (s.pending == null ? 0 : 4 + 1 + 1 + by.length + 1 + actor.length));
            b.put(VERSION).put((byte) s.seen.size());
            for (Seen x : s.seen) {
                b.put(x.kind).putInt(x.hash).putInt((int) x.lastSecond);
            }
            b.put((byte) s.resets.size());
            for (Reset r : s.resets) {
                b.putInt((int) r.firstSecond).putInt((int) r.lastSecond).putInt(r.actorHash).putInt(r.correlationHash);
            }
            b.putInt((int) s.repeatFiredSecond);
            b.put((byte) (s.pending == null ? 0 : 1));
            if (s.pending != null) {
                b.putInt((int) s.pending.second).put(s.pending.operation).put((byte) by.length).put(by)
                        .put((byte) actor.length).put(actor);
            }
            return b.array();
        }

        @Override
        public ResetState decode(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.get() != VERSION) {
                throw new IllegalArgumentException("reset state: unknown version");
            }
            int n = Byte.toUnsignedInt(b.get());
            List<Seen> seen = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                seen.add(new Seen(b.get(), b.getInt(), Integer.toUnsignedLong(b.getInt())));
            }
            int r = Byte.toUnsignedInt(b.get());
            List<Reset> resets = new ArrayList<>(r);
            for (int i = 0; i < r; i++) {
                resets.add(new Reset(Integer.toUnsignedLong(b.getInt()), Integer.toUnsignedLong(b.getInt()), b.getInt(), b.getInt()));
            }
            long fired = Integer.toUnsignedLong(b.getInt());
            Pending pending = null;
            if (b.get() != 0) {
                long at = Integer.toUnsignedLong(b.getInt());
                byte op = b.get();
                byte[] by = new byte[Byte.toUnsignedInt(b.get())];
                b.get(by);
                byte[] actor = new byte[Byte.toUnsignedInt(b.get())];
                b.get(actor);
                pending = new Pending(at, op, new String(by, StandardCharsets.UTF_8),
                        actor.length == 0 ? null : new String(actor, StandardCharsets.UTF_8));
            }
            return new ResetState(seen, resets, fired, pending);
        }
    };

    /** An actor id cut to fit the codec's length byte (whole characters). */
    static String fitActor(String actor) {
        if (actor == null) {
            return null;
        }
        String a = actor;
        while (a.getBytes(StandardCharsets.UTF_8).length > MAX_ACTOR_BYTES) {
            a = a.substring(0, a.length() - 1);
        }
        return a;
    }
}
