package dev.mfawatch.detector.fatigue;

import dev.mfawatch.detector.rules.StatefulDetector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A principal's recent failed push prompts, oldest first, bounded by the detector (window, and at
 * most threshold + {@value MfaFatigueDetector#SLACK} entries), and the time of the burst that last
 * fired (0 when none), which a later successful MFA inside the window turns into "the user gave in".
 * 9 bytes per prompt (epoch seconds as an unsigned int, a hash of the event id that tells a replay from
 * another prompt in the same second, the kind) plus 6: five prompts take 51 bytes.
 *
 * @param prompts newest last
 * @param burstAt epoch second of the last firing, 0 when none is pending a follow-up
 */
public record PushPrompts(List<Prompt> prompts, long burstAt) {

    private static final byte VERSION = 1;

    /** Kinds; a {@link #SENT} prompt becomes the kind of the failed answer that follows it, or leaves on a success. */
    public static final byte DENIED = 0;
    public static final byte TIMEOUT = 1;
    public static final byte FRAUD = 2;
    public static final byte SENT = 3;

    public PushPrompts {
        prompts = List.copyOf(prompts);
    }

    public record Prompt(long epochSecond, int eventHash, byte kind) {
    }

    public boolean empty() {
        return prompts.isEmpty() && burstAt == 0;
    }

    static final StatefulDetector.StateCodec<PushPrompts> CODEC = new StatefulDetector.StateCodec<>() {
        @Override
        public byte[] encode(PushPrompts s) {
            ByteBuffer b = ByteBuffer.allocate(6 + 9 * s.prompts.size());
            b.put(VERSION).putInt((int) s.burstAt).put((byte) s.prompts.size());
            for (Prompt p : s.prompts) {
                b.putInt((int) p.epochSecond).putInt(p.eventHash).put(p.kind);
            }
            return b.array();
        }

        @Override
        public PushPrompts decode(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.get() != VERSION) {
                throw new IllegalArgumentException("push prompts: unknown version");
            }
            long burstAt = Integer.toUnsignedLong(b.getInt());
            int n = Byte.toUnsignedInt(b.get());
            List<Prompt> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new Prompt(Integer.toUnsignedLong(b.getInt()), b.getInt(), b.get()));
            }
            return new PushPrompts(out, burstAt);
        }
    };
}
