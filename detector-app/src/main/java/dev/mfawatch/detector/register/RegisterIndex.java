package dev.mfawatch.detector.register;

import dev.mfawatch.model.register.ExceptionEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The register indexed by principal name (id or alias, lower-cased), so a sign-in is matched
 * against the entries that name its principal and never against the whole register.
 *
 * <p>Thread-safe: the global-store thread writes, every stream thread reads. Writes are serialised
 * and replace whole immutable lists, so reads take no lock and never see a half-applied update.
 */
public final class RegisterIndex {

    private static final Comparator<ExceptionEntry> BY_ID = Comparator.comparing(ExceptionEntry::id);

    private final Map<String, ExceptionEntry> byId = new HashMap<>();
    private final Map<String, List<ExceptionEntry>> byPrincipal = new ConcurrentHashMap<>();

    /** Adds or replaces the entry with this id (its principals may have changed). */
    public synchronized void put(ExceptionEntry entry) {
        ExceptionEntry old = byId.put(entry.id(), entry);
        if (old != null) {
            unlink(old);
        }
        for (String name : entry.scope().principals()) {
            byPrincipal.compute(name, (k, list) -> {
                List<ExceptionEntry> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
                next.removeIf(e -> e.id().equals(entry.id()));
                next.add(entry);
                next.sort(BY_ID);
                return List.copyOf(next);
            });
        }
    }

    /** Removes the entry with this id (a tombstone on the register topic). */
    public synchronized void remove(String id) {
        ExceptionEntry old = byId.remove(id);
        if (old != null) {
            unlink(old);
        }
    }

    public synchronized void clear() {
        byId.clear();
        byPrincipal.clear();
    }

    public synchronized int size() {
        return byId.size();
    }

    /** Every entry, ordered by id: for the rare checks that look beyond one principal (a policy-wide change). */
    public synchronized List<ExceptionEntry> all() {
        List<ExceptionEntry> all = new ArrayList<>(byId.values());
        all.sort(BY_ID);
        return List.copyOf(all);
    }

    /**
     * The entries naming any of {@code names} (a principal's id and aliases, lower-cased), each
     * once, ordered by id so that every decision built on them is deterministic.
     */
    public List<ExceptionEntry> entriesFor(Collection<String> names) {
        Map<String, ExceptionEntry> found = null;
        List<ExceptionEntry> single = null;
        for (String name : names) {
            List<ExceptionEntry> list = byPrincipal.get(name);
            if (list == null) {
                continue;
            }
            if (single == null && found == null) {
                single = list;
                continue;
            }
            if (found == null) {
                found = new LinkedHashMap<>();
                for (ExceptionEntry e : single) {
                    found.put(e.id(), e);
                }
            }
            for (ExceptionEntry e : list) {
                found.putIfAbsent(e.id(), e);
            }
        }
        if (found == null) {
            return single == null ? List.of() : single;
        }
        List<ExceptionEntry> merged = new ArrayList<>(found.values());
        merged.sort(BY_ID);
        return List.copyOf(merged);
    }

    private void unlink(ExceptionEntry old) {
        for (String name : old.scope().principals()) {
            byPrincipal.computeIfPresent(name, (k, list) -> {
                List<ExceptionEntry> next = new ArrayList<>(list);
                next.removeIf(e -> e.id().equals(old.id()));
                return next.isEmpty() ? null : List.copyOf(next);
            });
        }
    }
}
