package dev.mfawatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsCanonicalSignInAndNormalisesPrincipal() {
        SignInEvent e = Topics.SIGNIN_SERDE.read(utf8("""
                {"eventId":"e1","source":"entra","time":"2026-03-01T08:00:00Z",
                 "principal":{"id":"Alice@Example.COM","aliases":["0f1E"]},
                 "result":"SUCCESS","mfa":{"satisfied":false},"futureField":42}"""));
        assertThat(e.principal().id()).isEqualTo("alice@example.com");
        assertThat(e.principal().names()).containsExactly("alice@example.com", "0f1e");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-03-01T08:00:00Z"));
        assertThat(e.result()).isEqualTo(SignInResult.SUCCESS);
        assertThat(e.mfa().methodClass()).isEqualTo(MethodClass.NONE);
        assertThat(e.interactive()).isTrue();
    }

    @Test
    void roundTripsWithIsoInstants() {
        SignInEvent e = Topics.SIGNIN_SERDE.read(utf8("""
                {"eventId":"e1","source":"entra","time":"2026-03-01T08:00:00Z","principal":{"id":"a@x"},"result":"FAILURE"}"""));
        String json = new String(Topics.SIGNIN_SERDE.write(e), StandardCharsets.UTF_8);
        assertThat(json).contains("\"time\":\"2026-03-01T08:00:00Z\"");
        assertThat(Topics.SIGNIN_SERDE.read(utf8(json))).isEqualTo(e);
    }

    @Test
    void missingRequiredFieldNamesTheField() {
        assertThatThrownBy(() -> Topics.SIGNIN_SERDE.read(utf8("""
                {"eventId":"e1","source":"entra","principal":{"id":"a@x"},"result":"SUCCESS"}""")))
                .isInstanceOf(SerializationException.class)
                .hasMessage("SignInEvent: time is required");
    }

    @Test
    void truncatedJsonIsASerializationExceptionWithoutThePayload() {
        assertThatThrownBy(() -> Topics.SIGNIN_SERDE.read(utf8("{\"eventId\":\"secret-token-abc")))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("SignInEvent: Unexpected end-of-input")
                .hasMessageNotContaining("secret-token-abc");
    }

    @Test
    void unknownResultValueIsRejected() {
        assertThatThrownBy(() -> Topics.SIGNIN_SERDE.read(utf8("""
                {"eventId":"e1","source":"s","time":"2026-03-01T08:00:00Z","principal":{"id":"a"},"result":"MAYBE"}""")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("MAYBE");
    }

    @Test
    void nullIsATombstone() {
        assertThat(Topics.REGISTER_SERDE.read(null)).isNull();
        assertThat(Topics.REGISTER_SERDE.write(null)).isNull();
    }
}
