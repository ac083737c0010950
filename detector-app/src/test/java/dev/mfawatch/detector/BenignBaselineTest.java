package dev.mfawatch.detector;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;

import dev.mfawatch.detector.fixtures.SignIns;
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

    /** Cities users live in: (name, country, lat, lon). */
    private static final Object[][] CITIES = {
            {"London", "GB", 51.5074, -0.1278}, {"Berlin", "DE", 52.52, 13.405}, {"New York", "US", 40.7128, -74.0060},
            {"Paris", "FR", 48.8566, 2.3522}, {"Madrid", "ES", 40.4168, -3.7038}, {"Chicago", "US", 41.8781, -87.6298},
            {"Singapore", "SG", 1.3521, 103.8198}, {"Sydney", "AU", -33.8688, 151.2093}};

    /**
     * A generated day for 1,000 users: 4 to 12 interactive sign-ins each from home with MFA of every
     * class and small accuracy radii, token refreshes geolocated to a far-away data centre, mistyped
     * passwords, a single mistyped OATH code, and travellers who fly (London→New York in 8 h, 696 km/h).
     * Privileged users come from the inventory. Nothing here is suspicious, so nothing may alert.
     */
    @Test
    void aGeneratedDayOfNormalTrafficForAThousandUsersRaisesNoAlert() {
        DetectorConfig config = DetectorConfig.from(Map.of(DetectorConfig.STATE_DIR, stateDir.toString()));
        var detectors = Detectors.all(config);
        var metrics = DetectorMetrics.bindTo(new SimpleMeterRegistry(), Detectors.severities(detectors));
        java.util.Random rnd = new java.util.Random(20261123);
        try (TopologyTestDriver driver = new TopologyTestDriver(DetectorTopology.build(config, detectors, metrics),
                config.streamsProperties())) {
            TestInputTopic<String, byte[]> principals = driver.createInputTopic(Topics.PRINCIPALS.name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestInputTopic<String, byte[]> signIns = driver.createInputTopic(Topics.SIGNIN_EVENTS.name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, Alert> alerts = driver.createOutputTopic(Topics.ALERTS.name(),
                    Serdes.String().deserializer(), Topics.ALERTS.valueSerde().deserializer());
            MethodClass[] classes = {MethodClass.PHISHING_RESISTANT, MethodClass.PUSH, MethodClass.OTP, MethodClass.SMS_VOICE};
            Instant day = Instant.parse("2026-11-23T00:00:00Z");
            List<SignInEvent> events = new ArrayList<>();
            for (int u = 0; u < 1000; u++) {
                String user = "user" + u + "@example.com";
                if (u % 50 == 0) {
                    var p = dev.mfawatch.detector.fixtures.Pipeline.principal(user, List.of("Exchange Administrator"), false, "fido2");
                    principals.pipeInput(user, Topics.PRINCIPAL_SERDE.write(p), Instant.parse("2026-11-01T00:00:00Z"));
                }
                Object[] home = CITIES[u % CITIES.length];
                boolean traveller = u % 100 == 7 && home[0].equals("London");
                int n = 4 + rnd.nextInt(9);
                for (int i = 0; i < n; i++) {
                    Instant t = day.plusSeconds(6 * 3600 + rnd.nextInt(12 * 3600));
                    Object[] where = home;
                    if (traveller) {
                        // Morning in London until 08:00, then (after an 8 h flight) New York from 16:00.
                        t = i < n / 2 ? day.plusSeconds(6 * 3600 + rnd.nextInt(2 * 3600)) : day.plusSeconds(16 * 3600 + rnd.nextInt(4 * 3600));
                        where = i < n / 2 ? CITIES[0] : CITIES[2];
                    }
                    double jitter = (rnd.nextDouble() - 0.5) * 0.2;
                    SignIns s = signIn("d-" + u + "-" + i).at(t.toString()).principal(user).source(i % 3 == 0 ? "okta" : "entra")
                            .ip("203.0." + (u % 200) + "." + (1 + i))
                            .located((Double) where[2] + jitter, (Double) where[3] + jitter, 5.0 + rnd.nextInt(40),
                                    (String) where[0], (String) where[1])
                            .withMfa(classes[rnd.nextInt(classes.length)], "method");
                    events.add(s.build());
                }
                // A token refresh geolocated to a data centre on another continent: non-interactive, never an anchor.
                events.add(signIn("r-" + u).at(day.plusSeconds(7 * 3600 + rnd.nextInt(3600)).toString()).principal(user)
                        .nonInteractive().located(1.3521, 103.8198, null, "Singapore", "SG").withMfa(MethodClass.OTHER, "token").build());
                if (u % 10 == 3) {
                    events.add(signIn("pw-" + u).at(day.plusSeconds(9 * 3600).toString()).principal(user)
                            .result(SignInResult.FAILURE).located((Double) home[2], (Double) home[3], 20.0, (String) home[0], (String) home[1]).build());
                }
                if (u % 10 == 4) {
                    events.add(signIn("otp-" + u).at(day.plusSeconds(10 * 3600).toString()).principal(user).result(SignInResult.FAILURE)
                            .located((Double) home[2], (Double) home[3], 20.0, (String) home[0], (String) home[1])
                            .mfa(new MfaInfo(true, false, "softwareOath", MethodClass.OTP, MfaResult.CODE_INCORRECT, null, "TOTP")).build());
                }
            }
            events.sort(java.util.Comparator.comparing(SignInEvent::time));
            for (SignInEvent e : events) {
                signIns.pipeInput(e.principal().id(), Topics.SIGNIN_SERDE.write(e), e.time());
            }
            assertThat(events.size()).isGreaterThan(8000);
            assertThat(alerts.readValuesToList()).isEmpty();
        }
    }
}
