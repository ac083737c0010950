package dev.mfawatch.detector;

import dev.mfawatch.detector.api.Answers;
import dev.mfawatch.detector.api.ApiQueries;
import dev.mfawatch.detector.api.ApiServer;
import dev.mfawatch.detector.api.ApiSettings;
import dev.mfawatch.detector.changes.ChangeDetectors;
import dev.mfawatch.detector.inventory.CoPartitioning;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.metrics.ReadinessMetrics;
import dev.mfawatch.detector.metrics.StateStoreMetrics;
import dev.mfawatch.detector.metrics.StreamsMeters;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.model.AccessDenied;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.ops.OpsServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running detector: topics ensured, the topology started on Kafka Streams, and
 * {@code /metrics}, {@code /health}, {@code /ready} served beside it, and the query API
 * ({@code /api/...}, {@link ApiQueries}) on its own address unless {@code MFAWATCH_API_PORT=off}.
 *
 * <pre>{@code
 * try (DetectorApp app = DetectorApp.start(DetectorConfig.from(System.getenv()))) {
 *     app.awaitTermination(); // until close() from a shutdown hook, or the streams died
 * }
 * }</pre>
 */
public final class DetectorApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DetectorApp.class);

    private final DetectorConfig config;
    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry;
    private final StreamsMeters streamsMetrics;
    private final JvmGcMetrics gcMetrics;
    private final OpsServer ops;
    private final ApiServer api;
    private final StreamsFailureHandler failureHandler;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();

    private DetectorApp(DetectorConfig config, KafkaStreams streams, PrometheusMeterRegistry registry,
                        StreamsMeters streamsMetrics, JvmGcMetrics gcMetrics, OpsServer ops, ApiServer api,
                        StreamsFailureHandler failureHandler) {
        this.config = config;
        this.streams = streams;
        this.registry = registry;
        this.streamsMetrics = streamsMetrics;
        this.gcMetrics = gcMetrics;
        this.ops = ops;
        this.api = api;
        this.failureHandler = failureHandler;
    }

    /**
     * Creates missing topics (if configured), builds the topology, starts Kafka Streams and the
     * HTTP endpoints, and returns at once; {@link #ready()} turns true once Streams is RUNNING.
     * The state directory is never wiped on start: local state is reused, not rebuilt.
     */
    public static DetectorApp start(DetectorConfig config) {
        LOG.info("starting the detector with {}", config);
        AccessDenied.Needs access = accessNeeds(config);
        if (config.createTopics()) {
            try (Admin admin = Admin.create(config.clientProperties())) {
                List<String> topics = new ArrayList<>(Topics.ALL);
                topics.addAll(config.rawTopics());
                if (config.ocsf().enabled()) {
                    topics.add(Topics.ALERTS_OCSF.name());
                }
                // Co-partitioned inputs: follow signin.events' count when it exists.
                TopicSetup.ensure(admin, topics, CoPartitioning.partitions(admin, config.topicPartitions()));
            } catch (RuntimeException e) {
                throw AccessDenied.explain(e, config.clientProperties(), access)
                        .<RuntimeException>map(line -> new IllegalStateException(line, e)).orElse(e);
            }
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);

        List<Detector> detectors = Detectors.all(config);
        Map<String, Severity> rules = new LinkedHashMap<>(Detectors.severities(detectors));
        ChangeDetectors.all(config).forEach(d -> rules.put(d.metadata().id(), d.metadata().defaultSeverity()));
        DetectorMetrics metrics = DetectorMetrics.bindTo(registry, rules);
        RegisterIndex register = new RegisterIndex();
        Topology topology = DetectorTopology.build(config, detectors, metrics, register);
        LOG.debug("topology:\n{}", topology.describe());

        // The API binds first: with port 0 its address (Kafka Streams' application.server) is known only then.
        AtomicReference<Answers> answers = new AtomicReference<>();
        ApiServer api = config.api().enabled() ? ApiServer.start(config.api(), answers::get) : null;
        Properties streamsProperties = config.streamsProperties();
        String advertised = null;
        KafkaStreams streams;
        try {
            if (api != null) {
                advertised = config.api().advertisedAddress(api.port());
                streamsProperties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised);
            }
            streams = new KafkaStreams(topology, streamsProperties);
        } catch (RuntimeException e) {
            if (api != null) {
                api.close();
            }
            registry.close();
            gc.close();
            throw e;
        }
        if (api != null) {
            answers.set(new ApiQueries(streams, register, detectors, HostInfo.buildFromEndpoint(advertised),
                    config.api().token(), Clock.systemUTC()));
        }
        StreamsFailureHandler failureHandler = new StreamsFailureHandler(StreamsFailureHandler.DEFAULT_MAX_REPLACEMENTS,
                e -> AccessDenied.explain(e, config.clientProperties(), access));
        streams.setUncaughtExceptionHandler(failureHandler);
        StreamsMeters streamsMetrics = new StreamsMeters(streams);
        streamsMetrics.bindTo(registry);
        StateStoreMetrics.of(topology, streams).bindTo(registry);

        OpsServer ops = null;
        try {
            AtomicReference<DetectorApp> self = new AtomicReference<>();
            ops = OpsServer.start(config.httpHost(), config.httpPort(), registry::scrape,
                    () -> self.get() != null && self.get().healthy(),
                    () -> self.get() != null && self.get().ready());
            DetectorApp app = new DetectorApp(config, streams, registry, streamsMetrics, gc, ops, api, failureHandler);
            self.set(app);
            new ReadinessMetrics(app::ready, app::healthy).bindTo(registry);
            streams.setStateListener(app::onStateChange);
            streams.start();
            LOG.info("detector started; /metrics, /health and /ready on {}:{}", config.httpHost(), ops.port());
            if (api != null) {
                LOG.info("query API on http://{}:{}/api ({}; advertised to the other instances as {})", config.api().host(),
                        api.port(), config.api().token() == null ? "loopback only, no token" : "bearer token required", advertised);
            } else {
                LOG.info("query API off ({}=off)", ApiSettings.PORT);
            }
            if (config.normalizer().geoIp() != null) {
                LOG.info("locating sign-ins without coordinates from {}", config.normalizer().geoIp().description());
            }
            return app;
        } catch (RuntimeException e) {
            if (ops != null) {
                ops.close();
            }
            if (api != null) {
                api.close();
            }
            streams.close(Duration.ofSeconds(5));
            streamsMetrics.close();
            gc.close();
            registry.close();
            throw e;
        }
    }

    /**
     * What the detector does on Kafka, to name a missing ACL precisely (docs/OPERATIONS.md, "Securing
     * Kafka", lists the ACLs). Raw topics feed the canonical topics, so those are written too.
     */
    static AccessDenied.Needs accessNeeds(DetectorConfig config) {
        List<String> reads = new ArrayList<>(List.of(Topics.SIGNIN_EVENTS.name(), Topics.DIRECTORY_CHANGES.name(),
                Topics.REGISTER.name(), Topics.PRINCIPALS.name(), Topics.ALIASES.name(),
                // read back for the query API's views
                Topics.ALERTS.name(), Topics.NOTICES.name(), Topics.EXCEPTION_USAGE.name()));
        reads.addAll(config.rawTopics());
        List<String> writes = new ArrayList<>(List.of(Topics.ALERTS.name(), Topics.DLQ.name(), Topics.NOTICES.name(),
                Topics.EXCEPTION_USAGE.name()));
        if (config.ocsf().enabled()) {
            writes.add(Topics.ALERTS_OCSF.name());
        }
        if (!config.rawTopics().isEmpty()) {
            writes.addAll(List.of(Topics.SIGNIN_EVENTS.name(), Topics.DIRECTORY_CHANGES.name()));
        }
        return AccessDenied.Needs.of(reads, writes, config.applicationId(), config.applicationId());
    }

    private void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        if (newState == KafkaStreams.State.ERROR && failureHandler.lastFailure().isEmpty()) {
            LOG.error("Kafka Streams failed ({} -> ERROR): see the log above", oldState);
        } else if (newState == KafkaStreams.State.ERROR) {
            // The failure handler logged the reason as one ERROR line already.
            LOG.info("Kafka Streams {} -> ERROR (the reason is logged above)", oldState);
        } else {
            LOG.info("Kafka Streams {} -> {}", oldState, newState);
        }
        if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
            terminated.countDown();
        }
    }

    /** The port {@code /metrics}, {@code /health} and {@code /ready} are served on (useful with port 0). */
    public int httpPort() {
        return ops.port();
    }

    /** The port the query API ({@code /api/...}) is served on (useful with port 0); -1 when {@code MFAWATCH_API_PORT=off}. */
    public int apiPort() {
        return api == null ? -1 : api.port();
    }

    /** True while Kafka Streams is RUNNING (what {@code /ready} reports). */
    public boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** False once Kafka Streams is in ERROR or PENDING_ERROR (what {@code /health} reports). */
    public boolean healthy() {
        KafkaStreams.State s = streams.state();
        return s != KafkaStreams.State.ERROR && s != KafkaStreams.State.PENDING_ERROR;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** True if Kafka Streams stopped on its own (a fatal error), as opposed to {@link #close()}. */
    public boolean failed() {
        KafkaStreams.State s = streams.state();
        return s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR
                || (!closing.get() && s == KafkaStreams.State.NOT_RUNNING);
    }

    /** Why the streams died, if they did. */
    public String failureReason() {
        return failureHandler.lastFailure().orElse(failed() ? "Kafka Streams stopped in state " + streams.state() : "");
    }

    /** Blocks until Kafka Streams has stopped (closed or failed). */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Blocks at most {@code timeout}; true if Kafka Streams has stopped. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The meters, for embedding apps and tests. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Stops gracefully within the configured shutdown timeout: Kafka Streams commits and leaves the
     * group, then the HTTP endpoints and meters go. Safe to call more than once.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        Duration timeout = config.shutdownTimeout();
        LOG.info("stopping the detector (at most {})", timeout);
        boolean clean = streams.close(timeout);
        if (!clean) {
            LOG.warn("Kafka Streams did not stop within {}", timeout);
        }
        terminated.countDown();
        if (api != null) {
            api.close();
        }
        ops.close();
        streamsMetrics.close();
        gcMetrics.close();
        registry.close();
        config.normalizer().close();
        LOG.info("detector stopped");
    }

    /** For diagnostics: the settings the app runs with (secrets redacted by {@link DetectorConfig#toString()}). */
    public DetectorConfig config() {
        return config;
    }
}
