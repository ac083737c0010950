package dev.mfawatch.detector;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mfawatch.detector.backtest.Backtest;
import dev.mfawatch.detector.fixtures.DetectorEnv;
import dev.mfawatch.detector.fixtures.SignIns;
import dev.mfawatch.kafka.LocalKafka;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same canonical sign-ins give the same alert ids live as in {@code backtest}, whatever the
 * producer stamps as record timestamps and however partitions interleave, as long as each
 * principal's own events stay in order (Kafka keeps per-key order) and no record is later than the
 * grace (15 min by default) behind the others.
 *
 * <p>3,000 sign-ins of 300 principals over three hours of event time: MFA-less bursts (several
 * suppression windows each), travellers between three continents, OATH failure bursts. Two live
 * runs, each on its own broker: one with 4 partitions, records stamped "now" by the producer and
 * shuffled within 10 min of event time; one with 3 partitions, a reversed record clock and another
 * shuffle.
 */
class DeterminismIT {

    private static final Instant T0 = Instant.parse("2026-11-23T06:00:00Z");
    private static final int USERS = 300;
    private static final int PER_USER = 10;
    private static final Duration SPAN = Duration.ofHours(3);
    /** Bounded lateness of the shuffles: below the default grace of 15 min. */
    private static final Duration JITTER = Duration.ofMinutes(10);
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final double[][] CITIES = {{51.5074, -0.1278}, {40.7128, -74.0060}, {-33.8688, 151.2093}};
    private static final String[] COUNTRIES = {"GB", "US", "AU"};

    @TempDir
    Path dir;

    @Test
    void twoInterleavingsWithUnrelatedRecordTimestampsGiveTheBacktestsAlertIds() throws Exception {
        List<SignInEvent> events = scenario(new Random(11));
        Path file = dir.resolve("signins.jsonl");
        Files.write(file, events.stream().map(e -> new String(Topics.SIGNIN_SERDE.write(e), StandardCharsets.UTF_8)).toList());

        Map<String, String> settings = Map.of();
        Backtest.Result backtest = Backtest.run(settings, Files.createDirectories(dir.resolve("backtest")), List.of(), List.of(),
                List.of(new Backtest.Input(Backtest.CANONICAL, file.toString())), a -> { });
        Set<String> expected = backtest.alerts().stream().map(Alert::alertId).collect(Collectors.toCollection(TreeSet::new));
        Map<String, Long> perRule = backtest.alerts().stream().collect(Collectors.groupingBy(Alert::rule, TreeMap::new,
                Collectors.mapping(Alert::alertId, Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
        // The scenario exercises suppression, travel and OATH, or the comparison proves little.
        assertThat(perRule).containsKeys("MFA_NOT_SATISFIED", "IMPOSSIBLE_TRAVEL", "OATH_DESYNC");

        Instant now = Instant.now();
        List<ProducerRecord<String, byte[]>> a = interleave(events, new Random(1), i -> null);
        List<ProducerRecord<String, byte[]>> b = interleave(events, new Random(2), i -> now.minusSeconds(i).toEpochMilli());
        Set<String> liveA = live("a", 4, a, settings, expected);
        Set<String> liveB = live("b", 3, b, settings, expected);

        int mismatchA = symmetricDifference(expected, liveA);
        int mismatchB = symmetricDifference(expected, liveB);
        System.out.println("PROOF determinism: signins=" + events.size() + " principals=" + USERS + " alerts=" + expected.size()
                + " perRule=" + perRule + " interleavings=2 lateness<=" + JITTER.toMinutes() + "m grace="
                + grace(settings).toMinutes() + "m mismatches=" + (mismatchA + mismatchB)
                + " (a=" + mismatchA + ", b=" + mismatchB + ")");
        assertThat(liveA).isEqualTo(expected);
        assertThat(liveB).isEqualTo(expected);
    }

    private static Duration grace(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("KAFKA_BOOTSTRAP_SERVERS", "unused:9092");
        return DetectorConfig.from(env).detection().grace();
    }

    private static int symmetricDifference(Set<String> x, Set<String> y) {
        Set<String> d = new TreeSet<>(x);
        d.removeAll(y);
        Set<String> e = new TreeSet<>(y);
        e.removeAll(x);
        return d.size() + e.size();
    }

    /** The canonical sign-ins in event-time order (the backtest's order too). */
    private static List<SignInEvent> scenario(Random r) {
        List<SignInEvent> out = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            String principal = String.format("user-%03d@contoso.example", u);
            TreeSet<Long> seconds = new TreeSet<>();
            while (seconds.size() < PER_USER) {
                seconds.add((long) r.nextInt((int) SPAN.toSeconds()));
            }
            int leg = 0;
            for (long s : seconds) {
                String id = String.format("evt-%03d-%02d", u, out.size() % PER_USER);
                SignIns e = signIn(id).principal(principal).at(T0.plusSeconds(s).toString()).ip("198.51.100." + (u % 250));
                if (u < 30) {
                    // MFA-less half of the time: bursts that suppression folds into windows.
                    if (r.nextBoolean()) {
                        e.withMfa(MethodClass.PUSH, "push");
                    }
                } else if (u < 45) {
                    // A traveller: each sign-in on another continent, most legs impossible.
                    int c = leg++ % CITIES.length;
                    e.located(CITIES[c][0], CITIES[c][1], null, null, COUNTRIES[c]).withMfa(MethodClass.PUSH, "push");
                } else if (u < 60 && r.nextInt(3) > 0) {
                    e.result(SignInResult.FAILURE).ip("203.0.113." + r.nextInt(3)).session("sess-" + u + "-" + r.nextInt(2))
                            .mfa(new MfaInfo(true, false, "hardwareOath", MethodClass.OTP, MfaResult.CODE_INCORRECT, null, "TOTP"));
                } else {
                    e.withMfa(MethodClass.PUSH, "push");
                }
                out.add(e.build());
            }
        }
        out.sort(Comparator.comparing(SignInEvent::time).thenComparing(SignInEvent::eventId));
        return out;
    }

    /**
     * A delivery order: each record moved up to {@link #JITTER} later than its event time, then
     * each principal's records put back in their own order in the slots they got (a late record
     * is late relative to the others, never to its own principal's later ones).
     */
    private static List<ProducerRecord<String, byte[]>> interleave(List<SignInEvent> events, Random r,
                                                                   java.util.function.IntFunction<Long> timestamp) {
        Map<SignInEvent, Long> key = new HashMap<>();
        for (SignInEvent e : events) {
            key.put(e, e.time().toEpochMilli() + (long) (r.nextDouble() * JITTER.toMillis()));
        }
        List<SignInEvent> slots = new ArrayList<>(events);
        slots.sort(Comparator.comparing(key::get));
        Map<String, java.util.Iterator<SignInEvent>> own = new LinkedHashMap<>();
        events.stream().collect(Collectors.groupingBy(e -> e.principal().id(), LinkedHashMap::new, Collectors.toList()))
                .forEach((p, list) -> own.put(p, list.iterator()));
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        for (SignInEvent slot : slots) {
            SignInEvent e = own.get(slot.principal().id()).next();
            out.add(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), null, timestamp.apply(out.size()), e.principal().id(),
                    Topics.SIGNIN_SERDE.write(e)));
        }
        return out;
    }

