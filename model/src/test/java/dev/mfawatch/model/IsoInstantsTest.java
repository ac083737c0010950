package dev.mfawatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast path must agree with java.time wherever it answers, and answer for the shapes records carry. */
class IsoInstantsTest {

    /** What the callers did before the fast path: Instant.parse, else a zone-less time as UTC. */
    private static Instant reference(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    @Test
    void answersForTheCommonShapesWithJavaTimesInstant() {
        for (String s : List.of("2026-11-23T08:00:00Z", "2026-11-23T08:00:00.1Z", "2026-11-23T08:00:00.123Z",
                "2026-11-02T08:15:30.1234567Z", "2026-11-02T08:15:30.123456789Z", "2024-02-29T23:59:59Z",
                "2026-11-03T11:05:00+01:00", "2026-11-03T11:05:00.5-05:30", "2026-01-01T00:30:00+00:00",
                "2026-11-03T10:05:00.123", "2026-11-03T10:05:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z")) {
            assertThat(IsoInstants.parse(s)).as(s).isNotNull().isEqualTo(reference(s));
        }
    }

    @Test
    void leavesEverythingElseToJavaTime() {
        for (String s : List.of("2026-11-23T08:00Z", "2026-11-23t08:00:00Z", "2026-11-23T08:00:00z",
                "2026-02-29T08:00:00Z", "2026-04-31T08:00:00Z", "2026-13-01T08:00:00Z", "2026-00-01T08:00:00Z",
                "2026-11-23T24:00:00Z", "2026-11-23T23:59:60Z", "2026-11-23T08:60:00Z", "2026-11-23T08:00:00.Z",
                "2026-11-23T08:00:00.1234567890Z", "2026-11-23T08:00:00+18:00", "2026-11-23T08:00:00+0100",
                "2026-11-23T08:00:00+01", "2026-11-23T08:00:00 Z", "+12026-11-23T08:00:00Z", "2026-11-23 08:00:00Z",
                "2026-1-23T08:00:00Z", "２０２６-11-23T08:00:00Z", "2026-11-23T08:00:00ZZ", "")) {
            assertThat(IsoInstants.parse(s)).as(s).isNull();
        }
    }

    @Test
    void neverDisagreesWithJavaTimeOnMutatedTimes() {
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "0123456789-:.TZ+ tz9";
        List<String> seeds = List.of("2026-11-23T08:00:00Z", "2024-02-29T23:59:59.1234567+05:30", "2026-11-03T10:05:00.123");
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            for (int m = random.nextInt(1, 4); m > 0; m--) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> b.deleteCharAt(at);
                    default -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String s = b.toString();
            Instant fast = IsoInstants.parse(s);
            if (fast != null) {
                assertThat(fast).as(s).isEqualTo(reference(s));
                answered.add(s);
            }
        }
        assertThat(answered).hasSizeGreaterThan(1000);
    }

    @Test
    void theSharedMapperReadsInstantsAsJsr310Does() throws Exception {
        ObjectMapper jsr310 = JsonMapper.builder().addModule(new JavaTimeModule()).build();
        for (String json : List.of("\"2026-11-23T08:00:00Z\"", "\"2026-11-02T08:15:30.1234567Z\"",
                "\"2026-11-03T11:05:00+01:00\"", "1764000000", "1764000000.5", "\"1764000000\"")) {
            assertThat(Json.MAPPER.readValue(json, Instant.class)).as(json)
                    .isEqualTo(jsr310.readValue(json, Instant.class));
        }
        for (String json : List.of("\"2026-02-29T08:00:00Z\"", "\"2026-11-23T08:00:00\"", "\"yesterday\"", "true")) {
            Class<?> expected = failure(jsr310, json);
            assertThat(expected).as(json).isNotNull();
            assertThat(failure(Json.MAPPER, json)).as(json).isEqualTo(expected);
        }
    }

    private static Class<?> failure(ObjectMapper mapper, String json) {
        try {
            mapper.readValue(json, Instant.class);
            return null;
        } catch (Exception e) {
            return e.getClass();
        }
    }
}
