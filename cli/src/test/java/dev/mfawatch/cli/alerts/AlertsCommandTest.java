package dev.mfawatch.cli.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Option parsing of {@code alerts}, without Kafka. */
class AlertsCommandTest {

    private static AlertsCommand parse(Map<String, String> env, String... args) {
        AlertsCommand command = new AlertsCommand(env);
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void readsCommittedAlertsWithoutAGroupAndNeverCommits() {
        AlertsCommand.Plan plan = parse(Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092", "KAFKA_GROUP_ID", "soc",
                "KAFKA_SECURITY_PROTOCOL", "SSL"), "--bootstrap-servers", "localhost:19092", "--from-beginning").plan();
        assertThat(plan.consumer()).containsEntry("bootstrap.servers", "localhost:19092")
                .containsEntry("isolation.level", "read_committed").containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "earliest").containsEntry("security.protocol", "SSL")
                .doesNotContainKey("group.id");
        assertThat(plan.mode()).as("neither --follow nor --idle-exit: read to the end").isEqualTo(AlertsCommand.Mode.TO_END);
    }

    @Test
    void followAndIdleExitChooseWhenToStop() {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092");
        assertThat(parse(env, "--follow").plan().mode()).isEqualTo(AlertsCommand.Mode.FOLLOW);
        AlertsCommand.Plan idle = parse(env, "--idle-exit", "10s", "--json").plan();
        assertThat(idle.mode()).isEqualTo(AlertsCommand.Mode.IDLE_EXIT);
        assertThat(idle.idle()).isEqualTo(Duration.ofSeconds(10));
        assertThat(idle.consumer()).containsEntry("auto.offset.reset", "latest");
    }

    @Test
    void followAndIdleExitTogetherAreAUsageError() {
        AlertsCommand command = new AlertsCommand(Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092"));
        assertThatThrownBy(() -> new CommandLine(command).parseArgs("--follow", "--idle-exit", "5s"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("mutually exclusive");
    }

    @Test
    void noKafkaOrABadDurationExitsWithTwo() {
        assertThat(run(Map.of(), "--follow")).startsWith("2 ").contains("--bootstrap-servers");
        assertThat(run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "h:1"), "--idle-exit", "soon")).startsWith("2 ").contains("--idle-exit");
    }

    private static String run(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new AlertsCommand(env));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        return cli.execute(args) + " " + err;
    }
}
