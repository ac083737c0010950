package dev.mfawatch.normalize;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Provider timestamps to {@link Instant}: ISO-8601 with Z or an offset (Entra writes 7 fraction
 * digits and, in {@code createdDateTime}, local offsets), and zone-less "yyyy-MM-dd HH:mm:ss.SSS"
 * as some pipelines rewrite Okta's {@code published}, read as UTC.
 */
public final class Times {

    private Times() {
    }

    public static Instant parse(String value, String field) {
        if (value == null) {
            throw MappingException.missing(field);
        }
        String s = value.trim().replace(' ', 'T');
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            // fall through
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // fall through
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw MappingException.invalid(field, "an ISO-8601 time");
        }
    }
}
