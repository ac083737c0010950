package dev.mfawatch.detector.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.breakglass.BreakGlassSignInDetector;
import dev.mfawatch.detector.factors.FactorHistory;
import dev.mfawatch.detector.oath.OathSignals;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.detector.rules.StatefulDetector;
import dev.mfawatch.detector.travel.TravelHistory;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.signin.MethodClass;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each stateful rule's state as the API shows it: decoded with the rule's codec, times as ISO instants. */
class RuleViewsTest {

    private static final Instant T = Instant.parse("2026-11-23T09:00:00Z");
    private final List<Detector> detectors = Detectors.all(DetectorConfig.from(Map.of()));

    @SuppressWarnings("unchecked")
    private <S> JsonNode view(String rule, S state) {
        StatefulDetector<S> d = (StatefulDetector<S>) detectors.stream().filter(x -> x.metadata().id().equals(rule))
                .findFirst().orElseThrow();
        // Through the codec, as the API reads it from principal-state.
        return Json.MAPPER.valueToTree(d.view(d.codec().decode(d.codec().encode(state))));
    }

    @Test
    void travelShowsRecentLocations() {
        JsonNode v = view("IMPOSSIBLE_TRAVEL", new TravelHistory(List.of(
                new TravelHistory.Anchor(T.toEpochMilli(), 52.52f, 13.40f, 10, "DE"),
                new TravelHistory.Anchor(T.plusSeconds(3600).toEpochMilli(), 48.85f, 2.35f, 0, ""))));
        JsonNode first = v.get("recentLocations").get(0);
        assertThat(first.get("at").asText()).isEqualTo("2026-11-23T09:00:00Z");
        assertThat(first.get("lat").asDouble()).isCloseTo(52.52, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(first.get("country").asText()).isEqualTo("DE");
        assertThat(first.get("accuracyKm").asInt()).isEqualTo(10);
        // Unknown accuracy and country are left out rather than shown as 0 and "".
        JsonNode second = v.get("recentLocations").get(1);
        assertThat(second.get("at").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(second.has("country")).isFalse();
        assertThat(second.has("accuracyKm")).isFalse();
    }

    @Test
    void factorsShowMethodClassesAndThePendingChange() {
        JsonNode v = view("FACTOR_SWAP", new FactorHistory(
                List.of(new FactorHistory.Method(12345, (byte) MethodClass.PUSH.ordinal(), T.getEpochSecond())),
                new FactorHistory.Change(T.plusSeconds(60).getEpochSecond(), (byte) ChangeOperation.FACTOR_RESET.ordinal(),
                        (byte) MethodClass.SMS_VOICE.ordinal())));
        assertThat(v.get("recentMethods").get(0).get("methodClass").asText()).isEqualTo("PUSH");
        assertThat(v.get("recentMethods").get(0).get("lastUsed").asText()).isEqualTo("2026-11-23T09:00:00Z");
        assertThat(v.get("recentMethods").get(0).has("nameHash")).isFalse();
        assertThat(v.get("pendingChange").get("operation").asText()).isEqualTo("FACTOR_RESET");
        assertThat(v.get("pendingChange").get("at").asText()).isEqualTo("2026-11-23T09:01:00Z");
        assertThat(v.get("pendingChange").get("methodClass").asText()).isEqualTo("SMS_VOICE");
    }

    @Test
    void oathShowsSignalKindsWithoutTheHashes() {
        JsonNode v = view("OATH_DESYNC", new OathSignals(List.of(new OathSignals.Signal(T.getEpochSecond(), 7, 9, (byte) 2))));
        assertThat(v.get("recentSignals").get(0).get("kind").asText()).isEqualTo("DESYNC");
        assertThat(v.get("recentSignals").get(0).get("at").asText()).isEqualTo("2026-11-23T09:00:00Z");
        assertThat(v.toString()).doesNotContain("ipHash").doesNotContain("sessionHash");
    }

    @Test
    void fatigueShowsPromptKindsAndTheFollowUpWindow() {
        JsonNode v = view("MFA_FATIGUE", new dev.mfawatch.detector.fatigue.PushPrompts(List.of(
                new dev.mfawatch.detector.fatigue.PushPrompts.Prompt(T.getEpochSecond(), 42, dev.mfawatch.detector.fatigue.PushPrompts.SENT)),
                T.getEpochSecond()));
        assertThat(v.get("recentPrompts").get(0).get("kind").asText()).isEqualTo("PROMPT_SENT");
        assertThat(v.get("recentPrompts").get(0).get("at").asText()).isEqualTo("2026-11-23T09:00:00Z");
        // MFAWATCH_FATIGUE_WINDOW defaults to 10 min.
        assertThat(v.get("watchSuccessUntil").asText()).isEqualTo("2026-11-23T09:10:00Z");
        assertThat(v.toString()).doesNotContain("eventHash");
    }

    @Test
    void breakGlassShowsTheUseAndWhenRotationIsDue() {
        JsonNode v = view("BREAK_GLASS_SIGNIN", new BreakGlassSignInDetector.Use(T.toEpochMilli()));
        assertThat(v.get("unrotatedUseAt").asText()).isEqualTo("2026-11-23T09:00:00Z");
        // MFAWATCH_BREAK_GLASS_ROTATION_DUE defaults to 24 h.
        assertThat(v.get("rotationDueAt").asText()).isEqualTo("2026-11-24T09:00:00Z");
    }
}
