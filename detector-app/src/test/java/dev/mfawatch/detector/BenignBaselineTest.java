package dev.mfawatch.detector;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.ClientProtocol;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SatisfiedBy;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benign day ("goodlog", after Sigma): MFA in every flavour, sign-ins an exception covers,
 * failures and interrupts, service and non-interactive traffic. Any alert here is a false positive.
 */
class BenignBaselineTest {

    @TempDir
    Path stateDir;

    @Test
    void aBenignDayRaisesNoAlert() {
        DetectorConfig config = DetectorConfig.from(Map.of(DetectorConfig.STATE_DIR, stateDir.toString()));
        var detectors = Detectors.all(config);
        var metrics = DetectorMetrics.bindTo(new SimpleMeterRegistry(), Detectors.severities(detectors));
        try (TopologyTestDriver driver = new TopologyTestDriver(DetectorTopology.build(config, detectors, metrics),
                config.streamsProperties())) {
            TestInputTopic<String, byte[]> register = driver.createInputTopic(Topics.REGISTER.name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestInputTopic<String, byte[]> signIns = driver.createInputTopic(Topics.SIGNIN_EVENTS.name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, Alert> alerts = driver.createOutputTopic(Topics.ALERTS.name(),
                    Serdes.String().deserializer(), Topics.ALERTS.valueSerde().deserializer());

            List<ExceptionEntry> entries = List.of(
                    entry("EXC-2026-0501").principals("scanner@example.com").protocols("IMAP", "SMTP")
                            .networks("198.51.100.0/24").build(),
                    entry("EXC-2026-0502").category(ExceptionCategory.ACCESSIBILITY).principals("7c1d2e3f-0000-4000-8000-000000000001")
                            .countries("DE", "AT").build());
            for (ExceptionEntry e : entries) {
                register.pipeInput(e.id(), Topics.REGISTER_SERDE.write(e), Instant.parse("2026-11-01T00:00:00Z"));
            }

            List<SignInEvent> day = new ArrayList<>();
            Instant t = Instant.parse("2026-11-23T07:00:00Z");
            MethodClass[] classes = {MethodClass.PHISHING_RESISTANT, MethodClass.PUSH, MethodClass.OTP, MethodClass.SMS_VOICE};
            for (int i = 0; i < 40; i++) {
                day.add(signIn("mfa-" + i).at(t.plusSeconds(60L * i).toString()).principal("user" + (i % 7) + "@example.com")
                        .withMfa(classes[i % classes.length], "method-" + i % classes.length).build());
            }
            day.add(signIn("claim").principal("user1@example.com").mfa(new MfaInfo(true, true, null, MethodClass.OTHER,
                    null, SatisfiedBy.CLAIM_IN_TOKEN, null)).build());
            day.add(signIn("federated").principal("partner@example.org").mfa(new MfaInfo(null, true, null, MethodClass.OTHER,
                    null, SatisfiedBy.FEDERATED_IDP, null)).build());
            day.add(signIn("scanner-imap").principal("scanner@example.com").protocol(ClientProtocol.IMAP).from("198.51.100.7", "DE").build());
            day.add(signIn("scanner-smtp").principal("scanner@example.com").protocol(ClientProtocol.SMTP).from("198.51.100.8", "DE").build());
            day.add(signIn("access").principal("dana@example.com", "7c1d2e3f-0000-4000-8000-000000000001").from("203.0.113.5", "at").build());
            day.add(signIn("wrong-password").principal("user2@example.com").result(SignInResult.FAILURE).build());
            day.add(signIn("mfa-denied").principal("user3@example.com").result(SignInResult.FAILURE)
                    .mfa(new MfaInfo(true, false, "push", MethodClass.PUSH, MfaResult.DENIED, null, null)).build());
            day.add(signIn("interrupt").principal("user4@example.com").result(SignInResult.INTERRUPTED).build());
            day.add(signIn("daemon").principal("svc-sync@example.com").type(PrincipalType.SERVICE).nonInteractive().build());
            day.add(signIn("refresh").principal("user5@example.com").nonInteractive().build());

            for (SignInEvent e : day) {
                signIns.pipeInput(e.principal().id(), Topics.SIGNIN_SERDE.write(e), e.time());
            }
            assertThat(alerts.readValuesToList()).isEmpty();
        }
    }
}
