package dev.mfawatch.model.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    @Test
    void kafkaVariablesBecomeClientProperties() {
        Map<String, String> props = KafkaSettings.fromEnv(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "b:9093",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"hunter2\";",
                "MFAWATCH_HTTP_PORT", "8080",
                "KAFKA_", "ignored"));
        assertThat(props).containsOnlyKeys("bootstrap.servers", "security.protocol", "sasl.jaas.config");
        assertThat(props).containsEntry("bootstrap.servers", "b:9093");
    }

    @Test
    void aBootstrapServersOptionWinsOverTheEnvironment() {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092", "KAFKA_CLIENT_ID", "x");
        assertThat(KafkaSettings.fromEnv(KafkaSettings.withBootstrap(env, " localhost:19092 ")))
                .containsEntry("bootstrap.servers", "localhost:19092").containsEntry("client.id", "x");
        assertThat(KafkaSettings.withBootstrap(env, null)).isSameAs(env);
        assertThat(KafkaSettings.fromEnv(KafkaSettings.withBootstrap(Map.of(), "h:1"))).containsEntry("bootstrap.servers", "h:1");
    }

    @Test
    void redactionHidesSecrets() {
        String shown = KafkaSettings.redacted(Map.of("sasl.jaas.config", "password=hunter2",
                "ssl.truststore.password", "changeit", "bootstrap.servers", "b:9093",
                "sasl.oauthbearer.assertion.private.key.passphrase", "open-sesame",
                "sasl.oauthbearer.client.credentials.client.secret", "s3cret", "ssl.keystore.key", "-----BEGIN"));
        assertThat(shown).doesNotContain("hunter2").doesNotContain("changeit").doesNotContain("open-sesame")
                .doesNotContain("s3cret").doesNotContain("BEGIN").contains("bootstrap.servers=b:9093");
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(Durations.parse("x", "90s")).hasSeconds(90);
        assertThat(Durations.parse("x", "10m")).hasMinutes(10);
        assertThat(Durations.parse("x", "PT2H")).hasHours(2);
    }
}
