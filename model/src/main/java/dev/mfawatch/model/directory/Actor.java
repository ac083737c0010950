package dev.mfawatch.model.directory;

import dev.mfawatch.model.Checks;

/** Who made a change; type is USER, APP or SYSTEM as the source names it. */
public record Actor(String id, String type) {
    public Actor {
        id = Checks.principalId(id);
    }
}
