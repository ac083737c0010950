package dev.mfawatch.register.read;

import dev.mfawatch.model.register.ExceptionEntry;
import java.util.Set;

/**
 * One register row as read. {@code entry} is null when the row has no id (nothing can be built
 * without one); {@code badFields} lists the fields whose values did not convert.
 */
public record RegisterRow(String location, ExceptionEntry entry, Set<String> badFields) {
    public RegisterRow {
        badFields = Set.copyOf(badFields);
    }

    public String id() {
        return entry == null ? null : entry.id();
    }

    public boolean readCleanly() {
        return entry != null && badFields.isEmpty();
    }
}