    /** Runs the detector on a fresh broker over {@code records}; the alert ids on {@code mfa.alerts}. */
    private Set<String> live(String run, int partitions, List<ProducerRecord<String, byte[]>> records, Map<String, String> settings,
                             Set<String> expected) throws Exception {
        try (LocalKafka kafka = LocalKafka.start()) {
            try (Admin admin = Admin.create(kafka.clientProps())) {
                TopicSetup.ensure(admin, Topics.ALL, partitions);
            }
            // One request in flight: the first batches to a topic just created may meet NOT_LEADER,
            // and later batches must not overtake them (per-partition order is the point here).
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "max.in.flight.requests.per.connection", "1", "linger.ms", "5"), new StringSerializer(), new ByteArraySerializer())) {
                List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
                records.forEach(rec -> sent.add(producer.send(rec)));
                producer.flush();
                for (java.util.concurrent.Future<?> f : sent) {
                    f.get();
                }
            }
            long started = System.nanoTime();
            // The detection settings the backtest ran with, then the in-JVM environment over them.
            Map<String, String> env = new HashMap<>(settings);
            env.putAll(DetectorEnv.of(kafka.bootstrapServers(), "it-determinism-" + run,
                    Files.createDirectories(dir.resolve("state-" + run)), partitions));
            Set<String> ids = new TreeSet<>();
            try (DetectorApp app = DetectorApp.start(DetectorConfig.from(env));
                 KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                         "isolation.level", "read_committed", "enable.auto.commit", "false"),
                         new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> tps = consumer.partitionsFor(Topics.ALERTS.name()).stream()
                        .map(p -> new TopicPartition(Topics.ALERTS.name(), p.partition())).toList();
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                await().atMost(DEADLINE).until(() -> app.registry().find("mfawatch.signins").counters().stream()
                        .mapToDouble(c -> c.count()).sum() == records.size());
                try {
                    // Everything is processed; the last transaction commits within the commit interval.
                    await().atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
                        poll(consumer, ids);
                        return ids.containsAll(expected);
                    });
                } catch (ConditionTimeoutException e) {
                    // Fall through: the assertion names what is missing.
                }
                Map<TopicPartition, Long> end = consumer.endOffsets(tps);
                await().atMost(DEADLINE).pollInSameThread().until(() -> {
                    poll(consumer, ids);
                    return end.entrySet().stream().allMatch(x -> consumer.position(x.getKey()) >= x.getValue());
                });
            }
            System.out.println("live run " + run + ": " + records.size() + " sign-ins on " + partitions + " partitions, "
                    + ids.size() + " alert ids, " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
            return ids;
        }
    }

    private static void poll(KafkaConsumer<String, byte[]> consumer, Set<String> ids) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            ids.add(Topics.ALERT_SERDE.read(r.value()).alertId());
        }
    }
}
