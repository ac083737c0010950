package dev.mfawatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfawatch.model.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of valid fixture events (dropped fields, changed types, truncation, flipped
 * bytes, huge strings) must never make a normalizer throw, and every outcome must be well formed.
 * Seeded, so a failure reproduces.
 */
class MutationTest {

    private static final Map<String, List<String>> FIXTURES = Map.of(
            "entra-signin", List.of("graph-list.json", "azure-monitor-records.json"),
            "entra-audit", List.of("audit-records.json", "graph-directory-audit.json"),
            "okta", List.of("system-log.json"),
            "cloudtrail", List.of("cloudtrail-file.json"),
            "google", List.of("activities.json"));
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int ITERATIONS = 3000;

    @Test
    void mutatedEventsNeverThrowOutOfANormalizer() throws IOException {
        Random random = new Random(20261123L);
        List<String> sources = FIXTURES.keySet().stream().sorted().toList();
        int failures = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String source = sources.get(random.nextInt(sources.size()));
            List<String> files = FIXTURES.get(source);
            byte[] original = Fixtures.bytes(source, files.get(random.nextInt(files.size())));
            byte[] mutated = mutate(original, random);
            Normalizer n = Normalizers.forSource(source, new NormalizerConfig(256 * 1024));
            NormalizeResult r = n.normalize(mutated, RecordOrigin.kafka("idp.raw." + source, 0, i));
            assertThat(r.outcomes()).as("iteration %d of %s", i, source).isNotEmpty();
            for (Outcome o : r.outcomes()) {
                assertThat(o.raw()).isNotNull();
                if (o instanceof Outcome.Failure f) {
                    failures++;
                    assertThat(ReasonCodes.FAILURES).contains(f.reason());
                    assertThat(f.message()).isNotBlank().doesNotContain("\n").hasSizeLessThan(400);
                    // mapping_error means a mapper bug escaped the field checks.
                    assertThat(f.reason()).as("iteration %d of %s: %s", i, source, f.message())
                            .isNotEqualTo(ReasonCodes.MAPPING_ERROR);
                } else if (o instanceof Outcome.Skip s) {
                    assertThat(ReasonCodes.SKIPS).contains(s.reason());
                }
            }
        }
        // Some mutations must have broken something, or the test tests nothing.
        assertThat(failures).isPositive();
    }

    private static byte[] mutate(byte[] original, Random random) throws IOException {
        switch (random.nextInt(6)) {
            case 0 -> {
                // truncate
                int len = random.nextInt(original.length);
                byte[] b = new byte[len];
                System.arraycopy(original, 0, b, 0, len);
                return b;
            }
            case 1 -> {
                // flip bytes
                byte[] b = original.clone();
                for (int k = 0, n = 1 + random.nextInt(8); k < n; k++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                return b;
            }
            default -> {
                JsonNode tree = Json.MAPPER.readTree(original);
                for (int k = 0, n = 1 + random.nextInt(6); k < n; k++) {
                    mutateTree(tree, random);
                }
                return Json.MAPPER.writeValueAsBytes(tree);
            }
        }
    }

    /** Picks a random object inside the tree and drops a field, changes its type, or swells it. */
    private static void mutateTree(JsonNode root, Random random) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(root, objects);
        if (objects.isEmpty()) {
            return;
        }
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            return;
        }
        String field = names.get(random.nextInt(names.size()));
        switch (random.nextInt(8)) {
            case 0 -> target.remove(field);
            case 1 -> target.putNull(field);
            case 2 -> target.put(field, random.nextInt());
            case 3 -> target.put(field, random.nextBoolean());
            case 4 -> target.set(field, F.objectNode().put("x", "y"));
            case 5 -> target.set(field, F.arrayNode().add(1).add("two").addNull());
            case 6 -> target.put(field, "x".repeat(50_000 + random.nextInt(100_000)));
            default -> target.put(field, "2026-13-45T99:99:99Z");
        }
    }

    private static void collect(JsonNode node, List<ObjectNode> out) {
        if (node instanceof ObjectNode o) {
            out.add(o);
            for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(e -> collect(e, out));
        }
    }
}
