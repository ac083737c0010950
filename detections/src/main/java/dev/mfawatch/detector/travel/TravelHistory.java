package dev.mfawatch.detector.travel;

import dev.mfawatch.detector.rules.StatefulDetector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A principal's recent sign-in locations, ordered by event time (oldest first), bounded in count
 * and age by the detector. Encoded in {@value #HEADER} + {@value #ANCHOR_BYTES} bytes per anchor:
 * 4 anchors take 82 bytes.
 */
public record TravelHistory(List<Anchor> anchors) {

    static final int HEADER = 2;
    static final int ANCHOR_BYTES = 20;
    private static final byte VERSION = 1;

    public TravelHistory {
        anchors = List.copyOf(anchors);
    }

    /**
     * One located sign-in: event time, coordinates (float: ~1 m, well below geo-IP accuracy), the
     * accuracy radius in whole km (0 when unknown) and the ISO country ("" when unknown).
     */
    public record Anchor(long timeMs, float lat, float lon, int accuracyKm, String country) {
        public Anchor {
            accuracyKm = Math.max(0, Math.min(accuracyKm, 0xFFFF));
            country = country == null || country.length() != 2 ? "" : country;
        }
    }

    static final StatefulDetector.StateCodec<TravelHistory> CODEC = new StatefulDetector.StateCodec<>() {
        @Override
        public byte[] encode(TravelHistory h) {
            ByteBuffer b = ByteBuffer.allocate(HEADER + ANCHOR_BYTES * h.anchors.size());
            b.put(VERSION).put((byte) h.anchors.size());
            for (Anchor a : h.anchors) {
                b.putLong(a.timeMs).putFloat(a.lat).putFloat(a.lon).putShort((short) a.accuracyKm);
                byte[] c = a.country.getBytes(StandardCharsets.US_ASCII);
                b.put(c.length == 2 ? c[0] : 0).put(c.length == 2 ? c[1] : 0);
            }
            return b.array();
        }

        @Override
        public TravelHistory decode(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.get() != VERSION) {
                throw new IllegalArgumentException("travel history: unknown version");
            }
            int n = Byte.toUnsignedInt(b.get());
            List<Anchor> anchors = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long t = b.getLong();
                float lat = b.getFloat();
                float lon = b.getFloat();
                int acc = Short.toUnsignedInt(b.getShort());
                byte c0 = b.get();
                byte c1 = b.get();
                String country = c0 == 0 ? "" : new String(new byte[] {c0, c1}, StandardCharsets.US_ASCII);
                anchors.add(new Anchor(t, lat, lon, acc, country));
            }
            return new TravelHistory(anchors);
        }
    };
}
