package dev.mfawatch.register.cli;

import dev.mfawatch.model.config.EnvConfig;
import dev.mfawatch.register.SyncOptions;
import dev.mfawatch.register.notice.NoticePlanner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/** The environment, read once by a command and handed down; nothing deeper calls System.getenv(). */
record Settings(Map<String, Object> kafka, SyncOptions options, int httpPort, String httpHost, Duration poll,
                Duration resync) {

    static final String BOOTSTRAP = "bootstrap.servers";

    static Settings from(Map<String, String> env) {
        EnvConfig config = EnvConfig.of(env);
        Map<String, Object> kafka = new HashMap<>(config.kafka());
        SyncOptions options = new SyncOptions(config.getInt("MFAWATCH_TOPIC_PARTITIONS", SyncOptions.defaults().partitions()),
                config.getDuration("MFAWATCH_NOTICE_HORIZON", NoticePlanner.DEFAULT_HORIZON),
                config.getDuration("MFAWATCH_KAFKA_TIMEOUT", SyncOptions.defaults().kafkaTimeout()),
                config.getInt("MFAWATCH_REREQUEST_THRESHOLD", NoticePlanner.DEFAULT_RE_REQUEST_THRESHOLD));
        return new Settings(kafka, options, config.getInt("MFAWATCH_HTTP_PORT", 8081),
                config.get("MFAWATCH_HTTP_HOST", "0.0.0.0"),
                config.getDuration("MFAWATCH_REGISTER_POLL", Duration.ofSeconds(2)),
                config.getDuration("MFAWATCH_REGISTER_RESYNC", Duration.ofMinutes(5)));
    }

    /** {@code --now} pins the clock (tests, what-if runs); otherwise UTC wall-clock time. */
    static Clock clock(String now) {
        if (now == null) {
            return Clock.systemUTC();
        }
        try {
            return Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--now: not an ISO-8601 instant: " + now + " (e.g. 2026-03-01T08:00:00Z)", e);
        }
    }
}
