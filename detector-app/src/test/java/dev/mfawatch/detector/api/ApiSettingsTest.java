package dev.mfawatch.detector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.model.config.EnvConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the API listens and the token rules. */
class ApiSettingsTest {

    private static ApiSettings from(Map<String, String> env) {
        return ApiSettings.from(EnvConfig.of(env));
    }

    @Test
    void defaultsToLoopbackOnPort8082WithoutToken() {
        ApiSettings s = from(Map.of());
        assertThat(s.enabled()).isTrue();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8082);
        assertThat(s.token()).isNull();
        assertThat(s.advertisedAddress(8082)).isEqualTo("127.0.0.1:8082");
    }

    @Test
    void offServesNoApi() {
        assertThat(from(Map.of("MFAWATCH_API_PORT", "off")).enabled()).isFalse();
        assertThat(from(Map.of("MFAWATCH_API_PORT", "OFF")).toString()).isEqualTo("off");
        assertThatThrownBy(() -> from(Map.of("MFAWATCH_API_PORT", "eighty")))
                .hasMessageContaining("MFAWATCH_API_PORT").hasMessageContaining("off");
        assertThatThrownBy(() -> from(Map.of("MFAWATCH_API_PORT", "70000"))).hasMessageContaining("not a port");
    }

    @Test
    void aNonLoopbackHostWithoutTokenRefusesToStart() {
        for (String host : new String[] {"0.0.0.0", "::", "192.0.2.10", "no-such-host.invalid"}) {
            assertThatThrownBy(() -> from(Map.of("MFAWATCH_API_HOST", host))).as(host)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MFAWATCH_API_TOKEN").hasMessageContaining("not a loopback address");
        }
        // Off: nothing listens, so nothing to protect.
        assertThat(from(Map.of("MFAWATCH_API_HOST", "0.0.0.0", "MFAWATCH_API_PORT", "off")).enabled()).isFalse();
        assertThat(from(Map.of("MFAWATCH_API_HOST", "0.0.0.0", "MFAWATCH_API_TOKEN", "s3cret-token")).token())
                .isEqualTo("s3cret-token");
        for (String loopback : new String[] {"127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"}) {
            assertThat(from(Map.of("MFAWATCH_API_HOST", loopback)).host()).isEqualTo(loopback);
        }
    }

    @Test
    void theAdvertisedAddressTakesTheBoundPortWhenItNamesNone() {
        ApiSettings named = from(Map.of("MFAWATCH_API_ADVERTISED", "detector-2.internal"));
        assertThat(named.advertisedAddress(40123)).isEqualTo("detector-2.internal:40123");
        ApiSettings full = from(Map.of("MFAWATCH_API_ADVERTISED", "detector-2.internal:9000"));
        assertThat(full.advertisedAddress(40123)).isEqualTo("detector-2.internal:9000");
        assertThat(from(Map.of("MFAWATCH_API_ADVERTISED", "[2001:db8::5]")).advertisedAddress(8082)).isEqualTo("[2001:db8::5]:8082");
        // Bound to every interface: the machine's name, never 0.0.0.0, which no other instance can reach.
        ApiSettings wildcard = from(Map.of("MFAWATCH_API_HOST", "0.0.0.0", "MFAWATCH_API_TOKEN", "t0ken-t0ken"));
        assertThat(wildcard.advertisedAddress(8082)).doesNotStartWith("0.0.0.0").endsWith(":8082");
    }

    @Test
    void theTokenNeverShowsInTheConfiguration() {
        DetectorConfig c = DetectorConfig.from(Map.of("MFAWATCH_API_HOST", "0.0.0.0", "MFAWATCH_API_TOKEN", "hunter2-hunter2"));
        assertThat(c.api().token()).isEqualTo("hunter2-hunter2");
        assertThat(c.toString()).doesNotContain("hunter2").contains("api=0.0.0.0:8082, token=[redacted]");
        assertThat(DetectorConfig.from(Map.of()).toString()).contains("api=127.0.0.1:8082, token=none");
    }

    @Test
    void theBearerTokenMustMatchExactly() {
        ApiAuth auth = new ApiAuth("s3cret-token");
        assertThat(auth.required()).isTrue();
        assertThat(auth.allows("Bearer s3cret-token")).isTrue();
        assertThat(auth.allows("bearer s3cret-token")).isTrue();
        assertThat(auth.allows(null)).isFalse();
        assertThat(auth.allows("")).isFalse();
        assertThat(auth.allows("s3cret-token")).isFalse();
        assertThat(auth.allows("Basic s3cret-token")).isFalse();
        assertThat(auth.allows("Bearer s3cret-toke")).isFalse();
        assertThat(auth.allows("Bearer s3cret-token2")).isFalse();
        assertThat(auth.allows("Bearer S3CRET-TOKEN")).isFalse();
        ApiAuth open = new ApiAuth(null);
        assertThat(open.required()).isFalse();
        assertThat(open.allows(null)).isTrue();
    }
}
