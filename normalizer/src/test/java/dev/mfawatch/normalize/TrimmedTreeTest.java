package dev.mfawatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfawatch.model.Json;
import dev.mfawatch.normalize.entra.EntraSignInNormalizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TrimmedTreeTest {

    private static final ObjectReader PLAIN = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TrimmedTree.Rule NOTHING = new TrimmedTree.Rule(Set.of(), Set.of());
    private static final TrimmedTree.Rule POLICIES = new TrimmedTree.Rule(Set.of("appliedConditionalAccessPolicies"),
            Set.of("result", "enforcedGrantControls", "enforcedgrantcontrols"));

    private static TrimmedTree.Read read(TrimmedTree.Rule rule, byte[] bytes) throws Exception {
        return TrimmedTree.reader(PLAIN, rule).readValue(bytes);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void withoutTrimmingTheTreeIsReadTreesForEveryTestDocument() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("src/test/resources"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(100);
        List<String> extra = List.of("{\"a\":1,\"a\":{\"b\":[null,true,1.5,-0.0,1e400,12345678901234567890,\"s\"]}}",
                "[[[[[[[[[[[{\"deep\":[1,{\"x\":{}}]}]]]]]]]]]]]", "{\"n\":null,\"e\":{},\"l\":[]}");
        int read = 0;
        for (byte[] doc : Stream.concat(files.stream().map(TrimmedTreeTest::bytes), extra.stream().map(TrimmedTreeTest::utf8))
                .toList()) {
            JsonNode plain;
            try {
                plain = PLAIN.readTree(doc);
            } catch (Exception e) {
                continue;
            }
            if (!plain.isContainerNode()) {
                continue;
            }
            TrimmedTree.Read r = read(NOTHING, doc);
            assertThat(r.trimmed()).isFalse();
            assertThat(r.root()).isEqualTo(plain);
            assertThat(r.root().toString()).isEqualTo(plain.toString());
            read++;
        }
        assertThat(read).isGreaterThan(100);
    }

    @Test
    void policyObjectsKeepOnlyTheFieldsTheMapperReads() throws Exception {
        String doc = "{\"value\":[{\"id\":\"s1\",\"status\":{\"errorCode\":0},\"appliedConditionalAccessPolicies\":["
                + "{\"id\":\"p1\",\"displayName\":\"x\",\"enforcedGrantControls\":[\"Mfa\"],\"result\":\"success\","
                + "\"conditionsSatisfied\":\"users\",\"includeRulesSatisfied\":[{\"a\":{\"b\":1}}]},"
                + "{\"enforcedgrantcontrols\":\"mfa\"},\"odd\",null,"
                // Another field order, a repeated name, more fields than before: names are guessed by position.
                + "{\"result\":\"failure\",\"id\":\"p3\",\"enforcedGrantControls\":[\"Block\"]},"
                + "{\"id\":\"p4\",\"displayName\":\"y\",\"enforcedGrantControls\":[],\"result\":\"notApplied\","
                + "\"conditionsSatisfied\":\"none\",\"result\":\"success\",\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}"
                + "],\"other\":[{\"id\":\"kept\"}]}]}";
        TrimmedTree.Read r = read(POLICIES, utf8(doc));
        assertThat(r.trimmed()).isTrue();
        JsonNode plain = PLAIN.readTree(doc);
        ObjectNode expected = plain.deepCopy();
        for (JsonNode policy : expected.get("value").get(0).get("appliedConditionalAccessPolicies")) {
            if (policy.isObject()) {
                ((ObjectNode) policy).retain("result", "enforcedGrantControls", "enforcedgrantcontrols");
            }
        }
        assertThat(expected.toString()).contains("{\"enforcedGrantControls\":[\"Mfa\"],\"result\":\"success\"}",
                "{\"enforcedGrantControls\":[],\"result\":\"success\"}");
        assertThat(r.root()).isEqualTo(expected);
        assertThat(r.root().toString()).isEqualTo(expected.toString());
    }

    @Test
    void invalidJsonInsideATrimmedArrayIsStillInvalid() {
        byte[] bad = utf8("{\"id\":\"s1\",\"appliedConditionalAccessPolicies\":[{\"displayName\":\"x\",\"bad\":tru}]}");
        NormalizeResult r = new EntraSignInNormalizer(null).normalize(bad, RecordOrigin.NONE);
        assertThat(r.failures()).extracting(Outcome.Failure::reason).containsExactly(ReasonCodes.INVALID_JSON);
    }

    @Test
    void anEventWithoutIdIsHashedWhole() throws Exception {
        String event = "{\"createdDateTime\":\"2026-11-01T00:00:00Z\",\"userPrincipalName\":\"a@example.org\","
                + "\"status\":{\"errorCode\":0},\"appliedConditionalAccessPolicies\":[{\"id\":\"p1\",\"displayName\":\"x\","
                + "\"enforcedGrantControls\":[\"Mfa\"],\"result\":\"success\"}]}";
        String doc = "[{\"id\":\"other\",\"createdDateTime\":\"2026-11-01T00:00:00Z\",\"userPrincipalName\":\"b@example.org\","
                + "\"status\":{\"errorCode\":0}}, " + event + "]";
        NormalizeResult r = new EntraSignInNormalizer(null).normalize(utf8(doc), RecordOrigin.NONE);
        String expected = "entra-signin:" + MapContext.sha256(PLAIN.readTree(event).toString()).substring(0, 20) + ":0";
        assertThat(r.signInEvents()).extracting(e -> e.eventId()).containsExactly("other", expected);
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
