package dev.mfawatch.cli.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mfawatch.cli.process.Launched;
import dev.mfawatch.cli.scenario.CanonicalLoad;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof 3 of issue 11, scale-out and failover: two detector processes with one application id split
 * the partitions; under load one is killed (SIGKILL) and the other takes its partitions over. The
 * takeover time is measured on mfa.alerts itself: alerts are keyed by principal like the input, so
 * each alert partition is fed by one task; the partitions the dead instance fed fall silent, and
 * the time from the kill to the first committed alert on every one of them is the takeover time.
 * Measured without and with a standby replica ({@code KAFKA_NUM_STANDBY_REPLICAS=1}); the failure
 * detection is bounded by {@code KAFKA_SESSION_TIMEOUT_MS} (10 s here, 45 s by default).
 */
class ScaleOutProofIT {

    /** Kept when a proof fails: the processes' output is in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void withoutStandby() throws Exception {
        failover(0);
    }

    @Test
    void withStandby() throws Exception {
        failover(1);
    }

    private void failover(int standbys) throws Exception {
        try (ProofRig rig = ProofRig.start(dir)) {
            rig.publishRegister();
            CanonicalLoad.Written load = CanonicalLoad.write(dir.resolve("load.jsonl"), 2000, 200, 50, 10_000,
                    Instant.parse("2026-11-23T06:00:00Z"), Duration.ofHours(6), 31L + standbys);
            List<Alert> backtest = ProofRig.backtest(load.file());
            Map<String, String> env = Map.of("KAFKA_NUM_STANDBY_REPLICAS", String.valueOf(standbys),
                    "KAFKA_SESSION_TIMEOUT_MS", "10000", "KAFKA_HEARTBEAT_INTERVAL_MS", "2000");
            String app = "scale-out-" + standbys;
            int portA = Launched.freePort();
            int portB = Launched.freePort();
            Arrivals arrivals = new Arrivals(rig.bootstrap());
            try (Launched a = rig.detector("detector-a", app, dir.resolve("state-a"), portA, env);
                 Launched b = rig.detector("detector-b", app, dir.resolve("state-b"), portB, env);
                 arrivals) {
                await("both instances ready").atMost(Duration.ofSeconds(150)).until(() -> rig.ready(portA) && rig.ready(portB));
                arrivals.start();
                Launched replay = rig.replay("replay", load.file(), 120);
                // Alerts flowing on every partition before the kill.
                await("alerts on every partition").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> arrivals.partitionsSeen() == 4 && arrivals.count() >= 100);
                long killAt = System.nanoTime();
                a.kill();
                // Every partition has a committed alert after the kill: b does all the work now.
                await("alerts on every partition after the kill").atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofMillis(200)).until(() -> arrivals.allAfter(killAt));
                Map<Integer, Long> gaps = arrivals.firstAfter(killAt);
                long takeover = gaps.values().stream().mapToLong(Long::longValue).max().orElseThrow();
                long stalled = gaps.values().stream().filter(g -> g > 2_000).count();

                assertThat(replay.awaitExit(Duration.ofMinutes(5))).as(replay.stderrTail(30)).isZero();
                List<Alert> live = rig.awaitAlerts(backtest, Duration.ofMinutes(3));
                ProofRig.Verdict v = ProofRig.Verdict.of(live, backtest);
                System.out.println("PROOF scale-out: standbys=" + standbys + " takeoverMs=" + takeover
                        + " perPartitionFirstAlertAfterKillMs=" + gaps + " partitionsStalled=" + stalled
                        + " sessionTimeoutMs=10000 " + v.figures());
                assertThat(stalled).as("the killed instance owned some of the partitions").isPositive();
                assertThat(stalled).as("and the survivor kept the others flowing").isLessThan(4);
                assertThat(v.missing()).as("missing: " + ProofRig.describe(v.missing(), backtest)).isEmpty();
                assertThat(v.extra()).as("extra: " + ProofRig.describe(v.extra(), live)).isEmpty();
                assertThat(v.duplicates()).isZero();
                assertThat(v.liveByRule()).isEqualTo(v.backtestByRule());
            }
        }
    }

    /** When committed alerts arrive, per partition of mfa.alerts (a reader thread from the current end). */
    private static final class Arrivals implements AutoCloseable {
        private final String bootstrap;
        private final ConcurrentLinkedQueue<long[]> seen = new ConcurrentLinkedQueue<>();
        private final Map<Integer, Boolean> partitions = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        Arrivals(String bootstrap) {
            this.bootstrap = bootstrap;
        }

        void start() {
            thread = new Thread(this::run, "alert-arrivals");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                    "isolation.level", "read_committed", "enable.auto.commit", "false"), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> tps = c.partitionsFor(Topics.ALERTS.name()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                c.assign(tps);
                c.seekToEnd(tps);
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                        seen.add(new long[] {r.partition(), System.nanoTime()});
                        partitions.put(r.partition(), true);
                    }
                }
            }
        }

        int partitionsSeen() {
            return partitions.size();
        }

        int count() {
            return seen.size();
        }

        boolean allAfter(long t) {
            return firstAfter(t).size() == 4;
        }

        /** Per partition: milliseconds from {@code t} to its first alert after {@code t}. */
        Map<Integer, Long> firstAfter(long t) {
            Map<Integer, Long> first = new java.util.TreeMap<>();
            for (long[] s : seen) {
                if (s[1] >= t) {
                    first.merge((int) s[0], (s[1] - t) / 1_000_000, Math::min);
                }
            }
            return first;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(5_000);
            }
        }
    }
}
