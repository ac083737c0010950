package dev.mfawatch.detector.state;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.DetectorTopology;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.signin.SignInEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backtest's stores write no changelog; the live detector's write theirs (how an instance restores). */
class StoreKindTest {

    @TempDir
    Path stateDir;

    @Test
    void liveStoresAreChangelogged() {
        assertThat(changelogsWritten(config())).contains("mfa-watch-detector-principal-state-changelog");
    }

    @Test
    void withoutChangelogsNoStoreWritesOne() {
        DetectorConfig live = config();
        assertThat(changelogsWritten(live.withDetection(live.detection().withoutChangelogs()))).isEmpty();
    }

    private DetectorConfig config() {
        return DetectorConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "unused:9092", DetectorConfig.STATE_DIR, stateDir.toString(),
                "MFAWATCH_STATE_STORES", "memory"));
    }

    /** The changelog topics written after two sign-ins that leave state behind (travel history at least). */
    private static List<String> changelogsWritten(DetectorConfig config) {
        List<Detector> detectors = Detectors.all(config);
        DetectorMetrics metrics = DetectorMetrics.bindTo(new SimpleMeterRegistry(), Detectors.severities(detectors));
        try (TopologyTestDriver driver = new TopologyTestDriver(DetectorTopology.build(config, detectors, metrics),
                config.streamsProperties())) {
            var in = driver.createInputTopic(Topics.SIGNIN_EVENTS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
            for (SignInEvent e : List.of(
                    signIn("e1").principal("ana@example.com").at("2026-11-20T10:00:00Z").from("198.51.100.7", "GB").build(),
                    signIn("e2").principal("ana@example.com").at("2026-11-20T10:05:00Z").from("203.0.113.9", "AU").build())) {
                in.pipeInput(e.principal().id(), Topics.SIGNIN_SERDE.write(e), e.time());
            }
            return driver.producedTopicNames().stream().filter(t -> t.endsWith("-changelog")).sorted().toList();
        }
    }
}
