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
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof 1 of issue 11, crash under load: a detector process is killed with SIGKILL at random
 * moments (during start-up and while processing), at least five times, and restarted each time on
 * its state directory, while {@code replay} feeds a steady load of canonical sign-ins (MFA-less
 * users, impossible travel, a break-glass account, a printer outside its exception's network). At
 * the end the alert ids on mfa.alerts (committed only) are exactly the ones {@code backtest}
 * computes for the same file and register, rule by rule. With exactly-once no alert version
 * (alertId, count, lastSeen) appears twice; with at-least-once the repeats are counted and printed.
 */
class CrashProofIT {

    private static final int KILLS = 5;

    /** Kept when a proof fails: the processes' output is in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void exactlyOnceLosesAndRepeatsNothingThroughKills() throws Exception {
        ProofRig.Verdict v = crashRun("exactly_once_v2", Map.of(), 20261201L);
        assertThat(v.duplicates()).as("exactly-once: no alert version twice").isZero();
    }

    @Test
    void atLeastOnceLosesNothingAndOnlyRepeats() throws Exception {
        crashRun("at_least_once", Map.of("MFAWATCH_PROCESSING_GUARANTEE", "at_least_once"), 20261202L);
    }

    private ProofRig.Verdict crashRun(String guarantee, Map<String, String> env, long seed) throws Exception {
        try (ProofRig rig = ProofRig.start(dir)) {
            rig.publishRegister();
            CanonicalLoad.Written load = CanonicalLoad.write(dir.resolve("load.jsonl"), 2000, 100, 50, 12_000,
                    Instant.parse("2026-11-23T06:00:00Z"), Duration.ofHours(6), seed);
            List<Alert> backtest = ProofRig.backtest(load.file());
            int httpPort = Launched.freePort();
            Path state = dir.resolve("detector-state");
            String app = "crash-" + guarantee.replace('_', '-');
            Random random = new Random(seed);

            Launched detector = rig.detector("detector-0", app, state, httpPort, env);
            await("first detector ready").atMost(Duration.ofSeconds(120)).until(() -> rig.ready(httpPort));
            Launched replay = rig.replay("replay", load.file(), 120);
            int kills = 0;
            int killedWhileReady = 0;
            while (kills < KILLS || replay.alive() && kills < KILLS + 3) {
                // A random moment: every third kill during start-up (state restore, rebalance), the others
                // a random while after the detector reported ready.
                boolean duringStartup = kills % 3 == 2;
                if (!duringStartup) {
                    await("detector ready").atMost(Duration.ofSeconds(120)).until(() -> rig.ready(httpPort));
                    killedWhileReady++;
                }
                long killAt = System.nanoTime() + Duration.ofMillis(500 + random.nextInt(5_500)).toNanos();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                        .until(() -> System.nanoTime() >= killAt);
                detector.kill();
                kills++;
                detector = rig.detector("detector-" + kills, app, state, httpPort, env);
            }
            assertThat(replay.awaitExit(Duration.ofMinutes(5))).as(replay.stderrTail(30)).isZero();
            List<Alert> live = rig.awaitAlerts(backtest, Duration.ofMinutes(3));
            ProofRig.Verdict v = ProofRig.Verdict.of(live, backtest);
            System.out.println("PROOF crash: guarantee=" + guarantee + " kills=" + kills + " (" + killedWhileReady
                    + " while processing) events=" + load.events() + " " + v.figures());
            detector.terminate();
            assertThat(kills).isGreaterThanOrEqualTo(KILLS);
            assertThat(v.missing()).as("alert ids backtest computes that never reached mfa.alerts: "
                    + ProofRig.describe(v.missing(), backtest)).isEmpty();
            assertThat(v.extra()).as("alert ids on mfa.alerts that backtest does not compute: "
                    + ProofRig.describe(v.extra(), live)).isEmpty();
            assertThat(v.liveByRule()).as("distinct alert ids per rule").isEqualTo(v.backtestByRule());
            assertThat(v.liveByRule()).containsKeys("MFA_NOT_SATISFIED", "IMPOSSIBLE_TRAVEL", "BREAK_GLASS_SIGNIN",
                    "EXCEPTION_SCOPE_VIOLATION");
            return v;
        }
    }
}
