package dev.mfawatch.detector.usage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One use of an exception, sent from the principal-keyed extraction to the ledger keyed by exception
 * id; or a clock tick ({@link Kind#CLOCK}, key {@link #CLOCK_KEY}) that only carries stream time.
 * Null fields are unknown. Written in a small binary form (a version byte, the kind, the time and the
 * text fields), not JSON: it is internal to the detector.
 *
 * @param time      the event's time (epoch ms)
 * @param app       app display name, else id (sign-ins)
 * @param ipPrefix  IPv4 /24 or IPv6 /48 (sign-ins)
 * @param principal the principal covered (the change's target for changes)
 */
public record Use(Kind kind, long time, String eventId, String app, String protocol, String country, String ipPrefix,
                  String principal) {

    public enum Kind { CLOCK, SIGN_IN, CHANGE }

    /** The key of clock ticks: never an exception id, which the register requires to be non-blank. */
    public static final String CLOCK_KEY = "";

    /** Longest text kept from an event: a value is a name, a code or an id, never a payload. */
    static final int MAX_TEXT = 200;

    private static final byte VERSION = 1;

    public static Use clock(long time) {
        return new Use(Kind.CLOCK, time, null, null, null, null, null, null);
    }

    public static final Serde<Use> SERDE = Serdes.serdeFrom((Serializer<Use>) (topic, use) -> use == null ? null : encode(use),
            (Deserializer<Use>) (topic, bytes) -> bytes == null ? null : decode(bytes));

    static byte[] encode(Use u) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(u.kind.ordinal());
            out.writeLong(u.time);
            Text.write(out, u.eventId);
            Text.write(out, u.app);
            Text.write(out, u.protocol);
            Text.write(out, u.country);
            Text.write(out, u.ipPrefix);
            Text.write(out, u.principal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Use decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown use record version " + version);
            }
            Kind kind = Kind.values()[in.readByte()];
            return new Use(kind, in.readLong(), Text.read(in), Text.read(in), Text.read(in), Text.read(in), Text.read(in),
                    Text.read(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nullable, bounded strings in {@link DataOutputStream}'s modified UTF-8 behind a presence byte. */
    static final class Text {
        private Text() {
        }

        static String bound(String s) {
            if (s == null || s.isBlank()) {
                return null;
            }
            String t = s.trim();
            return t.length() > MAX_TEXT ? t.substring(0, MAX_TEXT) : t;
        }

        static void write(DataOutputStream out, String s) throws IOException {
            if (s == null) {
                out.writeBoolean(false);
            } else {
                out.writeBoolean(true);
                out.writeUTF(s);
            }
        }

        static String read(DataInputStream in) throws IOException {
            return in.readBoolean() ? in.readUTF() : null;
        }
    }
}
