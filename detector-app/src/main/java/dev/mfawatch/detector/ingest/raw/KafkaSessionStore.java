package dev.mfawatch.detector.ingest.raw;

import dev.mfawatch.normalize.session.SessionState;
import dev.mfawatch.normalize.session.SessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@link SessionStore} over two Kafka Streams key-value stores of one task: the open sessions by
 * session id, and an index by deadline ({@code <19-digit epoch millis>|<session id>}) so that
 * {@link #due} is a range scan instead of a full scan. Both are changelogged, so open sessions
 * survive a restart or a rebalance. Used from one stream thread only.
 */
final class KafkaSessionStore implements SessionStore {

    private final KeyValueStore<String, SessionState> sessions;
    private final KeyValueStore<String, String> deadlines;

    KafkaSessionStore(KeyValueStore<String, SessionState> sessions, KeyValueStore<String, String> deadlines) {
        this.sessions = sessions;
        this.deadlines = deadlines;
    }

    @Override
    public SessionState get(String sessionId) {
        return sessions.get(sessionId);
    }

    @Override
    public void put(String sessionId, SessionState state) {
        SessionState old = sessions.get(sessionId);
        if (old != null && !old.deadline().equals(state.deadline())) {
            deadlines.delete(indexKey(old.deadline(), sessionId));
        }
        sessions.put(sessionId, state);
        deadlines.put(indexKey(state.deadline(), sessionId), sessionId);
    }

    @Override
    public void delete(String sessionId) {
        SessionState old = sessions.delete(sessionId);
        if (old != null) {
            deadlines.delete(indexKey(old.deadline(), sessionId));
        }
    }

    @Override
    public long size() {
        return sessions.approximateNumEntries();
    }

    @Override
    public List<String> due(Instant time, int max) {
        List<String> ids = new ArrayList<>();
        // '|' sorts below every character of an id bound by U+FFFF: the scan ends after the last id of that millisecond.
        try (KeyValueIterator<String, String> it = deadlines.range(null, String.format("%019d|\uffff", millis(time)))) {
            while (it.hasNext() && ids.size() < max) {
                KeyValue<String, String> next = it.next();
                ids.add(next.value);
            }
        }
        return ids;
    }

    static String indexKey(Instant deadline, String sessionId) {
        return String.format("%019d|%s", millis(deadline), sessionId);
    }

    /** Epoch millis clamped to [0, Long.MAX_VALUE] so the fixed-width key sorts as time does. */
    private static long millis(Instant t) {
        if (t.isBefore(Instant.EPOCH)) {
            return 0;
        }
        try {
            return t.toEpochMilli();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
