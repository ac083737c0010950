package dev.mfawatch.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Option parsing of {@code replay}, without Kafka: what {@link ReplayCommand#plan()} makes of a command line. */
class ReplayCommandTest {

    @TempDir
    Path dir;

    private ReplayCommand parse(Map<String, String> env, String... args) {
        ReplayCommand command = new ReplayCommand(env, InputStream.nullInputStream());
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private Path file() throws Exception {
        return Files.writeString(dir.resolve("in.jsonl"), "{}\n");
    }

    @Test
    void theOptionWinsOverTheEnvironmentAndOtherKafkaSettingsPassThrough() throws Exception {
        ReplayCommand.Plan plan = parse(Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092", "KAFKA_CLIENT_ID", "feeder"),
                "--bootstrap-servers", "localhost:19092", "--source", "CloudTrail", "--rate", "250", file().toString(),
                dir.toString()).plan();
        assertThat(plan.kafka()).containsEntry("bootstrap.servers", "localhost:19092").containsEntry("client.id", "feeder");
        assertThat(plan.inputs()).extracting(i -> i.topic()).containsExactly("idp.raw.cloudtrail", "idp.raw.cloudtrail");
        assertThat(plan.limiter().unlimited()).isFalse();
        assertThat(plan.partitions()).isEqualTo(4);
    }

    @Test
    void canonicalAndChangesGoToTheCanonicalTopics() throws Exception {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092", "MFAWATCH_TOPIC_PARTITIONS", "8");
        ReplayCommand.Plan canonical = parse(env, "--source", "canonical", file().toString()).plan();
        assertThat(canonical.inputs()).extracting(i -> i.topic()).containsExactly("signin.events");
        assertThat(canonical.kafka()).containsEntry("bootstrap.servers", "env:9092");
        assertThat(canonical.limiter().unlimited()).as("no --rate: as fast as possible").isTrue();
        assertThat(canonical.partitions()).isEqualTo(8);
        assertThat(parse(env, "--source", "changes", file().toString()).plan().inputs())
                .extracting(i -> i.topic()).containsExactly("directory.changes");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhy() throws Exception {
        String in = file().toString();
        assertThat(run(Map.of(), "replay", "--source", "okta", in)).startsWith("2 ").contains("--bootstrap-servers");
        assertThat(run(Map.of(), "replay", "--bootstrap-servers", "h:1", "--source", "splunk", in)).startsWith("2 ")
                .contains("splunk");
        assertThat(run(Map.of(), "replay", "--bootstrap-servers", "h:1", "--source", "okta", "--loop", "-"))
                .startsWith("2 ").contains("--loop");
        assertThat(run(Map.of(), "replay", "--bootstrap-servers", "h:1", "--source", "okta", dir.resolve("nope").toString()))
                .startsWith("2 ").contains("cannot read");
        assertThat(run(Map.of(), "replay", "--bootstrap-servers", "h:1", "--source", "okta", "--rate", "-5", in))
                .startsWith("2 ").contains("--rate");
        assertThat(run(Map.of(), "replay", "--bootstrap-servers", "h:1", in)).startsWith("2 ").contains("--source");
    }

    /** Runs {@code replay ARGS…} (the first argument names the command); returns {@code "EXIT stderr"}. */
    private static String run(Map<String, String> env, String... args) {
        CommandLine replay = new CommandLine(new ReplayCommand(env, InputStream.nullInputStream()));
        StringWriter err = new StringWriter();
        replay.setErr(new PrintWriter(err));
        int code = replay.execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        return code + " " + err;
    }
}
