package dev.mfawatch.register.read;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Register dates as people write them: a day ({@code 2026-03-01}, meaning the start of that day in
 * UTC) or an instant with an explicit offset ({@code 2026-03-01T08:00:00Z}). A local date-time
 * without an offset is refused: whose 08:00 it means is exactly the ambiguity an audit trips on.
 */
public final class Dates {

    public static final String HINT = "(write 2026-03-01 or 2026-03-01T08:00:00Z)";

    private Dates() {
    }

    public static Optional<Instant> parse(String text) {
        String t = text.trim();
        try {
            return Optional.of(Instant.parse(t));
        } catch (DateTimeParseException ignored) {
            // try the other accepted shapes
        }
        try {
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException ignored) {
            // try a plain day
        }
        try {
            return Optional.of(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
