package dev.mfawatch.detector.factors;

import dev.mfawatch.detector.rules.StatefulDetector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A principal's recently used MFA methods (hash of the method name, its class, last use in epoch
 * seconds: 9 bytes each, at most {@code MFAWATCH_FACTOR_HISTORY}) and its latest factor change
 * without a ticket (time, operation, class of the factor: 6 bytes), if still inside the swap window.
 * Three methods and a change take 2 + 27 + 1 + 6 = 36 bytes.
 */
public record FactorHistory(List<Method> methods, Change change) {

    private static final byte VERSION = 1;

    public FactorHistory {
        methods = List.copyOf(methods);
    }

    public record Method(int nameHash, byte methodClass, long lastUsedSecond) {
    }

    public record Change(long epochSecond, byte operation, byte methodClass) {
    }

    boolean empty() {
        return methods.isEmpty() && change == null;
    }

    static final StatefulDetector.StateCodec<FactorHistory> CODEC = new StatefulDetector.StateCodec<>() {
        @Override
        public byte[] encode(FactorHistory h) {
            ByteBuffer b = ByteBuffer.allocate(3 + 9 * h.methods.size() + (h.change == null ? 0 : 6));
            b.put(VERSION).put((byte) h.methods.size());
            for (Method m : h.methods) {
                b.putInt(m.nameHash).put(m.methodClass).putInt((int) m.lastUsedSecond);
            }
            b.put((byte) (h.change == null ? 0 : 1));
            if (h.change != null) {
                b.putInt((int) h.change.epochSecond).put(h.change.operation).put(h.change.methodClass);
            }
            return b.array();
        }

        @Override
        public FactorHistory decode(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.get() != VERSION) {
                throw new IllegalArgumentException("factor history: unknown version");
            }
            int n = Byte.toUnsignedInt(b.get());
            List<Method> methods = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                methods.add(new Method(b.getInt(), b.get(), Integer.toUnsignedLong(b.getInt())));
            }
            Change change = b.get() == 0 ? null : new Change(Integer.toUnsignedLong(b.getInt()), b.get(), b.get());
            return new FactorHistory(methods, change);
        }
    };
}
