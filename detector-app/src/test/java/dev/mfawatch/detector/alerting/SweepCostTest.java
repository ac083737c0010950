package dev.mfawatch.detector.alerting;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.DetectionSettings;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.detector.metrics.StateSweepMetrics;
import dev.mfawatch.detector.state.DueIndex;
import dev.mfawatch.detector.suppress.SuppressionProcessor;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.signin.MethodClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cost model of the stream-time sweeps, shown by the entries they read (no timing): a sweep reads
 * the due index up to its time only, so thousands of principals whose state is not due cost nothing,
 * while what is due still expires and fires as it did when every state was scanned. Both store kinds.
 */
class SweepCostTest {

    private static final int IDLE = 10_000;
    private static final int DUE = 10;

    @TempDir
    Path stateDir;

    private static String bg(int i) {
        return "bg-" + i + "@example.com";
    }

    private double visited(Pipeline p, String store) {
        return p.count(StateSweepMetrics.VISITED, "store", store);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "memory"})
    void aSweepReadsWhatIsDue_notEveryPrincipal(String stores) {
        try (Pipeline p = new Pipeline(stateDir, Map.of(DetectionSettings.STATE_STORES, stores))) {
            for (int i = 0; i < DUE; i++) {
                p.publish(Pipeline.principal(bg(i), List.of(), true));
            }
            // Ten break-glass accounts used at midnight: a rotation follow-up each, due 24 h later.
            for (int i = 0; i < DUE; i++) {
                p.pipe(signIn("bg-e" + i).principal(bg(i)).at("2026-11-23T00:00:00Z").build());
            }
            // Ten thousand principals at noon: travel and factor state that ages out days later.
            for (int i = 0; i < IDLE; i++) {
                p.pipe(signIn("u-e" + i).principal(String.format("u-%05d@example.com", i)).at("2026-11-23T12:00:00Z")
                        .withMfa(MethodClass.PUSH, "push").build());
            }
            KeyValueStore<String, byte[]> state = p.driver.getKeyValueStore(DetectionProcessor.STORE);
            assertThat(count(state)).isEqualTo(IDLE + DUE);
            assertThat(visited(p, DetectionProcessor.STORE)).isZero();
            p.alerts.readValuesToList();

            // Stream time to 00:20 the next day: the sweep's time (less the 15 min grace) passes the ten due times.
            p.pipe(signIn("tick").principal("tick@example.com").at("2026-11-24T00:20:00Z").withMfa(MethodClass.PUSH, "push").build());

            assertThat(visited(p, DetectionProcessor.STORE)).isEqualTo(DUE);
            List<Alert> followUps = p.alerts.readValuesToList();
            assertThat(followUps).extracting(Alert::principal).containsExactly(
                    java.util.stream.IntStream.range(0, DUE).mapToObj(SweepCostTest::bg).sorted().toArray(String[]::new));
            assertThat(followUps).allSatisfy(a -> {
                assertThat(a.rule()).isEqualTo("BREAK_GLASS_SIGNIN");
                assertThat(a.details()).containsEntry("trigger", "ROTATION_OVERDUE");
                assertThat(a.eventTime()).hasToString("2026-11-24T00:00:00Z");
            });
            // The follow-up dropped the break-glass state and the sweep expired the day-old travel anchor: nothing is
            // left but MFA_RESET_ABUSE's 30-day history of where the accounts signed in from.
            for (int i = 0; i < DUE; i++) {
                byte[] left = state.get(bg(i));
                assertThat(PrincipalRecord.part(left, "BREAK_GLASS_SIGNIN")).isNull();
                assertThat(PrincipalRecord.part(left, "IMPOSSIBLE_TRAVEL")).isNull();
                assertThat(PrincipalRecord.part(left, "MFA_RESET_ABUSE")).isNotNull();
            }
            assertThat(count(state)).isEqualTo(IDLE + DUE + 1);
            assertThat(state.get("u-00042@example.com")).isNotNull();
            assertIndexMatchesRecords(p);
            assertChangelogsRestoreAConsistentIndex(p);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "memory"})
    void aSuppressionSweepReadsTheWindowsClosing_notEveryOpenOne(String stores) {
        try (Pipeline p = new Pipeline(stateDir, Map.of(DetectionSettings.STATE_STORES, stores))) {
            // Ten principals with two firings each at midnight (windows close at 01:15), a thousand with one at 01:00.
            for (int i = 0; i < DUE; i++) {
                p.pipe(signIn("d-a" + i).principal("d-" + i + "@example.com").at("2026-11-23T00:00:00Z").build());
                p.pipe(signIn("d-b" + i).principal("d-" + i + "@example.com").at("2026-11-23T00:01:00Z").build());
            }
            for (int i = 0; i < 1_000; i++) {
                p.pipe(signIn("o-" + i).principal("o-" + i + "@example.com").at("2026-11-23T01:00:00Z").build());
            }
            p.alerts.readValuesToList();
            double before = visited(p, SuppressionProcessor.STORE);
            assertThat(before).isZero();

            p.pipe(signIn("tick").principal("tick@example.com").at("2026-11-23T01:16:00Z").withMfa(MethodClass.PUSH, "push").build());

            assertThat(visited(p, SuppressionProcessor.STORE)).isEqualTo(DUE);
            List<Alert> updates = p.alerts.readValuesToList();
            assertThat(updates).hasSize(DUE).allSatisfy(a -> {
                assertThat(a.count()).isEqualTo(2);
                assertThat(a.detectedAt()).hasToString("2026-11-23T01:00:00Z");
            });
            assertThat(updates).extracting(Alert::principal).isSorted();
            KeyValueStore<String, byte[]> windows = p.driver.getKeyValueStore(SuppressionProcessor.STORE);
            assertThat(count(windows)).isEqualTo(1_000);
            KeyValueStore<Bytes, byte[]> index = p.driver.getKeyValueStore(SuppressionProcessor.DUE_STORE);
            assertThat(new DueIndex(index).entries()).hasSize(1_000)
                    .allSatisfy(e -> assertThat(e.key).isEqualTo(java.time.Instant.parse("2026-11-23T02:15:00Z").toEpochMilli()));
        }
    }

    private static long count(KeyValueStore<String, byte[]> store) {
        long n = 0;
        try (var it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    /** Every record with a wake time has exactly its index entry, and the index names nothing else. */
    private static void assertIndexMatchesRecords(Pipeline p) {
        KeyValueStore<String, byte[]> state = p.driver.getKeyValueStore(DetectionProcessor.STORE);
        KeyValueStore<Bytes, byte[]> index = p.driver.getKeyValueStore(DetectionProcessor.DUE_STORE);
        TreeSet<String> expected = new TreeSet<>();
        try (var it = state.all()) {
            it.forEachRemaining(kv -> expected.add(PrincipalRecord.wakeOf(kv.value) + "|" + kv.key));
        }
        TreeSet<String> actual = new TreeSet<>();
        new DueIndex(index).entries().forEach(e -> actual.add(e.key + "|" + new String(e.value, StandardCharsets.UTF_8)));
        assertThat(actual).isEqualTo(expected);
    }

    /** What a restore replays: the two changelogs, folded to their last value per key, agree with each other. */
    private static void assertChangelogsRestoreAConsistentIndex(Pipeline p) {
        String app = DetectorConfig.DEFAULT_APPLICATION_ID;
        Map<String, byte[]> state = fold(p.driver.createOutputTopic(app + "-" + DetectionProcessor.STORE + "-changelog",
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer()).readRecordsToList());
        Map<Bytes, byte[]> index = fold(p.driver.createOutputTopic(app + "-" + DetectionProcessor.DUE_STORE + "-changelog",
                Serdes.Bytes().deserializer(), Serdes.ByteArray().deserializer()).readRecordsToList());
        assertThat(state).hasSize(IDLE + DUE + 1); // the break-glass accounts keep MFA_RESET_ABUSE's history
        TreeSet<String> expected = new TreeSet<>();
        state.forEach((k, v) -> expected.add(PrincipalRecord.wakeOf(v) + "|" + k));
        TreeSet<String> restored = new TreeSet<>();
        index.keySet().forEach(k -> {
            byte[] b = k.get();
            long at = java.nio.ByteBuffer.wrap(b, 0, 8).getLong() ^ Long.MIN_VALUE;
            restored.add(at + "|" + new String(b, 8, b.length - 8, StandardCharsets.UTF_8));
        });
        assertThat(restored).isEqualTo(expected);
    }

    private static <K> Map<K, byte[]> fold(List<TestRecord<K, byte[]>> records) {
        Map<K, byte[]> out = new TreeMap<>();
        if (!records.isEmpty() && records.get(0).key() instanceof Bytes) {
            out = new HashMap<>();
        }
        for (TestRecord<K, byte[]> r : records) {
            if (r.value() == null) {
                out.remove(r.key());
            } else {
                out.put(r.key(), r.value());
            }
        }
        return out;
    }
}
