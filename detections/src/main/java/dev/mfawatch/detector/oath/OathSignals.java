package dev.mfawatch.detector.oath;

import dev.mfawatch.detector.rules.StatefulDetector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A principal's recent OATH failure / drift / resync signals, oldest first, bounded by the
 * detector (window and count). {@value #SIGNAL_BYTES} bytes each: event time in epoch seconds
 * (unsigned int), hashes of the IP and of the session (only ever compared for distinctness), and
 * the kind. Three signals take 41 bytes, ten (the brute-force bound) 132.
 */
public record OathSignals(List<Signal> signals) {

    static final int SIGNAL_BYTES = 13;
    private static final byte VERSION = 1;

    public OathSignals {
        signals = List.copyOf(signals);
    }

    /** @param kind 0 = code incorrect, 1 = clock drift, 2 = desync */
    public record Signal(long epochSecond, int ipHash, int sessionHash, byte kind) {
    }

    static final StatefulDetector.StateCodec<OathSignals> CODEC = new StatefulDetector.StateCodec<>() {
        @Override
        public byte[] encode(OathSignals s) {
            ByteBuffer b = ByteBuffer.allocate(2 + SIGNAL_BYTES * s.signals.size());
            b.put(VERSION).put((byte) s.signals.size());
            for (Signal x : s.signals) {
                b.putInt((int) x.epochSecond).putInt(x.ipHash).putInt(x.sessionHash).put(x.kind);
            }
            return b.array();
        }

        @Override
        public OathSignals decode(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.get() != VERSION) {
                throw new IllegalArgumentException("oath signals: unknown version");
            }
            int n = Byte.toUnsignedInt(b.get());
            List<Signal> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new Signal(Integer.toUnsignedLong(b.getInt()), b.getInt(), b.getInt(), b.get()));
            }
            return new OathSignals(out);
        }
    };
}
