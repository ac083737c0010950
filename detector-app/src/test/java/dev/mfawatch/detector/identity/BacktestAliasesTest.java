package dev.mfawatch.detector.identity;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mfawatch.detector.backtest.Backtest;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.Principal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backtest loads the inventory's aliases as register-sync publishes them, so offline runs resolve like live ones. */
class BacktestAliasesTest {

    @Test
    void aSignInUnderAnInventoryAliasIsJudgedAsItsPrincipal(@TempDir Path dir) throws Exception {
        Principal paula = new Principal("paula@contoso.example", List.of("arn:aws:iam::111122223333:user/paula"), "Paula",
                List.of("Global Administrator"), false, List.of(), Instant.parse("2025-01-01T00:00:00Z"), true);
        Path input = dir.resolve("signins.jsonl");
        Files.writeString(input, new String(Topics.SIGNIN_SERDE.write(signIn("ct-1").source("cloudtrail")
                .principal("arn:aws:iam::111122223333:user/paula").at("2026-11-23T09:00:00Z").build()),
                StandardCharsets.UTF_8) + "\n");
        Path state = Files.createDirectory(dir.resolve("state"));

        List<Alert> alerts = new ArrayList<>();
        Backtest.run(Map.of("MFAWATCH_SUPPRESSION_WINDOW", "0s"), state, List.of(), List.of(paula),
                List.of(new Backtest.Input(Backtest.CANONICAL, input.toString())), alerts::add);

        // Privileged through the inventory entry of the principal the alias names: CRITICAL. The inventory states that
        // she has no MFA method, so the registration step (same topology, keyed by the resolved id) adds NO_MFA_REGISTERED.
        assertThat(alerts).extracting(Alert::rule, Alert::principal, Alert::severity)
                .containsExactly(tuple("MFA_NOT_SATISFIED", "paula@contoso.example", Severity.CRITICAL),
                        tuple("NO_MFA_REGISTERED", "paula@contoso.example", Severity.HIGH));
    }
}
