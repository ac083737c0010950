package dev.mfawatch.register;

import dev.mfawatch.register.notice.NoticePlanner;
import java.time.Duration;

/**
 * Tunables of a sync.
 *
 * @param partitions    partitions for topics this module creates when they are missing
 *                      ({@code directory.principals} follows {@code signin.events} when that exists,
 *                      as detectors join the two co-partitioned)
 * @param noticeHorizon how far ahead an expiry is announced (default 7 days)
 * @param kafkaTimeout  deadline for reading a topic to its end and for acknowledgements
 * @param reRequestThreshold earlier entries of the same category for the same principal or app, within
 *                      12 months, that make a new entry {@code RE_REQUESTED} (default 2; 0 = never)
 */
public record SyncOptions(int partitions, Duration noticeHorizon, Duration kafkaTimeout, int reRequestThreshold) {

    public SyncOptions {
        if (reRequestThreshold < 0) {
            throw new IllegalArgumentException("MFAWATCH_REREQUEST_THRESHOLD: must not be negative, got " + reRequestThreshold);
        }
    }

    public SyncOptions(int partitions, Duration noticeHorizon, Duration kafkaTimeout) {
        this(partitions, noticeHorizon, kafkaTimeout, NoticePlanner.DEFAULT_RE_REQUEST_THRESHOLD);
    }

    public static SyncOptions defaults() {
        return new SyncOptions(4, NoticePlanner.DEFAULT_HORIZON, Duration.ofSeconds(30));
    }
}
