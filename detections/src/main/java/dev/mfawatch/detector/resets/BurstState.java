package dev.mfawatch.detector.resets;

import dev.mfawatch.detector.rules.StatefulDetector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One actor's RESET_BURST state: the principals it reset inside the burst window (id and last reset, the
 * newest {@value #MAX_TARGETS} only: enough to count to any threshold and to name them in the alert) and
 * when the rule last fired for it. An admin who reset five accounts holds about 5 × 30 bytes.
 */
public record BurstState(List<Target> targets, long firedSecond) {

    private static final byte VERSION = 1;
    static final int MAX_TARGETS = 2 * ResetSettings.MAX_THRESHOLD;

    public BurstState {
        targets = List.copyOf(targets);
    }

    public record Target(String id, long second) {
    }

    static final StatefulDetector.StateCodec<BurstState> CODEC = new StatefulDetector.StateCodec<>() {
        @Override
        public byte[] encode(BurstState s) {
            List<byte[]> ids = s.targets.stream().map(t -> t.id.getBytes(StandardCharsets.UTF_8)).toList();
            ByteBuffer b = ByteBuffer.allocate(6 + ids.stream().mapToInt(x -> 6 + x.length).sum());
            b.put(VERSION).put((byte) s.targets.size());
            for (int i = 0; i < ids.size(); i++) {
                b.putShort((short) ids.get(i).length).put(ids.get(i)).putInt((int) s.targets.get(i).second);
            }
            b.putInt((int) s.firedSecond);
            return b.array();
        }

        @Override
        public BurstState decode(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.get() != VERSION) {
                throw new IllegalArgumentException("burst state: unknown version");
            }
            int n = Byte.toUnsignedInt(b.get());
            List<Target> targets = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] id = new byte[Short.toUnsignedInt(b.getShort())];
                b.get(id);
                targets.add(new Target(new String(id, StandardCharsets.UTF_8), Integer.toUnsignedLong(b.getInt())));
            }
            return new BurstState(targets, Integer.toUnsignedLong(b.getInt()));
        }
    };
}
