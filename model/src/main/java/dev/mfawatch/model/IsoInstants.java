package dev.mfawatch.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A fast path for the one time shape nearly every record carries:
 * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]} followed by {@code Z}, {@code ±HH:mm} or nothing. It answers
 * only where {@link Instant#parse} (or, without a zone, {@code LocalDateTime.parse} read as UTC)
 * would give the same instant, and null for anything else (other shapes, out-of-range fields,
 * leap seconds, hour 24, a lower-case {@code t} or {@code z}), so callers fall back to the
 * {@code java.time} parsers and keep their exact behaviour. Those parsers build a parse context
 * per call and were a visible share of the raw path's time.
 */
public final class IsoInstants {

    private IsoInstants() {
    }

    /** The instant of {@code s} (a zone-less time read as UTC), or null when the fast path does not apply. */
    public static Instant parse(CharSequence s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 10 && isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            int count = i - start;
            if (count < 1 || count > 9) {
                return null;
            }
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n) {
            offsetSeconds = 0;
        } else if (s.charAt(i) == 'Z' && i + 1 == n) {
            offsetSeconds = 0;
        } else if ((s.charAt(i) == '+' || s.charAt(i) == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            // ±18:00 is the java.time limit; stay clear of the edge rather than copy its rules.
            if (oh < 0 || oh > 17 || om < 0 || om > 59) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The non-negative value of {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(CharSequence s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
