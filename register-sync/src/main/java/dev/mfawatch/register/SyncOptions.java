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
 */
public record SyncOptions(int partitions, Duration noticeHorizon, Duration kafkaTimeout) {

    public static SyncOptions defaults() {
        return new SyncOptions(4, NoticePlanner.DEFAULT_HORIZON, Duration.ofSeconds(30));
    }
}
