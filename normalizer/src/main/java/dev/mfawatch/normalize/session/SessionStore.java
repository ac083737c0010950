package dev.mfawatch.normalize.session;

import java.time.Instant;
import java.util.List;

/**
 * Where the correlator keeps open sessions, keyed by session id. An in-memory map in tests and
 * offline; a Kafka Streams key-value store in the topology (iterators closed inside {@link #due}).
 */
public interface SessionStore {

    SessionState get(String sessionId);

    void put(String sessionId, SessionState state);

    void delete(String sessionId);

    /** Number of open sessions (an estimate is fine): the correlator's bound. */
    long size();

    /** Up to {@code max} session ids whose deadline is at or before {@code time}, earliest first. */
    List<String> due(Instant time, int max);
}
