package dev.mfawatch.detector.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Kafka Streams' own metrics ({@code kafka_stream_*}, {@code kafka_consumer_*}, {@code kafka_producer_*},
 * …) through Micrometer's {@link KafkaStreamsMetrics}, looking for new Kafka metrics every
 * {@link #REFRESH} instead of Micrometer's default minute: task-level metrics only exist once tasks
 * are assigned, and a dashboard should show them soon after a start or a rebalance.
 * Owns its scheduler thread and stops it on {@link #close()}.
 */
public final class StreamsMeters extends KafkaStreamsMetrics {

    public static final Duration REFRESH = Duration.ofSeconds(10);

    private final ScheduledExecutorService scheduler;

    public StreamsMeters(KafkaStreams streams) {
        this(streams, newScheduler());
    }

    private StreamsMeters(KafkaStreams streams, ScheduledExecutorService scheduler) {
        super(streams, Tags.empty(), scheduler, REFRESH);
        this.scheduler = scheduler;
    }

    private static ScheduledExecutorService newScheduler() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mfawatch-streams-meters");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        super.close();
        scheduler.shutdownNow();
    }
}
