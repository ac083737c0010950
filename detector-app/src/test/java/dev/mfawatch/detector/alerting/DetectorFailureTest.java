package dev.mfawatch.detector.alerting;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.DetectorTopology;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.signin.SignInEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule's own bug must not stop the stream or the other rules; a failure of Kafka itself (a store
 * or changelog write, a fenced producer) must not be taken for a rule bug: it reaches Kafka Streams,
 * which aborts the transaction and calls the failure handler.
 */
class DetectorFailureTest {

    @TempDir
    Path stateDir;

    private static Detector throwing(Supplier<RuntimeException> error) {
        DetectorMetadata meta = new DetectorMetadata("BROKEN_RULE", "A rule that throws", "Throws on every sign-in.",
                Severity.LOW, List.of("T1078"), List.of("none"), List.of("https://example.org/broken"),
                new Response("contain", "eradicate", "recover"));
        return new Detector() {
            @Override
            public DetectorMetadata metadata() {
                return meta;
            }

            @Override
            public Optional<dev.mfawatch.detector.rules.Finding> detect(dev.mfawatch.detector.rules.DetectionContext c) {
                throw error.get();
            }
        };
    }

    private TopologyTestDriver driver(Detector extra, SimpleMeterRegistry registry) {
        DetectorConfig config = DetectorConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "unused:9092",
                DetectorConfig.STATE_DIR, stateDir.toString(), "MFAWATCH_SOURCES", "none"));
        List<Detector> detectors = new ArrayList<>(List.of(extra));
        detectors.addAll(Detectors.all(config));
        DetectorMetrics metrics = DetectorMetrics.bindTo(registry, Detectors.severities(detectors));
        return new TopologyTestDriver(DetectorTopology.build(config, detectors, metrics), config.streamsProperties(),
                Instant.parse("2026-11-23T12:00:00Z"));
    }

    private static void pipe(TopologyTestDriver driver, SignInEvent e) {
        TestInputTopic<String, byte[]> in = driver.createInputTopic(Topics.SIGNIN_EVENTS.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        in.pipeInput(e.principal().id(), Topics.SIGNIN_SERDE.write(e), e.time());
    }

    private static SignInEvent withoutMfa() {
        return signIn("s-1").principal("erin@northwind.example").at("2026-11-23T09:00:00Z").build();
    }

    @Test
    void aRuleBugIsCountedAndTheOtherRulesStillFire() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TopologyTestDriver driver = driver(throwing(() -> new IllegalStateException("bug")), registry)) {
            TestOutputTopic<String, Alert> alerts = driver.createOutputTopic(Topics.ALERTS.name(),
                    Serdes.String().deserializer(), Topics.ALERT_SERDE.deserializer());
            pipe(driver, withoutMfa());
            assertThat(alerts.readValuesToList()).extracting(Alert::rule).containsExactly("MFA_NOT_SATISFIED");
            assertThat(registry.get("mfawatch.detector.errors").tag("rule", "BROKEN_RULE").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void aKafkaFailureInsideARuleReachesKafkaStreams() {
        try (TopologyTestDriver driver = driver(throwing(() -> new StreamsException("changelog send failed")),
                new SimpleMeterRegistry())) {
            assertThatThrownBy(() -> pipe(driver, withoutMfa())).hasRootCauseMessage("changelog send failed");
        }
    }
}
