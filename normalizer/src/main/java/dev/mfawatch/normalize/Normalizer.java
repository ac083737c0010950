package dev.mfawatch.normalize;

/**
 * Turns the raw bytes of one Kafka record or file element of one provider into canonical outcomes.
 * The bytes may hold one event, a JSON array of events or the provider's envelope; every event in
 * them becomes exactly one or more {@link Outcome}s. Implementations never throw: bad input becomes
 * a {@link Outcome.Failure} with a bounded reason code.
 */
public interface Normalizer {

    /** The source name, one of {@code Topics.RAW_SOURCES}. */
    String source();

    /** Never throws; {@code origin} may be {@link RecordOrigin#NONE}. */
    NormalizeResult normalize(byte[] bytes, RecordOrigin origin);

    default NormalizeResult normalize(byte[] bytes) {
        return normalize(bytes, RecordOrigin.NONE);
    }
}
