package dev.mfawatch.detector;

import dev.mfawatch.detector.review.ReviewSettings;
import dev.mfawatch.detector.api.ApiSettings;
import dev.mfawatch.detector.ocsf.OcsfSettings;
import dev.mfawatch.detector.rules.MfaPolicy;
import dev.mfawatch.detector.rules.RuleConfig;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.config.EnvConfig;
import dev.mfawatch.model.config.KafkaSettings;
import dev.mfawatch.normalize.NormalizerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The detector's configuration, read from environment variables overlaid on an optional properties
 * file ({@code MFAWATCH_CONFIG_FILE}, keys spelled like the variables).
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code MFAWATCH_CONFIG_FILE}</td><td>none</td><td>properties file read first; the environment wins</td></tr>
 *   <tr><td>{@code KAFKA_BOOTSTRAP_SERVERS}</td><td>{@code localhost:9092}</td><td>brokers</td></tr>
 *   <tr><td>{@code KAFKA_*}</td><td>none</td><td>any Kafka client / Streams setting: {@code KAFKA_SECURITY_PROTOCOL} → {@code security.protocol}; TLS and SASL pass through unchanged</td></tr>
 *   <tr><td>{@code MFAWATCH_APPLICATION_ID}</td><td>{@code mfa-watch-detector}</td><td>Kafka Streams application id; instances sharing it split the work</td></tr>
 *   <tr><td>{@code MFAWATCH_PROCESSING_GUARANTEE}</td><td>{@code exactly_once_v2}</td><td>or {@code at_least_once}</td></tr>
 *   <tr><td>{@code MFAWATCH_STATE_DIR}</td><td>{@code <java.io.tmpdir>/mfa-watch/<application id>}</td><td>Kafka Streams state directory</td></tr>
 *   <tr><td>{@code MFAWATCH_HTTP_HOST}</td><td>{@code 0.0.0.0}</td><td>address of {@code /metrics}, {@code /health}, {@code /ready}</td></tr>
 *   <tr><td>{@code MFAWATCH_HTTP_PORT}</td><td>{@code 8080}</td><td>their port; {@code 0} picks a free one</td></tr>
 *   <tr><td>{@code MFAWATCH_EXPECT_MFA_SERVICE_PRINCIPALS}</td><td>{@code false}</td><td>expect MFA on service principal / workload sign-ins too</td></tr>
 *   <tr><td>{@code MFAWATCH_EXPECT_MFA_NON_INTERACTIVE}</td><td>{@code false}</td><td>expect MFA on non-interactive sign-ins too</td></tr>
 *   <tr><td>{@code MFAWATCH_CREATE_TOPICS}</td><td>{@code true}</td><td>create missing topics at start</td></tr>
 *   <tr><td>{@code MFAWATCH_TOPIC_PARTITIONS}</td><td>{@code 4}</td><td>partitions of topics created at start</td></tr>
 *   <tr><td>{@code MFAWATCH_SHUTDOWN_TIMEOUT}</td><td>{@code 30s}</td><td>longest a graceful stop may take</td></tr>
 *   <tr><td>{@code MFAWATCH_SOURCES}</td><td>all five</td><td>comma-separated raw sources to normalize from {@code idp.raw.<source>} ({@code entra-signin,entra-audit,okta,cloudtrail,google}); {@code none} for none</td></tr>
 *   <tr><td>{@code MFAWATCH_GEOIP_DB}</td><td>none</td><td>path of a MaxMind-format City database ({@code .mmdb}); sign-ins with a public IP and no coordinates are located from it (see {@link NormalizerConfig#from})</td></tr>
 *   <tr><td>{@code MFAWATCH_SESSION_WAIT}</td><td>{@code 30s}</td><td>how long (stream time) an Okta session start waits for its MFA step</td></tr>
 *   <tr><td>{@code MFAWATCH_REVIEW_PRIVILEGED_ROLES}, {@code MFAWATCH_REVIEW_SAME_CHANGE_WINDOW}</td><td>see {@link ReviewSettings}</td><td>what makes a role change call for a review ({@code REVIEW_TRIGGERED})</td></tr>
 *   <tr><td>{@code MFAWATCH_API_HOST}</td><td>{@code 127.0.0.1}</td><td>address of the query API ({@code /api/*}, see {@link ApiSettings})</td></tr>
 *   <tr><td>{@code MFAWATCH_API_PORT}</td><td>{@code 8082}</td><td>its port; {@code 0} picks a free one; {@code off} serves no API</td></tr>
 *   <tr><td>{@code MFAWATCH_API_TOKEN}</td><td>none</td><td>bearer token every API request must carry; required when the API host is not loopback</td></tr>
 *   <tr><td>{@code MFAWATCH_API_ADVERTISED}</td><td>API host (the machine's name on {@code 0.0.0.0}) and port</td><td>{@code host[:port]} the other instances reach this one's API on</td></tr>
 *   <tr><td>{@code MFAWATCH_OCSF}</td><td>{@code false}</td><td>also write every alert of {@code mfa.alerts} to {@code mfa.alerts.ocsf} as an OCSF Detection Finding (see {@link OcsfSettings})</td></tr>
 *   <tr><td>{@code MFAWATCH_SUPPRESSION_WINDOW}, {@code MFAWATCH_TRAVEL_*}, {@code MFAWATCH_OATH_*}, …</td><td>see {@link DetectionSettings}</td><td>thresholds and windows of the detections</td></tr>
 * </table>
 *
 * <p>Precedence for Streams properties: built-in defaults, then {@code KAFKA_*}, then the
 * {@code MFAWATCH_*} settings above (so {@code KAFKA_APPLICATION_ID} cannot silently fork the app).
 * MFA is expected regardless of the provider's own {@code mfa.required}; see {@link MfaPolicy}.
 */
public record DetectorConfig(
        String applicationId,
        String processingGuarantee,
        Path stateDir,
        String httpHost,
        int httpPort,
        boolean expectMfaServicePrincipals,
        boolean expectMfaNonInteractive,
        boolean createTopics,
        int topicPartitions,
        Duration shutdownTimeout,
        Map<String, String> kafka,
        List<String> rawSources,
        Duration sessionWait,
        NormalizerConfig normalizer,
        DetectionSettings detection,
        ReviewSettings review,
        ApiSettings api,
        OcsfSettings ocsf) implements RuleConfig {

    public static final String APPLICATION_ID = "MFAWATCH_APPLICATION_ID";
    public static final String PROCESSING_GUARANTEE = "MFAWATCH_PROCESSING_GUARANTEE";
    public static final String STATE_DIR = "MFAWATCH_STATE_DIR";
    public static final String HTTP_HOST = "MFAWATCH_HTTP_HOST";
    public static final String HTTP_PORT = "MFAWATCH_HTTP_PORT";
    public static final String EXPECT_MFA_SERVICE_PRINCIPALS = "MFAWATCH_EXPECT_MFA_SERVICE_PRINCIPALS";
    public static final String EXPECT_MFA_NON_INTERACTIVE = "MFAWATCH_EXPECT_MFA_NON_INTERACTIVE";
    public static final String CREATE_TOPICS = "MFAWATCH_CREATE_TOPICS";
    public static final String TOPIC_PARTITIONS = "MFAWATCH_TOPIC_PARTITIONS";
    public static final String SHUTDOWN_TIMEOUT = "MFAWATCH_SHUTDOWN_TIMEOUT";
    public static final String SOURCES = "MFAWATCH_SOURCES";
    public static final String SESSION_WAIT = "MFAWATCH_SESSION_WAIT";

    public static final String DEFAULT_APPLICATION_ID = "mfa-watch-detector";
    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    private static final Set<String> GUARANTEES = Set.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE);

    public DetectorConfig {
        Objects.requireNonNull(applicationId, "applicationId == null");
        Objects.requireNonNull(stateDir, "stateDir == null");
        Objects.requireNonNull(httpHost, "httpHost == null");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout == null");
        Objects.requireNonNull(detection, "detection == null");
        Objects.requireNonNull(normalizer, "normalizer == null");
        Objects.requireNonNull(review, "review == null");
        Objects.requireNonNull(api, "api == null");
        Objects.requireNonNull(ocsf, "ocsf == null");
        if (!GUARANTEES.contains(processingGuarantee)) {
            throw new IllegalArgumentException(PROCESSING_GUARANTEE + ": expected one of " + GUARANTEES + ", got " + processingGuarantee);
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException(HTTP_PORT + ": not a port: " + httpPort);
        }
        if (topicPartitions < 1) {
            throw new IllegalArgumentException(TOPIC_PARTITIONS + ": must be at least 1, got " + topicPartitions);
        }
        Objects.requireNonNull(sessionWait, "sessionWait == null");
        if (sessionWait.isNegative()) {
            throw new IllegalArgumentException(SESSION_WAIT + ": must not be negative, got " + sessionWait);
        }
        rawSources = List.copyOf(rawSources);
        for (String source : rawSources) {
            if (!Topics.RAW_SOURCES.contains(source)) {
                throw new IllegalArgumentException(SOURCES + ": unknown source '" + source + "', expected some of "
                        + Topics.RAW_SOURCES + " or none");
            }
        }
        kafka = Map.copyOf(kafka);
        if (!kafka.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            Map<String, String> withDefault = new HashMap<>(kafka);
            withDefault.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP);
            kafka = Map.copyOf(withDefault);
        }
    }

    /** Reads the settings from {@code env} (normally {@code System.getenv()}, read only by the command). */
    public static DetectorConfig from(Map<String, String> env) {
        EnvConfig c = EnvConfig.of(env);
        String appId = c.get(APPLICATION_ID, DEFAULT_APPLICATION_ID);
        String stateDir = c.get(STATE_DIR, null);
        return new DetectorConfig(
                appId,
                c.get(PROCESSING_GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2).toLowerCase(Locale.ROOT),
                stateDir != null ? Path.of(stateDir) : Path.of(System.getProperty("java.io.tmpdir"), "mfa-watch", appId),
                c.get(HTTP_HOST, "0.0.0.0"),
                c.getInt(HTTP_PORT, 8080),
                c.getBoolean(EXPECT_MFA_SERVICE_PRINCIPALS, false),
                c.getBoolean(EXPECT_MFA_NON_INTERACTIVE, false),
                c.getBoolean(CREATE_TOPICS, true),
                c.getInt(TOPIC_PARTITIONS, 4),
                c.getDuration(SHUTDOWN_TIMEOUT, Duration.ofSeconds(30)),
                c.kafka(),
                sources(c.get(SOURCES, String.join(",", Topics.RAW_SOURCES))),
                c.getDuration(SESSION_WAIT, Duration.ofSeconds(30)),
                NormalizerConfig.from(c.all()),
                DetectionSettings.from(c),
                ReviewSettings.from(c),
                ApiSettings.from(c),
                OcsfSettings.from(c));
    }

    /** {@code "okta, google"} → [okta, google]; {@code none} or blank → none; duplicates once. */
    private static List<String> sources(String value) {
        if (value.isBlank() || value.trim().equalsIgnoreCase("none")) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .distinct().toList();
    }

    /** The raw topics this instance reads, {@code idp.raw.<source>} for each enabled source. */
    public List<String> rawTopics() {
        return rawSources.stream().map(Topics::raw).toList();
    }

    public MfaPolicy mfaPolicy() {
        return new MfaPolicy(expectMfaServicePrincipals, expectMfaNonInteractive);
    }

    /** This configuration with other detection settings. */
    public DetectorConfig withDetection(DetectionSettings settings) {
        return new DetectorConfig(applicationId, processingGuarantee, stateDir, httpHost, httpPort, expectMfaServicePrincipals,
                expectMfaNonInteractive, createTopics, topicPartitions, shutdownTimeout, kafka, rawSources, sessionWait, normalizer,
                settings, review, api, ocsf);
    }

    /** This configuration with other API settings. */
    public DetectorConfig withApi(ApiSettings settings) {
        return new DetectorConfig(applicationId, processingGuarantee, stateDir, httpHost, httpPort, expectMfaServicePrincipals,
                expectMfaNonInteractive, createTopics, topicPartitions, shutdownTimeout, kafka, rawSources, sessionWait, normalizer,
                detection, review, settings, ocsf);
    }

    /** Settings for plain clients (the admin that creates topics): the {@code KAFKA_*} pass-through. */
    public Map<String, Object> clientProperties() {
        return Map.copyOf(kafka);
    }

    /**
     * The one place the Kafka Streams properties are built. No default serdes: every
     * {@code Consumed}/{@code Produced}/store names its own, so a missing one fails at build time.
     * The per-principal detector state and the suppression windows live in RocksDB stores whose
     * memory is bounded by {@link dev.mfawatch.detector.state.BoundedRocksDbConfig}; the register
     * and the Okta session store are in-memory stores.
     */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        p.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, dev.mfawatch.detector.state.BoundedRocksDbConfig.class.getName());
        p.put(dev.mfawatch.detector.state.BoundedRocksDbConfig.MEMORY_CONFIG, String.valueOf(detection.rocksDbMemoryMb()));
        // Kafka Streams 4.x recommends it (and warns at every start without it); 5.0 makes it the default:
        // the register's global thread handles processing errors like the stream threads do.
        p.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // Streams 4.3.1 checks it again in the partition assignor, on a StreamsConfig made of the main
        // consumer's settings: they need the same value, or that check warns anyway.
        p.putIfAbsent(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
                p.getProperty(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG));
        p.remove(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG);
        p.remove(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG);
        return p;
    }

    /** Everything, with secret Kafka settings (passwords, JAAS, keys, tokens) masked. */
    @Override
    public String toString() {
        return "DetectorConfig{applicationId=" + applicationId + ", processingGuarantee=" + processingGuarantee
                + ", stateDir=" + stateDir + ", http=" + httpHost + ":" + httpPort
                + ", expectMfaServicePrincipals=" + expectMfaServicePrincipals
                + ", expectMfaNonInteractive=" + expectMfaNonInteractive + ", createTopics=" + createTopics
                + ", topicPartitions=" + topicPartitions + ", shutdownTimeout=" + shutdownTimeout
                + ", rawSources=" + rawSources + ", sessionWait=" + sessionWait
                + ", geoIpDb=" + (normalizer.geoIp() == null ? "none" : normalizer.geoIp().file())
                + ", kafka=" + KafkaSettings.redacted(kafka) + ", detection=" + detection + ", review=" + review + ", api=" + api + ", ocsf=" + ocsf.enabled() + "}";
    }
}
