package dev.mfawatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfawatch.model.Topics;
import dev.mfawatch.model.signin.RawRef;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NormalizerBadInputTest {

    private static final RecordOrigin ORIGIN = RecordOrigin.kafka("idp.raw.okta", 1, 7L);

    private static Outcome.Failure onlyFailure(NormalizeResult r) {
        assertThat(r.outcomes()).hasSize(1);
        assertThat(r.outcomes().get(0)).isInstanceOf(Outcome.Failure.class);
        return (Outcome.Failure) r.outcomes().get(0);
    }

    @Test
    void everyRawSourceHasANormalizerAndUnknownSourcesAreRejected() {
        for (String source : Topics.RAW_SOURCES) {
            assertThat(Normalizers.forSource(source).source()).isEqualTo(source);
        }
        assertThatThrownBy(() -> Normalizers.forSource("ldap")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown source 'ldap'");
    }

    @Test
    void truncatedJsonIsAFailureWithTheOrigin() {
        Outcome.Failure f = onlyFailure(Normalizers.forSource("okta")
                .normalize("{\"eventType\":\"user.session.start\",\"uuid\":\"x".getBytes(StandardCharsets.UTF_8), ORIGIN));
        assertThat(f.reason()).isEqualTo(ReasonCodes.TRUNCATED_JSON);
        assertThat(f.raw()).isEqualTo(new RawRef("idp.raw.okta", 1, 7L, null));
    }

    @Test
    void invalidJsonAndTrailingGarbageAreFailuresThatDoNotEchoThePayload() {
        Outcome.Failure f = onlyFailure(Normalizers.forSource("okta")
                .normalize("{\"a\":secretTokenValue123}".getBytes(StandardCharsets.UTF_8), ORIGIN));
        assertThat(f.reason()).isEqualTo(ReasonCodes.INVALID_JSON);
        assertThat(f.message()).doesNotContain("secretTokenValue123");
        Outcome.Failure trailing = onlyFailure(Normalizers.forSource("okta")
                .normalize("{} {}".getBytes(StandardCharsets.UTF_8), ORIGIN));
        assertThat(trailing.reason()).isEqualTo(ReasonCodes.INVALID_JSON);
    }

    @Test
    void nonUtf8BytesAreRejected() {
        byte[] latin1 = "{\"eventType\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(onlyFailure(Normalizers.forSource("okta").normalize(latin1, ORIGIN)).reason())
                .isEqualTo(ReasonCodes.INVALID_UTF8);
        byte[] utf16 = "{\"eventType\":\"x\"}".getBytes(StandardCharsets.UTF_16LE);
        assertThat(onlyFailure(Normalizers.forSource("okta").normalize(utf16, ORIGIN)).reason())
                .isEqualTo(ReasonCodes.INVALID_UTF8);
    }

    @Test
    void utf8VerdictMatchesTheStrictDecoderWhereverTheBadBytesSit() {
        // Valid multi-byte text, overlongs, encoded surrogates, beyond U+10FFFF, stray and missing
        // continuation bytes, a NUL: after ASCII prefixes of every length across an 8-byte word, and
        // followed by more ASCII, the verdict is the JDK's strict decoder's on the whole record.
        byte[][] pieces = {{(byte) 0xC3, (byte) 0xA9}, {(byte) 0xE2, (byte) 0x82, (byte) 0xAC},
                {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFF}, {0}};
        Normalizer n = Normalizers.forSource("okta");
        int invalid = 0;
        for (byte[] piece : pieces) {
            for (int prefix = 0; prefix <= 17; prefix++) {
                for (String tail : new String[] {"\"}", "abcdefghijklmnop\"}"}) {
                    byte[] head = ("{\"eventType\":\"" + "x".repeat(prefix)).getBytes(StandardCharsets.UTF_8);
                    byte[] end = tail.getBytes(StandardCharsets.UTF_8);
                    byte[] record = new byte[head.length + piece.length + end.length];
                    System.arraycopy(head, 0, record, 0, head.length);
                    System.arraycopy(piece, 0, record, head.length, piece.length);
                    System.arraycopy(end, 0, record, head.length + piece.length, end.length);
                    boolean strictlyValid = decodes(record) && piece[0] != 0;
                    boolean rejected = n.normalize(record, ORIGIN).outcomes().stream().anyMatch(o -> o instanceof Outcome.Failure f
                            && f.reason().equals(ReasonCodes.INVALID_UTF8));
                    assertThat(rejected).as("piece %s after %d bytes", Arrays.toString(piece), head.length)
                            .isEqualTo(!strictlyValid);
                    invalid += rejected ? 1 : 0;
                }
            }
        }
        assertThat(invalid).isEqualTo(7 * 18 * 2);
    }

    private static boolean decodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void oversizedRecordsAreRejectedBeforeParsing() {
        byte[] big = new byte[2048];
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[2047] = '}';
        Normalizer n = Normalizers.forSource("okta", new NormalizerConfig(1024));
        Outcome.Failure f = onlyFailure(n.normalize(big, ORIGIN));
        assertThat(f.reason()).isEqualTo(ReasonCodes.RECORD_TOO_LARGE);
        assertThat(f.message()).isEqualTo("the record has 2048 bytes, more than the limit of 1024");
        assertThat(NormalizerConfig.DEFAULTS.maxRecordBytes()).isEqualTo(1_048_576);
    }

    @Test
    void documentsBeyondTheParsersLimitsAreFailuresNotExceptions() {
        // Jackson's StreamReadConstraints allow 1000 levels; 5000 is a hostile record, not a crash.
        byte[] arrays = ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.US_ASCII);
        byte[] objects = ("{\"a\":".repeat(5000) + "1" + "}".repeat(5000)).getBytes(StandardCharsets.US_ASCII);
        for (String source : Topics.RAW_SOURCES) {
            for (byte[] deep : new byte[][] {arrays, objects}) {
                Outcome.Failure f = onlyFailure(Normalizers.forSource(source).normalize(deep, ORIGIN));
                assertThat(f.reason()).as(source).isEqualTo(ReasonCodes.RECORD_TOO_LARGE);
                assertThat(f.message()).as(source).startsWith("beyond the JSON parser's limits: ").contains("nesting depth");
            }
        }
    }

    @Test
    void emptyNullAndNonObjectElementsFail() {
        Normalizer n = Normalizers.forSource("okta");
        assertThat(onlyFailure(n.normalize(new byte[0], ORIGIN)).reason()).isEqualTo(ReasonCodes.EMPTY_RECORD);
        assertThat(onlyFailure(n.normalize(null, null)).reason()).isEqualTo(ReasonCodes.EMPTY_RECORD);
        assertThat(onlyFailure(n.normalize("   ".getBytes(StandardCharsets.UTF_8), ORIGIN)).reason())
                .isEqualTo(ReasonCodes.EMPTY_RECORD);
        NormalizeResult r = n.normalize("[1, \"x\"]".getBytes(StandardCharsets.UTF_8), ORIGIN);
        assertThat(r.failures()).extracting(Outcome.Failure::reason, Outcome.Failure::element)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ReasonCodes.NOT_AN_OBJECT, 0),
                        org.assertj.core.groups.Tuple.tuple(ReasonCodes.NOT_AN_OBJECT, 1));
    }

    @Test
    void missingAndIllTypedFieldsFailOnlyTheirElement() {
        String batch = "{\"records\":["
                + "{\"category\":\"SignInLogs\",\"properties\":{\"id\":\"ok-1\",\"createdDateTime\":\"2026-11-01T00:00:00Z\","
                + "\"userPrincipalName\":\"a@example.org\",\"status\":{\"errorCode\":0}}},"
                + "{\"category\":\"SignInLogs\",\"properties\":{\"id\":\"no-user\",\"createdDateTime\":\"2026-11-01T00:00:00Z\","
                + "\"status\":{\"errorCode\":0}}},"
                + "{\"category\":\"SignInLogs\",\"properties\":{\"id\":\"bad-time\",\"createdDateTime\":\"yesterday\","
                + "\"userPrincipalName\":\"a@example.org\",\"status\":{\"errorCode\":0}}},"
                + "{\"category\":\"SignInLogs\",\"properties\":{\"id\":\"obj-upn\",\"createdDateTime\":\"2026-11-01T00:00:00Z\","
                + "\"userPrincipalName\":{\"x\":1},\"status\":{\"errorCode\":0}}}]}";
        NormalizeResult r = Normalizers.forSource("entra-signin").normalize(batch.getBytes(StandardCharsets.UTF_8), ORIGIN);
        assertThat(r.signInEvents()).extracting(e -> e.eventId()).containsExactly("ok-1");
        assertThat(r.failures()).extracting(Outcome.Failure::reason, Outcome.Failure::message, f -> f.raw().recordId())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ReasonCodes.MISSING_FIELD, "userPrincipalName is required", "no-user"),
                        org.assertj.core.groups.Tuple.tuple(ReasonCodes.INVALID_FIELD, "createdDateTime must be an ISO-8601 time", "bad-time"),
                        org.assertj.core.groups.Tuple.tuple(ReasonCodes.INVALID_FIELD, "userPrincipalName must be a string", "obj-upn"));
    }

    @Test
    void eventsWithoutAProviderIdGetADeterministicId() {
        byte[] bytes = ("{\"category\":\"SignInLogs\",\"properties\":{\"createdDateTime\":\"2026-11-01T00:00:00Z\","
                + "\"userPrincipalName\":\"a@example.org\",\"status\":{\"errorCode\":0}}}").getBytes(StandardCharsets.UTF_8);
        Normalizer n = Normalizers.forSource("entra-signin");
        String first = n.normalize(bytes).signInEvents().get(0).eventId();
        assertThat(first).startsWith("entra-signin:").endsWith(":0").hasSize("entra-signin:".length() + 20 + 2);
        assertThat(n.normalize(bytes).signInEvents().get(0).eventId()).isEqualTo(first);
        // The same event in an envelope, pretty-printed, as the second element: the same id.
        byte[] batch = ("{\"records\": [ {\"category\":\"SignInLogs\",\"properties\":{\"id\":\"x\","
                + "\"createdDateTime\":\"2026-11-01T00:00:00Z\",\"userPrincipalName\":\"b@example.org\","
                + "\"status\":{\"errorCode\":0}}},\n  " + new String(bytes, StandardCharsets.UTF_8).replace(",", ",\n ")
                + "]}").getBytes(StandardCharsets.UTF_8);
        assertThat(n.normalize(batch).signInEvents()).extracting(e -> e.eventId()).containsExactly("x", first);
    }
}
