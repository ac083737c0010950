package dev.mfawatch.detector.usage;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mfawatch.detector.backtest.Backtest;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.usage.ExceptionUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backtest's result holds every use up to its last event, even with no grace and no suppression to wait for
 * and a publish interval longer than the run.
 */
class UsageBacktestTest {

    @Test
    void theLastUsesOfARunArePublished(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("signins.jsonl");
        List<SignInEvent> events = List.of(signIn("e1").at("2026-11-23T09:00:00Z").build(),
                signIn("e2").at("2026-11-23T09:00:30Z").build(), signIn("e3").at("2026-11-23T09:00:50Z").build());
        Files.writeString(input, events.stream().map(e -> new String(Topics.SIGNIN_SERDE.write(e), StandardCharsets.UTF_8))
                .collect(Collectors.joining("\n", "", "\n")));

        Backtest.Result r = Backtest.run(Map.of("MFAWATCH_SUPPRESSION_WINDOW", "0s", "MFAWATCH_GRACE", "0s",
                        UsageSettings.UNUSED_AFTER, "1h", UsageSettings.PUBLISH_INTERVAL, "10m"), Files.createDirectory(dir.resolve("state")),
                List.of(entry("EXC-1").build(), entry("EXC-IDLE").principals("bob@example.com").build()), List.of(),
                List.of(new Backtest.Input(Backtest.CANONICAL, input.toString())), a -> { });

        assertThat(r.usage()).extracting(ExceptionUsage::exceptionId, ExceptionUsage::signIns)
                .containsExactly(tuple("EXC-1", 3L));
        assertThat(r.usage().get(0).lastEventIds()).containsExactly("e3", "e2", "e1");
        // The run spans minutes, not the hour an unused entry waits for.
        assertThat(r.notices()).noneMatch(n -> n.kind() == NoticeKind.UNUSED_EXCEPTION);
    }
}
