package dev.mfawatch.cli.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.cli.MfaWatch;
import dev.mfawatch.kafka.LocalKafka;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.signin.SignInEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The compose stack's traffic generator, {@code mfa-watch demo --bootstrap-servers HOST:PORT}: sign-ins
 * go to an existing cluster, keyed by principal id, and nothing else is started (no broker, no
 * register-sync, no detector, so no alert).
 */
class ComposeGeneratorIT {

    @Test
    void generatorWritesCanonicalSignInsKeyedByPrincipalIntoAnExistingCluster() {
        try (LocalKafka kafka = LocalKafka.start()) {
            TopicSetup.ensureAll(kafka.clientProps(), 4);
            StringWriter out = new StringWriter();
            CommandLine cmd = MfaWatch.commandLine();
            cmd.setOut(new PrintWriter(out, true));
            // The first scripted case comes 2 s into the cycle; 4 s also hold a few ordinary sign-ins.
            int code = cmd.execute("demo", "--bootstrap-servers", kafka.bootstrapServers(), "--duration", "4s");
            assertThat(code).as(out.toString()).isZero();
            assertThat(out.toString()).contains("generating sign-ins into " + kafka.bootstrapServers())
                    .contains("alerts by rule: none")
                    .doesNotContain("broker ready").doesNotContain("register-sync published").doesNotContain("detector running");

            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "group.id", "generator-it", "auto.offset.reset", "earliest"), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                c.subscribe(List.of(Topics.SIGNIN_EVENTS.name()));
                Instant deadline = Instant.now().plusSeconds(20);
                while (Instant.now().isBefore(deadline)
                        && records.stream().noneMatch(r -> r.key().startsWith("mallory.contractor@"))) {
                    c.poll(Duration.ofMillis(500)).forEach(records::add);
                }
            }
            // The scripted contractor sign-in (2 s into the cycle) is there, and every record is a
            // canonical sign-in keyed by its principal id, as the detector expects.
            assertThat(records).anySatisfy(r -> assertThat(r.key()).isEqualTo("mallory.contractor@northwind.example"));
            assertThat(records).allSatisfy(r -> {
                SignInEvent e = Topics.SIGNIN_SERDE.read(r.value());
                assertThat(r.key()).isEqualTo(e.principal().id());
            });
        }
    }
}
