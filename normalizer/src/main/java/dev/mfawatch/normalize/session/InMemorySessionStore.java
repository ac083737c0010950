package dev.mfawatch.normalize.session;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A plain map: for tests and the offline command. Not thread-safe. */
public final class InMemorySessionStore implements SessionStore {

    private final Map<String, SessionState> sessions = new HashMap<>();

    @Override
    public SessionState get(String sessionId) {
        return sessions.get(sessionId);
    }

    @Override
    public void put(String sessionId, SessionState state) {
        sessions.put(sessionId, state);
    }

    @Override
    public void delete(String sessionId) {
        sessions.remove(sessionId);
    }

    @Override
    public long size() {
        return sessions.size();
    }

    @Override
    public List<String> due(Instant time, int max) {
        return sessions.entrySet().stream().filter(e -> !e.getValue().deadline().isAfter(time))
                .sorted(Comparator.comparing((Map.Entry<String, SessionState> e) -> e.getValue().deadline())
                        .thenComparing(Map.Entry::getKey))
                .limit(max).map(Map.Entry::getKey).toList();
    }
}
