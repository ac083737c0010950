package dev.mfawatch.detector.metrics;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps a tag whose values come from data (such as a sign-in's {@code source}) bounded: values
 * must look like a short identifier and at most {@code max} distinct ones are kept; anything else
 * is reported as {@code other}. A misbehaving producer cannot explode the series count.
 */
final class BoundedTag {

    static final String OTHER = "other";
    static final String UNKNOWN = "unknown";
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");

    private final int max;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    BoundedTag(int max) {
        this.max = max;
    }

    String of(String raw) {
        if (raw == null || raw.isBlank()) {
            return UNKNOWN;
        }
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (!SHAPE.matcher(v).matches()) {
            return OTHER;
        }
        if (seen.contains(v)) {
            return v;
        }
        synchronized (seen) {
            if (seen.size() >= max) {
                return OTHER;
            }
            seen.add(v);
            return v;
        }
    }
}
