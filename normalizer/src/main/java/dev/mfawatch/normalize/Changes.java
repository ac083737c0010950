package dev.mfawatch.normalize;

import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.directory.PolicyRef;
import dev.mfawatch.model.signin.RawRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the directory changes of one provider event. One event may change several things (an
 * Entra policy update can add an exclusion and switch the policy to report-only); each becomes its
 * own {@link DirectoryChange}, the first with the provider's id, the next with {@code #2}, {@code #3}…
 */
public final class Changes {

    private final String eventId;
    private final String source;
    private final Instant time;
    private final Actor actor;
    private final RawRef raw;
    private final List<DirectoryChange> changes = new ArrayList<>();

    public Changes(String eventId, String source, Instant time, Actor actor, RawRef raw) {
        this.eventId = eventId;
        this.source = source;
        this.time = time;
        this.actor = actor;
        this.raw = raw;
    }

    public void add(ChangeOperation op, List<String> targets, PolicyRef policy, String ticket,
                    Map<String, String> details) {
        String id = changes.isEmpty() ? eventId : eventId + "#" + (changes.size() + 1);
        changes.add(new DirectoryChange(id, source, time, actor, op, targets, policy, ticket, details, raw));
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** Emits every change, or one skip with {@code reasonIfNone} when nothing MFA-relevant changed. */
    public void emit(MapContext ctx, String reasonIfNone, String recordId) {
        if (changes.isEmpty()) {
            ctx.skip(reasonIfNone, recordId);
            return;
        }
        for (int i = 0; i < changes.size(); i++) {
            if (i > 0) {
                ctx.nextItem();
            }
            ctx.change(changes.get(i));
        }
    }

    /** Details without null values, in insertion order (Map.copyOf rejects nulls). */
    public static Map<String, String> details(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                m.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }
}
