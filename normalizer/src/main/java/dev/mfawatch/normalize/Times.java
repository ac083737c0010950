package dev.mfawatch.normalize;

import dev.mfawatch.model.IsoInstants;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Provider timestamps to {@link Instant}:
 * <ul>
 *   <li>ISO-8601 with Z or an offset (Entra writes 7 fraction digits and, in {@code createdDateTime},
 *       local offsets);</li>
 *   <li>zone-less "yyyy-MM-dd HH:mm:ss.SSS" (or with a T), as some pipelines rewrite Okta's
 *       {@code published}, read as UTC;</li>
 *   <li>the US-locale times that the Azure portal's Log Analytics CSV export and some Azure Monitor
 *       records write: {@code 4/28/2021, 2:08:45.221 PM}, {@code 12/12/2025 3:03:58 PM},
 *       {@code 4/28/2021 14:08}. Month before day (as the portal writes them, whatever the viewer's
 *       locale), comma optional, seconds and up to 9 fraction digits optional, 12-hour with AM/PM or
 *       24-hour; always UTC (Log Analytics stores and exports UTC).</li>
 * </ul>
 */
public final class Times {

    private static final Pattern US_LOCALE = Pattern.compile(
            "(\\d{1,2})/(\\d{1,2})/(\\d{4}),?\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?\\s*([AaPp][Mm])?");

    private Times() {
    }

    public static Instant parse(String value, String field) {
        if (value == null) {
            throw MappingException.missing(field);
        }
        String trimmed = value.trim();
        if (trimmed.indexOf('/') > 0) {
            return usLocale(trimmed, field);
        }
        String s = trimmed.replace(' ', 'T');
        // The common shapes without java.time's parse contexts (nor exceptions as control flow for zone-less times).
        Instant fast = IsoInstants.parse(s);
        if (fast != null) {
            return fast;
        }
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

    private static Instant usLocale(String s, String field) {
        Matcher m = US_LOCALE.matcher(s);
        if (!m.matches()) {
            throw MappingException.invalid(field, "an ISO-8601 or M/d/yyyy h:mm:ss AM/PM time");
        }
        int hour = Integer.parseInt(m.group(4));
        String half = m.group(8);
        if (half != null) {
            if (hour < 1 || hour > 12) {
                throw MappingException.invalid(field, "a 12-hour time with AM/PM");
            }
            boolean pm = Character.toUpperCase(half.charAt(0)) == 'P';
            hour = hour % 12 + (pm ? 12 : 0);
        }
        String fraction = m.group(7);
        int nanos = fraction == null ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
        try {
            return LocalDateTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)), hour, Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw MappingException.invalid(field, "a valid M/d/yyyy date and time");
        }
    }
}
