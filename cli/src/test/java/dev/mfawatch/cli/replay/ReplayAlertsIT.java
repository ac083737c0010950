package dev.mfawatch.cli.replay;

import static dev.mfawatch.cli.scenario.Commands.alerts;
import static dev.mfawatch.cli.scenario.Commands.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mfawatch.cli.alerts.AlertsCommand;
import dev.mfawatch.cli.scenario.CanonicalLoad;
import dev.mfawatch.cli.scenario.Commands;
import dev.mfawatch.cli.scenario.RawExports;
import dev.mfawatch.detector.DetectorApp;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.register.cli.RegisterSyncCommand;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "own exports without Docker" path end to end on a real broker: {@code register-sync}, a
 * detector, {@code replay} of an Okta System Log file, a CloudTrail S3 tree and a canonical file,
 * then {@code alerts}: the alerts are the ones the scenario implies and the very ids {@code backtest}
 * computes for the same files and register.
 */
class ReplayAlertsIT {

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    @TempDir
    Path dir;

    /**
     * The scenario's clock: three hours ago, so the records are recent. (The in-JVM broker keeps
     * Kafka's 7-day retention, and replay stamps records with their events' times.)
     */
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);

    private static String at(int secondsAfterBase) {
        return BASE.plusSeconds(secondsAfterBase).toString();
    }

    @Test
    void replayedExportsRaiseTheAlertsBacktestComputes() throws Exception {
        String register = Path.of("..", "examples", "register.csv").toAbsolutePath().normalize().toString();
        String bootstrap = kafka.bootstrapServers();
        Path okta = Files.writeString(Files.createDirectories(dir.resolve("okta")).resolve("systemlog.jsonl"), String.join("\n",
                RawExports.oktaMfaPush("o-1", at(178), "ann@contoso.example", "00u1ann", "102ann"),
                RawExports.oktaSessionStart("o-2", at(180), "ann@contoso.example", "00u1ann", "102ann"),
                RawExports.oktaSessionStart("o-3", at(240), "bob@contoso.example", "00u1bob", "102bob"),
                // Not about MFA: skipped, as normalize skips it.
                RawExports.okta("o-4", at(300), "user.account.lock", "carl@contoso.example", "00u1carl",
                        "102carl", "{}", "[]"),
                // Later Okta time closes bob's 30-second wait for MFA steps; carl's own sign-in has MFA.
                RawExports.oktaMfaPush("o-5", at(360), "carl@contoso.example", "00u1carl", "102carl"),
                RawExports.oktaSessionStart("o-6", at(362), "carl@contoso.example", "00u1carl", "102carl"))
                + "\n");
        Path trail = RawExports.cloudTrailTree(dir.resolve("cloudtrail"),
                RawExports.consoleLogin("ct-1", at(600), "dana", "No"),
                RawExports.consoleLogin("ct-2", at(660), "eve", "Yes"));
        CanonicalLoad.Written canonical = CanonicalLoad.write(dir.resolve("canonical/signins.jsonl"), 40, 5, 10, 400,
                Instant.parse(at(3600)), Duration.ofHours(2), 11);

        // Only --bootstrap-servers names the broker: the options must reach every app.
        Map<String, String> env = Map.of("MFAWATCH_HTTP_PORT", "0", "MFAWATCH_API_PORT", "0", "MFAWATCH_TOPIC_PARTITIONS", "1");
        run(new RegisterSyncCommand(env), "--bootstrap-servers", bootstrap, "--register", register).expectSuccess();
        Map<String, String> detectorEnv = new HashMap<>(env);
        detectorEnv.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        detectorEnv.put(DetectorConfig.APPLICATION_ID, "replay-it-" + UUID.randomUUID());
        detectorEnv.put(DetectorConfig.STATE_DIR, dir.resolve("state").toString());
        try (DetectorApp detector = DetectorApp.start(DetectorConfig.from(detectorEnv))) {
            await("detector running").atMost(Duration.ofSeconds(90)).until(detector::ready);

            // In event-time order, each stage seen through before the next (as backtest orders them).
            Commands.Ran fromOkta = replay(env, bootstrap, "okta", okta.toString());
            assertThat(fromOkta.out()).as("every provider event, the skipped one too").isEqualTo("6 records to idp.raw.okta\n");
            assertThat(fromOkta.err()).contains("read okta:" + okta + ": 5 events, 1 skipped {unknown_event_type=1}, 0 failed {}");
            awaitAlert(env, bootstrap, a -> a.principal().contains("bob"));

            Commands.Ran fromTrail = replay(env, bootstrap, "CloudTrail", trail.toString());
            assertThat(fromTrail.out()).as("the digest file is not a log file").isEqualTo("2 records to idp.raw.cloudtrail\n");
            awaitAlert(env, bootstrap, a -> a.principal().contains("dana"));

            Commands.Ran fromCanonical = replay(env, bootstrap, "canonical", canonical.file().toString(), "--rate", "2000");
            assertThat(fromCanonical.out()).isEqualTo(canonical.events() + " records to signin.events\n");

            List<Alert> backtest = Commands.backtest(Map.of(), register, List.of("okta:" + okta, "cloudtrail:" + trail,
                    "canonical:" + canonical.file()));
            Set<String> expectedIds = ids(backtest);
            await("every backtest alert live").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ids(alerts(run(new AlertsCommand(Map.of()), "--bootstrap-servers", bootstrap,
                            "--from-beginning", "--json").expectSuccess().out())).containsAll(expectedIds));

            Commands.Ran json = run(new AlertsCommand(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap)), "--from-beginning",
                    "--idle-exit", "3s", "--json").expectSuccess();
            List<Alert> live = alerts(json.out());
            assertThat(ids(live)).isEqualTo(expectedIds);

            // The scenario's alerts, independently of either run.
            assertThat(principals(live, "MFA_NOT_SATISFIED")).containsAll(canonical.noMfa())
                    .anyMatch(p -> p.contains("bob")).anyMatch(p -> p.contains("dana"))
                    .noneMatch(p -> p.contains("ann") || p.contains("eve"));
            assertThat(principals(live, "IMPOSSIBLE_TRAVEL")).isEqualTo(canonical.travellers());
            assertThat(principals(live, "BREAK_GLASS_SIGNIN")).containsExactly(CanonicalLoad.BREAK_GLASS);
            assertThat(principals(live, "EXCEPTION_SCOPE_VIOLATION")).containsExactly(CanonicalLoad.SCANNER);

            // The demo's one-line format: one line per alert record, naming its rule and principal.
            List<String> lines = run(new AlertsCommand(Map.of()), "--bootstrap-servers", bootstrap, "--from-beginning")
                    .expectSuccess().out().lines().toList();
            assertThat(lines).hasSameSizeAs(live);
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i)).contains(live.get(i).rule()).contains(live.get(i).principal());
            }
        }
    }

    private static Commands.Ran replay(Map<String, String> env, String bootstrap, String source, String input,
                                       String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--bootstrap-servers", bootstrap, "--source", source));
        args.addAll(List.of(more));
        args.add(input);
        return run(new ReplayCommand(env, InputStream.nullInputStream()), args.toArray(String[]::new)).expectSuccess();
    }

    private static void awaitAlert(Map<String, String> env, String bootstrap, Predicate<Alert> which) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> alerts(
                run(new AlertsCommand(env), "--bootstrap-servers", bootstrap, "--from-beginning", "--json").expectSuccess().out())
                .stream().anyMatch(which));
    }

    private static Set<String> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::alertId).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static Set<String> principals(List<Alert> alerts, String rule) {
        return alerts.stream().filter(a -> a.rule().equals(rule)).map(Alert::principal)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
