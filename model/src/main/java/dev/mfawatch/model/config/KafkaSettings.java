package dev.mfawatch.model.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka client settings from the environment: every {@code KAFKA_FOO_BAR} becomes {@code foo.bar},
 * so TLS and SASL (e.g. {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_JAAS_CONFIG}) reach the
 * clients without code changes.
 */
public final class KafkaSettings {

    public static final String PREFIX = "KAFKA_";

    private KafkaSettings() {
    }

    public static Map<String, String> fromEnv(Map<String, String> env) {
        Map<String, String> props = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(PREFIX) && k.length() > PREFIX.length() && v != null) {
                props.put(k.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        return props;
    }

    /** The environment variable that names the brokers. */
    public static final String BOOTSTRAP_ENV = PREFIX + "BOOTSTRAP_SERVERS";

    /**
     * {@code env} with a command's {@code --bootstrap-servers} value, when given, in place of
     * {@code KAFKA_BOOTSTRAP_SERVERS}: the option wins over the environment.
     */
    public static Map<String, String> withBootstrap(Map<String, String> env, String bootstrapServers) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            return env;
        }
        Map<String, String> copy = new TreeMap<>(env);
        copy.put(BOOTSTRAP_ENV, bootstrapServers.trim());
        return copy;
    }

    /** True for settings whose values must never be printed. */
    public static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        // "passphrase": sasl.oauthbearer.assertion.private.key.passphrase (Kafka 4.1+).
        return k.contains("password") || k.contains("passphrase") || k.contains("secret") || k.contains("jaas")
                || k.contains("token") || k.contains("credential") || k.endsWith(".key");
    }

    /** Renders settings with secret values masked, for logs and {@code toString()}. */
    public static String redacted(Map<String, ?> props) {
        StringBuilder sb = new StringBuilder("{");
        new TreeMap<>(props).forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(k).append('=').append(secret(k) ? "[redacted]" : v);
        });
        return sb.append('}').toString();
    }
}
