package dev.mfawatch.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfawatch.detector.state.BoundedRocksDbConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorConfigTest {

    @Test
    void defaults() {
        DetectorConfig c = DetectorConfig.from(Map.of());
        assertThat(c.applicationId()).isEqualTo("mfa-watch-detector");
        assertThat(c.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(c.stateDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "mfa-watch", "mfa-watch-detector"));
        assertThat(c.httpHost()).isEqualTo("0.0.0.0");
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.expectMfaServicePrincipals()).isFalse();
        assertThat(c.expectMfaNonInteractive()).isFalse();
        assertThat(c.createTopics()).isTrue();
        assertThat(c.topicPartitions()).isEqualTo(4);
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.kafka()).containsExactly(Map.entry("bootstrap.servers", "localhost:9092"));
        assertThat(c.normalizer().geoIp()).isNull();
        assertThat(c.toString()).contains("geoIpDb=none");
    }

    @Test
    void aGeoIpDatabaseThatCannotBeOpenedIsAStartupErrorNamingVariableAndPath(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("GeoLite2-City.mmdb");
        assertThatThrownBy(() -> DetectorConfig.from(Map.of("MFAWATCH_GEOIP_DB", missing.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("MFAWATCH_GEOIP_DB: cannot open " + missing);
        Path notADatabase = Files.writeString(dir.resolve("City.mmdb"), "{}");
        Path file = dir.resolve("detector.properties");
        Files.writeString(file, "MFAWATCH_GEOIP_DB=" + notADatabase + "\n");
        // Read from the properties file too, like every other setting.
        assertThatThrownBy(() -> DetectorConfig.from(Map.of("MFAWATCH_CONFIG_FILE", file.toString())))
                .hasMessageStartingWith("MFAWATCH_GEOIP_DB: cannot open " + notADatabase);
    }

    @Test
    void environmentOverridesAndKafkaPassThrough() {
        DetectorConfig c = DetectorConfig.from(Map.of(
                "MFAWATCH_APPLICATION_ID", "det-2", "MFAWATCH_PROCESSING_GUARANTEE", "AT_LEAST_ONCE",
                "MFAWATCH_HTTP_PORT", "0", "MFAWATCH_EXPECT_MFA_SERVICE_PRINCIPALS", "yes",
                "MFAWATCH_EXPECT_MFA_NON_INTERACTIVE", "true", "MFAWATCH_TOPIC_PARTITIONS", "12",
                "MFAWATCH_SHUTDOWN_TIMEOUT", "5s",
                "KAFKA_BOOTSTRAP_SERVERS", "b1:9093", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"hunter2\";"));
        assertThat(c.applicationId()).isEqualTo("det-2");
        assertThat(c.processingGuarantee()).isEqualTo("at_least_once");
        assertThat(c.httpPort()).isZero();
        assertThat(c.mfaPolicy().expectServicePrincipals()).isTrue();
        assertThat(c.mfaPolicy().expectNonInteractive()).isTrue();
        assertThat(c.topicPartitions()).isEqualTo(12);
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));

        Properties p = c.streamsProperties();
        assertThat(p).containsEntry("bootstrap.servers", "b1:9093").containsEntry("security.protocol", "SASL_SSL")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "det-2")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once")
                .containsEntry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true")
                .doesNotContainKey(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG)
                .doesNotContainKey(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG);
        assertThat(p.getProperty("sasl.jaas.config")).contains("hunter2");
    }

    @Test
    void mfawatchSettingsWinOverKafkaPassThrough() {
        Properties p = DetectorConfig.from(Map.of("KAFKA_APPLICATION_ID", "other", "KAFKA_PROCESSING_GUARANTEE", "at_least_once",
                "KAFKA_DEFAULT_KEY_SERDE", "org.apache.kafka.common.serialization.Serdes$StringSerde")).streamsProperties();
        assertThat(p).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "mfa-watch-detector")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2")
                .doesNotContainKey(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG);
    }

    @Test
    void rocksDbMemoryReachesTheConfigSetterAndIsChecked() {
        assertThat(DetectorConfig.from(Map.of()).streamsProperties())
                .containsEntry(BoundedRocksDbConfig.MEMORY_CONFIG, "128");
        assertThat(DetectorConfig.from(Map.of("MFAWATCH_ROCKSDB_MEMORY_MB", "512")).streamsProperties())
                .containsEntry(BoundedRocksDbConfig.MEMORY_CONFIG, "512");
        assertThatThrownBy(() -> DetectorConfig.from(Map.of("MFAWATCH_ROCKSDB_MEMORY_MB", "8")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MFAWATCH_ROCKSDB_MEMORY_MB");
    }

    @Test
    void toStringRedactsSecrets() {
        String s = DetectorConfig.from(Map.of("KAFKA_SASL_JAAS_CONFIG", "x required password=\"hunter2\";",
                "KAFKA_SSL_KEYSTORE_PASSWORD", "s3cret")).toString();
        assertThat(s).doesNotContain("hunter2").doesNotContain("s3cret").contains("sasl.jaas.config=[redacted]")
                .contains("bootstrap.servers=localhost:9092");
    }

    @Test
    void propertiesFileIsOverlaidByTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("detector.properties");
        Files.writeString(file, "MFAWATCH_HTTP_PORT=9100\nMFAWATCH_APPLICATION_ID=from-file\nKAFKA_BOOTSTRAP_SERVERS=file:9092\n");
        DetectorConfig c = DetectorConfig.from(Map.of("MFAWATCH_CONFIG_FILE", file.toString(), "MFAWATCH_APPLICATION_ID", "from-env"));
        assertThat(c.httpPort()).isEqualTo(9100);
        assertThat(c.applicationId()).isEqualTo("from-env");
        assertThat(c.kafka()).containsEntry("bootstrap.servers", "file:9092");
    }

    @Test
    void invalidValuesNameTheVariable() {
        assertThatThrownBy(() -> DetectorConfig.from(Map.of("MFAWATCH_PROCESSING_GUARANTEE", "exactly_once")))
                .hasMessageContaining("MFAWATCH_PROCESSING_GUARANTEE");
        assertThatThrownBy(() -> DetectorConfig.from(Map.of("MFAWATCH_HTTP_PORT", "http"))).hasMessageContaining("MFAWATCH_HTTP_PORT");
        assertThatThrownBy(() -> DetectorConfig.from(Map.of("MFAWATCH_HTTP_PORT", "70000"))).hasMessageContaining("MFAWATCH_HTTP_PORT");
        assertThatThrownBy(() -> DetectorConfig.from(Map.of("MFAWATCH_TOPIC_PARTITIONS", "0"))).hasMessageContaining("MFAWATCH_TOPIC_PARTITIONS");
        assertThatThrownBy(() -> DetectorConfig.from(Map.of("MFAWATCH_EXPECT_MFA_NON_INTERACTIVE", "maybe")))
                .hasMessageContaining("MFAWATCH_EXPECT_MFA_NON_INTERACTIVE");
    }
}
