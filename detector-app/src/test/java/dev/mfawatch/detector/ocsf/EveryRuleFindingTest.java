package dev.mfawatch.detector.ocsf;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.changes.ChangeDetectors;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.directory.PolicyRef;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SignInResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of the catalogue ({@link Detectors#all} and {@link ChangeDetectors#all}) made to fire through the whole
 * topology with {@code MFAWATCH_OCSF=true}: each record of {@code mfa.alerts} comes out on {@code mfa.alerts.ocsf} as a
 * finding of the same alert that the Detection Finding schema accepts. A rule without a case below fails: a new rule
 * adds one line to {@link #CASES}.
 */
class EveryRuleFindingTest {

    private static final DetectorConfig CONFIG = DetectorConfig.from(Map.of());
    private static final String WHO = "alice@example.com";
    private static final Instant END = Instant.parse("2026-11-26T09:00:00Z");

    private static final MfaInfo OATH_FAILURE = new MfaInfo(true, false, "hardwareOath", MethodClass.OTP,
            MfaResult.CODE_INCORRECT, null, "TOTP");
    private static final MfaInfo PUSH_DENIED = new MfaInfo(true, false, "Mobile app notification", MethodClass.PUSH,
            MfaResult.DENIED, null, null);
    private static final DirectoryChange TICKETLESS_RESET = new DirectoryChange("chg-1", "okta",
            Instant.parse("2026-11-23T09:00:00Z"), new Actor("helpdesk-7@example.com", "USER"), ChangeOperation.FACTOR_RESET,
            List.of(WHO), null, null, Map.of(), null);

    /** One scenario per rule id: what makes that rule fire (register entries, sign-ins, changes). */
    private static final Map<String, Consumer<Pipeline>> CASES = Map.ofEntries(
            Map.entry("MFA_NOT_SATISFIED", p -> p.pipe(signIn("s-1").build())),
            Map.entry("EXPIRED_EXCEPTION_USED", p -> p.publish(entry("EXC-A").active("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z").build()).pipe(signIn("s-1").build())),
            Map.entry("EXCEPTION_SCOPE_VIOLATION", p -> p.publish(entry("EXC-S").countries("FR").build()).pipe(signIn("s-1").build())),
            Map.entry("BREAK_GLASS_SIGNIN", p -> p.publish(entry("EXC-BG").category(ExceptionCategory.BREAK_GLASS).build()).pipe(signIn("s-1").build())),
            Map.entry("IMPOSSIBLE_TRAVEL", p -> p.pipe(signIn("t-1").located(51.5074, -0.1278, null, "London", "GB").withMfa(MethodClass.PUSH, "push").build()).pipe(signIn("t-2").at("2026-11-23T09:30:00Z").withMfa(MethodClass.PUSH, "push").build())),
            Map.entry("OATH_DESYNC", p -> Stream.of("09:00", "09:01", "09:02", "09:03").forEach(t -> p.pipe(signIn("o-" + t).at("2026-11-23T" + t + ":00Z").result(SignInResult.FAILURE).session("s-a").mfa(OATH_FAILURE).build()))),
            Map.entry("FACTOR_SWAP", p -> p.pipe(TICKETLESS_RESET).pipe(signIn("s-1").at("2026-11-23T09:10:00Z").withMfa(MethodClass.OTP, "totp").build())),
            // One helpdesk actor resets the factors of five people within the hour: RESET_BURST, keyed by the actor.
            Map.entry("MFA_RESET_ABUSE", p -> Stream.of(1, 2, 3, 4, 5).forEach(i -> p.pipe(new DirectoryChange("rst-" + i, "okta",
                    Instant.parse("2026-11-23T09:0" + i + ":00Z"), new Actor("helpdesk-7@example.com", "USER"), ChangeOperation.FACTOR_RESET,
                    List.of("user" + i + "@example.com"), null, null, Map.of("performedBy", "ADMIN"), null)))),
            // Five refused pushes in five minutes, then the user accepts one: the burst and its GAVE_IN follow-up.
            Map.entry("MFA_FATIGUE", p -> {
                Stream.of(1, 2, 3, 4, 5).forEach(i -> p.pipe(signIn("f-" + i).at("2026-11-23T09:0" + i + ":00Z").result(SignInResult.FAILURE)
                        .mfa(PUSH_DENIED).build()));
                p.pipe(signIn("f-ok").at("2026-11-23T09:07:00Z").withMfa(MethodClass.PUSH, "push").build());
            }),
            // A ticketless Temporary Access Pass, then the sign-in with it.
            Map.entry("RECOVERY_CODE_USED", p -> p.pipe(new DirectoryChange("tap-1", "entra-audit", Instant.parse("2026-11-23T09:00:00Z"),
                    new Actor("admin@example.com", "USER"), ChangeOperation.TEMPORARY_ACCESS_PASS_ISSUED, List.of(WHO), null, null,
                    Map.of("performedBy", "ADMIN"), null)).pipe(signIn("tap-s").at("2026-11-23T09:05:00Z")
                    .withMfa(MethodClass.TEMPORARY_PASS, "Temporary Access Pass").build())),
            // The inventory states that alice has no method; she signs in without one.
            Map.entry("NO_MFA_REGISTERED", p -> p.publish(Pipeline.principal(WHO, List.of(), false)).pipe(signIn("s-1").build())),
            Map.entry("UNAPPROVED_EXCLUSION_CHANGE", p -> p.pipe(new DirectoryChange("chg-x", "entra-audit", Instant.parse("2026-11-23T09:00:00Z"), new Actor("admin@example.com", "USER"), ChangeOperation.EXCLUSION_ADDED, List.of(WHO), new PolicyRef("pol-1", "Require MFA"), null, Map.of(), null))));

    @TempDir
    Path stateDir;

    static Stream<String> rules() {
        return Stream.concat(Detectors.all(CONFIG).stream().map(d -> d.metadata().id()),
                ChangeDetectors.all(CONFIG).stream().map(d -> d.metadata().id()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void everyAlertOfTheRuleIsAValidDetectionFinding(String rule) {
        assertThat(CASES).as("an OCSF case for " + rule + " in EveryRuleFindingTest.CASES").containsKey(rule);
        try (Pipeline p = new Pipeline(stateDir, Map.of(OcsfSettings.OCSF, "true"))) {
            TestOutputTopic<String, String> ocsf = p.driver.createOutputTopic(Topics.ALERTS_OCSF.name(),
                    Serdes.String().deserializer(), Serdes.String().deserializer());
            CASES.get(rule).accept(p);
            // Stream time far past every window and wake-up, on a quiet sign-in no rule fires on.
            p.pipe(signIn("end").principal("zz-end@example.com").type(PrincipalType.SERVICE).at(END.toString())
                    .withMfa(MethodClass.PUSH, "push").build());

            List<Alert> alerts = p.alerts.readValuesToList();
            List<JsonNode> findings = ocsf.readValuesToList().stream().map(EveryRuleFindingTest::tree).toList();
            assertThat(alerts).extracting(Alert::rule).as("the scenario makes " + rule + " fire").contains(rule);
            assertThat(findings).hasSameSizeAs(alerts);
            for (int i = 0; i < alerts.size(); i++) {
                Alert a = alerts.get(i);
                JsonNode f = findings.get(i);
                assertThat(OcsfSchema.errors(f)).as(a.rule() + " finding " + f).isEmpty();
                assertThat(f.at("/finding_info/uid").asText()).isEqualTo(a.alertId());
                assertThat(f.at("/finding_info/analytic/uid").asText()).isEqualTo(a.rule());
                assertThat(f.get("type_uid").asLong()).isEqualTo(a.count() > 1 ? 200402L : 200401L);
                assertThat(f.get("count").asInt()).isEqualTo(a.count());
            }
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
