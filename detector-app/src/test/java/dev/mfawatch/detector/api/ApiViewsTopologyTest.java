package dev.mfawatch.detector.api;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.DetectorTopology;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.rules.Detectors;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.usage.ExceptionUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's views through the whole detector topology ({@code DetectorTopology.build}). */
class ApiViewsTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    @TempDir
    Path stateDir;

    private Pipeline pipeline;
    private TestInputTopic<String, byte[]> alerts;
    private TestInputTopic<String, byte[]> notices;
    private TestInputTopic<String, byte[]> usage;

    @BeforeEach
    void start() {
        pipeline = new Pipeline(stateDir, Map.of());
        alerts = pipeline.driver.createInputTopic(Topics.ALERTS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        notices = pipeline.driver.createInputTopic(Topics.NOTICES.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        usage = pipeline.driver.createInputTopic(Topics.EXCEPTION_USAGE.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
    }

    @AfterEach
    void stop() {
        pipeline.close();
    }

    private <V> KeyValueStore<String, V> store(String name) {
        return pipeline.driver.getKeyValueStore(name);
    }

    private static Alert alert(String id, String principal, Instant at, int count) {
        return new Alert(id, "MFA_NOT_SATISFIED", Severity.MEDIUM, at, at, principal, null, null, "summary " + id, "entra",
                null, null, null, null, null, List.of(), count, at, at, List.of(), null, Map.of());
    }

    @Test
    void anAlertTheDetectorRaisesIsKeptForItsPrincipal() {
        // An MFA-less sign-in no exception covers: MFA_NOT_SATISFIED, published on mfa.alerts and read back.
        pipeline.pipe(signIn("e-1").principal("bob@example.com").at("2026-11-23T09:00:00Z").build());
        List<Alert> published = pipeline.alerts.readValuesToList();
        assertThat(published).extracting(Alert::rule).containsExactly("MFA_NOT_SATISFIED");
        List<Alert> kept = this.<List<Alert>>store(ApiViews.ALERTS_STORE).get("bob@example.com");
        assertThat(kept).extracting(Alert::alertId).containsExactly(published.get(0).alertId());
    }

    @Test
    void theLastTwentyAlertsNewestFirstAnUpdateReplacingItsAlert() {
        // 25 alerts an hour apart, sent out of order (odd hours first), then an update of the newest one.
        List<Integer> order = java.util.stream.Stream.concat(IntStream.range(0, 25).filter(i -> i % 2 == 1).boxed(),
                IntStream.range(0, 25).filter(i -> i % 2 == 0).boxed()).toList();
        for (int i : order) {
            alerts.pipeInput("carol@example.com", Topics.ALERT_SERDE.write(alert("a-" + i, "carol@example.com", T0.plusSeconds(3600L * i), 1)));
        }
        alerts.pipeInput("carol@example.com", Topics.ALERT_SERDE.write(alert("a-24", "carol@example.com", T0.plusSeconds(3600L * 24), 3)));
        List<Alert> kept = this.<List<Alert>>store(ApiViews.ALERTS_STORE).get("carol@example.com");
        assertThat(kept).hasSize(ApiViews.ALERTS_KEPT);
        assertThat(kept).extracting(Alert::alertId)
                .containsExactlyElementsOf(IntStream.iterate(24, i -> i - 1).limit(20).mapToObj(i -> "a-" + i).toList());
        assertThat(kept.get(0).count()).isEqualTo(3);
        // Another principal's alerts are its own.
        assertThat(this.<List<Alert>>store(ApiViews.ALERTS_STORE).get("dave@example.com")).isNull();
    }

    @Test
    void aPrincipalWhoseNewestAlertIsNinetyDaysBehindStreamTimeLeaves() {
        Instant dave = T0;
        Instant erin = T0.plus(Duration.ofDays(30));
        alerts.pipeInput("dave@example.com", Topics.ALERT_SERDE.write(alert("d-1", "dave@example.com", dave, 1)), dave);
        alerts.pipeInput("erin@example.com", Topics.ALERT_SERDE.write(alert("e-1", "erin@example.com", erin, 1)), erin);
        // Stream time reaches dave's alert + 90 days + 1 h: dave's alerts go at the next hourly sweep, erin's (60 days old) stay.
        Instant later = dave.plus(ApiViews.ALERTS_RETENTION).plus(Duration.ofHours(1));
        alerts.pipeInput("frank@example.com", Topics.ALERT_SERDE.write(alert("f-1", "frank@example.com", later, 1)), later);
        KeyValueStore<String, List<Alert>> store = store(ApiViews.ALERTS_STORE);
        assertThat(store.get("dave@example.com")).isNull();
        assertThat(store.get("erin@example.com")).extracting(Alert::alertId).containsExactly("e-1");
        assertThat(store.get("frank@example.com")).extracting(Alert::alertId).containsExactly("f-1");
    }

    @Test
    void noticesNewestFirstOnceEachAndBadRecordsSkipped() {
        for (int n : new int[] {2, 1, 3, 2}) {
            notices.pipeInput("EXC-1", Topics.NOTICE_SERDE.write(new Notice("EXC-1-n" + n, "EXC-1", NoticeKind.UNUSED_EXCEPTION,
                    T0.plusSeconds(60L * n), null, "carol@example.com", "notice " + n)));
        }
        notices.pipeInput("EXC-1", "{not json".getBytes(StandardCharsets.UTF_8));
        notices.pipeInput("EXC-1", (byte[]) null);
        notices.pipeInput(null, Topics.NOTICE_SERDE.write(new Notice("x", "EXC-1", NoticeKind.OTHER, T0, null, null, "no key")));
        List<Notice> kept = this.<List<Notice>>store(ApiViews.NOTICES_STORE).get("EXC-1");
        assertThat(kept).extracting(Notice::noticeId).containsExactly("EXC-1-n3", "EXC-1-n2", "EXC-1-n1");
    }

    @Test
    void noticesKeepTheLastFifty() {
        for (int n = 0; n < 60; n++) {
            notices.pipeInput("EXC-2", Topics.NOTICE_SERDE.write(new Notice("n" + n, "EXC-2", NoticeKind.REVIEW_TRIGGERED,
                    T0.plusSeconds(n), null, null, "notice " + n)));
        }
        List<Notice> kept = this.<List<Notice>>store(ApiViews.NOTICES_STORE).get("EXC-2");
        assertThat(kept).hasSize(ApiViews.NOTICES_KEPT);
        assertThat(kept.get(0).noticeId()).isEqualTo("n59");
        assertThat(kept.get(49).noticeId()).isEqualTo("n10");
    }

    @Test
    void theLatestLedgerPerExceptionATombstoneRemovingIt() {
        usage.pipeInput("EXC-1", Topics.USAGE_SERDE.write(ledger("EXC-1", 1)));
        usage.pipeInput("EXC-1", Topics.USAGE_SERDE.write(ledger("EXC-1", 5)));
        usage.pipeInput("EXC-2", Topics.USAGE_SERDE.write(ledger("EXC-2", 2)));
        usage.pipeInput("EXC-2", "{\"exceptionId\":\"\"}".getBytes(StandardCharsets.UTF_8)); // does not bind: skipped
        KeyValueStore<String, ExceptionUsage> store = store(ApiViews.USAGE_STORE);
        assertThat(store.get("EXC-1").signIns()).isEqualTo(5);
        assertThat(store.get("EXC-2").signIns()).isEqualTo(2);
        usage.pipeInput("EXC-1", (byte[]) null);
        assertThat(store.get("EXC-1")).isNull();
        assertThat(store.get("EXC-2")).isNotNull();
    }

    @Test
    void theViewsComeLastSoNoExistingTaskIdChanges() {
        DetectorConfig config = DetectorConfig.from(Map.of(DetectorConfig.STATE_DIR, stateDir.toString()));
        TopologyDescription d = DetectorTopology.build(config, Detectors.all(config),
                DetectorMetrics.bindTo(new SimpleMeterRegistry(), Map.of())).describe();
        List<Integer> views = d.subtopologies().stream()
                .filter(s -> s.nodes().stream().anyMatch(n -> n.name().startsWith("views-"))).map(TopologyDescription.Subtopology::id)
                .sorted().toList();
        // The actor-keyed path (ActorTopology) came after the views, and comes after them in the numbering.
        List<Integer> actors = d.subtopologies().stream()
                .filter(s -> s.nodes().stream().anyMatch(n -> n.name().equals("actor-detect"))).map(TopologyDescription.Subtopology::id)
                .toList();
        // Global stores are numbered among the sub-topologies.
        List<Integer> others = java.util.stream.Stream.concat(d.subtopologies().stream()
                        .filter(s -> s.nodes().stream().noneMatch(n -> n.name().startsWith("views-") || n.name().equals("actor-detect")))
                        .map(TopologyDescription.Subtopology::id),
                d.globalStores().stream().map(TopologyDescription.GlobalStore::id)).sorted().toList();
        assertThat(views).hasSize(3);
        // Task ids are <sub-topology>_<partition>: the existing ones keep 0..n-1, the views take n, n+1, n+2.
        assertThat(others).containsExactlyElementsOf(IntStream.range(0, others.size()).boxed().toList());
        assertThat(views).containsExactly(others.size(), others.size() + 1, others.size() + 2);
        assertThat(actors).containsExactly(others.size() + 3);
        assertThat(d.toString()).contains("Processor: views-alerts-view (stores: [principal-alerts])",
                "Processor: views-notices-view (stores: [exception-notices])",
                "Processor: views-usage-view (stores: [exception-usage-view])",
                "Source: views-alerts-source (topics: [mfa.alerts])");
    }

    private static ExceptionUsage ledger(String id, long signIns) {
        return new ExceptionUsage(id, signIns, 0, T0, T0, List.of(new ExceptionUsage.Count("Outlook", signIns)), List.of(),
                List.of(), List.of(), List.of(), List.of(), T0);
    }
}
