package dev.mfawatch.model.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The settings an app reads: an optional properties file (named by {@code MFAWATCH_CONFIG_FILE},
 * keys spelled like the environment variables) overlaid by the environment itself.
 */
public final class EnvConfig {

    public static final String CONFIG_FILE = "MFAWATCH_CONFIG_FILE";

    private final Map<String, String> values;

    private EnvConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static EnvConfig of(Map<String, String> env) {
        Map<String, String> merged = new HashMap<>();
        String file = env.get(CONFIG_FILE);
        if (file != null && !file.isBlank()) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(file))) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException(CONFIG_FILE + ": cannot read " + file + ": " + e.getMessage(), e);
            }
            p.stringPropertyNames().forEach(k -> merged.put(k.trim(), p.getProperty(k).trim()));
        }
        env.forEach((k, v) -> {
            if (v != null) {
                merged.put(k, v);
            }
        });
        return new EnvConfig(merged);
    }

    public Map<String, String> all() {
        return values;
    }

    public String get(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public int getInt(String key, int fallback) {
        String v = get(key, null);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: " + v, e);
        }
    }

    public boolean getBoolean(String key, boolean fallback) {
        String v = get(key, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(key + ": expected true or false, got " + v);
        };
    }

    /** A duration written as ISO-8601 ({@code PT10M}) or as a number with a unit ({@code 500ms}, {@code 10m}, {@code 2h}, {@code 7d}). */
    public Duration getDuration(String key, Duration fallback) {
        String v = get(key, null);
        return v == null ? fallback : Durations.parse(key, v);
    }

    public Map<String, String> kafka() {
        return KafkaSettings.fromEnv(values);
    }
}
