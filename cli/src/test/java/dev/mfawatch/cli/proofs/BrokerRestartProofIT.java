package dev.mfawatch.cli.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mfawatch.cli.process.Launched;
import dev.mfawatch.cli.scenario.CanonicalLoad;
import dev.mfawatch.model.alert.Alert;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof 2 of issue 11, broker restart under load: the {@code broker} process is stopped (SIGTERM)
 * and started again on the same data directory and port while {@code replay} feeds canonical
 * sign-ins, a detector processes them and {@code register-sync --watch} keeps the register. Both apps
 * ride it out in the same process (no exit, no restart), resume, and the alerts are exactly
 * backtest's. While the broker is away the proof samples what each app's /health and /ready answer.
 */
class BrokerRestartProofIT {

    /** Kept when a proof fails: the processes' output is in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void appsRideOutABrokerRestartAndNoAlertIsLostOrDoubled() throws Exception {
        try (ProofRig rig = ProofRig.start(dir)) {
            CanonicalLoad.Written load = CanonicalLoad.write(dir.resolve("load.jsonl"), 2000, 100, 50, 9_000,
                    Instant.parse("2026-11-23T06:00:00Z"), Duration.ofHours(6), 7L);
            List<Alert> backtest = ProofRig.backtest(load.file());
            int syncPort = Launched.freePort();
            int detectorPort = Launched.freePort();
            try (Launched sync = Launched.start(dir, "register-sync", Map.of("MFAWATCH_HTTP_PORT", String.valueOf(syncPort)),
                    "register-sync", "--bootstrap-servers", rig.bootstrap(), "--register", ProofRig.REGISTER.toString(),
                    "--watch");
                 Launched detector = rig.detector("detector", "broker-restart", dir.resolve("state"), detectorPort, Map.of())) {
                await("both apps ready").atMost(Duration.ofSeconds(120))
                        .until(() -> rig.ready(syncPort) && rig.ready(detectorPort));
                Launched replay = rig.replay("replay", load.file(), 120);
                // Some load first, then the broker goes away.
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> rig.liveAlerts().size() >= 50);
                long stopAt = System.nanoTime();
                int brokerExit = rig.stopBroker();
                // What the apps answer while it is away: sampled for a while.
                Map<String, Integer> seen = new TreeMap<>();
                long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    seen.merge("detector /ready " + rig.status(detectorPort, "/ready"), 1, Integer::sum);
                    seen.merge("detector /health " + rig.status(detectorPort, "/health"), 1, Integer::sum);
                    seen.merge("register-sync /ready " + rig.status(syncPort, "/ready"), 1, Integer::sum);
                    seen.merge("register-sync /health " + rig.status(syncPort, "/health"), 1, Integer::sum);
                    return System.nanoTime() >= until;
                });
                assertThat(detector.alive()).as("detector still running without a broker").isTrue();
                assertThat(sync.alive()).as("register-sync still running without a broker").isTrue();
                rig.startBroker();
                long backAt = System.nanoTime();
                await("detector ready again").atMost(Duration.ofSeconds(180)).until(() -> rig.ready(detectorPort));
                long detectorBack = System.nanoTime();
                await("register-sync ready again").atMost(Duration.ofSeconds(180)).until(() -> rig.ready(syncPort));

                assertThat(replay.awaitExit(Duration.ofMinutes(5))).as(replay.stderrTail(30)).isZero();
                List<Alert> live = rig.awaitAlerts(backtest, Duration.ofMinutes(3));
                ProofRig.Verdict v = ProofRig.Verdict.of(live, backtest);
                long warnLines = detector.stderr().lines().filter(l -> l.contains(" WARN ")).count();
                long errorLines = detector.stderr().lines().filter(l -> l.contains(" ERROR ")).count();
                System.out.println("PROOF broker-restart: brokerExit=" + brokerExit + " away="
                        + Duration.ofNanos(backAt - stopAt).toMillis() + "ms detectorReadyAfterBack="
                        + Duration.ofNanos(detectorBack - backAt).toMillis() + "ms whileAway=" + seen
                        + " detectorWarnLines=" + warnLines + " detectorErrorLines=" + errorLines + " " + v.figures());
                System.out.println("PROOF broker-restart detector log sample: " + detector.stderr().lines()
                        .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).map(l -> l.length() > 200 ? l.substring(0, 200) : l)
                        .distinct().limit(8).toList());
                assertThat(detector.alive()).as("no crash loop: the same detector process").isTrue();
                assertThat(sync.alive()).isTrue();
                assertThat(v.missing()).as("missing: " + ProofRig.describe(v.missing(), backtest)).isEmpty();
                assertThat(v.extra()).as("extra: " + ProofRig.describe(v.extra(), live)).isEmpty();
                assertThat(v.duplicates()).isZero();
                assertThat(v.liveByRule()).isEqualTo(v.backtestByRule());
            }
        }
    }
}
