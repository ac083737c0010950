package dev.mfawatch.detector.registration;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.detector.metrics.RegistrationMetrics;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.MethodClass;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registration step through the whole topology: states, gauges, NO_MFA_REGISTERED and ENROLMENT_OVERDUE. */
class RegistrationTopologyTest {

    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";

    @TempDir
    Path stateDir;

    private static Principal principal(String id, List<String> roles, boolean breakGlass, List<String> methods, String created) {
        return new Principal(id, List.of(), id, roles, breakGlass, methods, Instant.parse(created), true);
    }

    private static DirectoryChange change(String id, ChangeOperation op, String target, String at, Map<String, String> details) {
        return new DirectoryChange(id, "okta", Instant.parse(at), new Actor(target, "USER"), op, List.of(target), null, null,
                details, null);
    }

    private static double gauge(Pipeline p, String name, String... tags) {
        Gauge g = p.registry.find(name).tags(tags).gauge();
        return g == null ? Double.NaN : g.value();
    }

    private static double principals(Pipeline p, String state, String privileged, String type) {
        return gauge(p, RegistrationMetrics.PRINCIPALS, "state", state, "privileged", privileged, "principal_type", type);
    }

    private static double allPrincipals(Pipeline p) {
        return p.registry.find(RegistrationMetrics.PRINCIPALS).gauges().stream().mapToDouble(Gauge::value).sum();
    }

    private static List<Alert> noMfa(Pipeline p) {
        return p.alerts.readValuesToList().stream().filter(a -> a.rule().equals(NoMfaRegisteredDetector.ID)).toList();
    }

    @Test
    void statesByPrivilegeAndType_fromAnInventoryThatListsMethods() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            p.publish(principal(ALICE, List.of(), false, List.of("microsoftAuthenticatorPush", "mobilePhone"), "2025-01-01T00:00:00Z"))
                    .publish(principal(BOB, List.of("Global Administrator"), false, List.of("sms"), "2025-01-01T00:00:00Z"))
                    .publish(principal("bg@example.com", List.of(), true, List.of("fido2"), "2025-01-01T00:00:00Z"))
                    .publish(principal("carol@example.com", List.of(), false, List.of(), "2025-01-01T00:00:00Z"));
            assertThat(principals(p, "standard", "false", "user")).isEqualTo(1);
            assertThat(principals(p, "weak_only", "true", "user")).isEqualTo(1);
            assertThat(principals(p, "phishing_resistant", "true", "break_glass")).isEqualTo(1);
            assertThat(principals(p, "none", "false", "user")).isEqualTo(1);
            assertThat(allPrincipals(p)).isEqualTo(4);
            assertThat(gauge(p, RegistrationMetrics.BACKLOG, "covered", "false")).isEqualTo(1);
            // A sign-in by a service principal moves it to principal_type=service.
            p.pipe(signIn("svc").principal(BOB).type(dev.mfawatch.model.signin.PrincipalType.SERVICE)
                    .withMfa(MethodClass.SMS_VOICE, "sms").build());
            assertThat(principals(p, "weak_only", "true", "service")).isEqualTo(1);
            assertThat(principals(p, "weak_only", "true", "user")).isZero();
            // A workload identity with no method is no enrolment backlog, and its sign-in raises nothing by default.
            p.pipe(signIn("svc-carol").principal("carol@example.com").type(dev.mfawatch.model.signin.PrincipalType.SERVICE).build());
            assertThat(principals(p, "none", "false", "service")).isEqualTo(1);
            assertThat(gauge(p, RegistrationMetrics.BACKLOG, "covered", "false")).isZero();
            // Leaving the inventory (a tombstone) leaves the counts.
            p.principals.pipeInput(BOB, null, Pipeline.REGISTER_TIME);
            assertThat(allPrincipals(p)).isEqualTo(3);
            assertThat(noMfa(p)).isEmpty();
        }
    }

    @Test
    void anInventoryWithoutTheMethodsFieldMakesNobodyNone() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            p.publish(principal(ALICE, List.of("Global Administrator"), false, null, "2025-01-01T00:00:00Z"));
            p.pipe(signIn("s-1").build()).pipe(signIn("s-2").at("2026-11-25T09:00:00Z").build());
            assertThat(noMfa(p)).isEmpty();
            assertThat(allPrincipals(p)).isZero();
            assertThat(gauge(p, RegistrationMetrics.BACKLOG, "covered", "false")).isZero();
        }
    }

    @Test
    void noMethodFiresOncePerWindow_bySeverity() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            p.publish(principal(ALICE, List.of("Global Administrator"), false, List.of(), "2025-01-01T00:00:00Z"))
                    .publish(principal("bg@example.com", List.of(), true, List.of(), "2025-01-01T00:00:00Z"));
            p.pipe(signIn("s-1").build())
                    .pipe(signIn("s-2").at("2026-11-23T10:00:00Z").build())
                    .pipe(signIn("s-3").at("2026-11-24T09:00:00Z").build())
                    .pipe(signIn("bg-1").principal("bg@example.com").build());
            List<Alert> alerts = noMfa(p);
            assertThat(alerts).extracting(a -> a.evidence().get(0)).containsExactly("s-1", "s-3", "bg-1");
            assertThat(alerts).extracting(Alert::severity).containsExactly(Severity.HIGH, Severity.HIGH, Severity.CRITICAL);
        }
    }

    @Test
    void aFactorRegisteredAfterCreationIsObservedOnce_andEndsTheAlerts() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            p.publish(principal(ALICE, List.of(), false, List.of(), "2026-11-20T00:00:00Z"));
            p.pipe(change("c-1", ChangeOperation.FACTOR_REGISTERED, ALICE, "2026-11-23T00:00:00Z", Map.of("factor", "webauthn")));
            Timer t = p.registry.find(RegistrationMetrics.TIME_TO_ENROL).timer();
            assertThat(t.count()).isEqualTo(1);
            assertThat(t.totalTime(java.util.concurrent.TimeUnit.DAYS)).isEqualTo(3.0);
            assertThat(principals(p, "phishing_resistant", "false", "user")).isEqualTo(1);
            p.pipe(signIn("s-1").build());
            assertThat(noMfa(p)).isEmpty();
            // Removed and registered again: not a first enrolment.
            p.pipe(change("c-2", ChangeOperation.FACTOR_REMOVED, ALICE, "2026-11-23T10:00:00Z", Map.of("factor", "webauthn")))
                    .pipe(change("c-3", ChangeOperation.FACTOR_REGISTERED, ALICE, "2026-11-23T11:00:00Z", Map.of("factor", "sms")));
            assertThat(t.count()).isEqualTo(1);
            assertThat(principals(p, "weak_only", "false", "user")).isEqualTo(1);
        }
    }

    @Test
    void aResetOfAllFactorsLeavesNone_andTheNextSuccessFires() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            p.publish(principal(ALICE, List.of(), false, List.of("push", "sms"), "2025-01-01T00:00:00Z"));
            p.pipe(change("r-1", ChangeOperation.FACTOR_RESET, ALICE, "2026-11-23T08:00:00Z", Map.of("resetScope", "all")));
            assertThat(principals(p, "none", "false", "user")).isEqualTo(1);
            assertThat(principals(p, "standard", "false", "user")).isZero();
            p.pipe(signIn("s-1").build());
            assertThat(noMfa(p)).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.MEDIUM));
        }
    }

    @Test
    void anEnrolmentExceptionCovers_thenItsExpiryIsAnnouncedOnce_andTheNextSuccessFires() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            TestOutputTopic<String, Notice> notices = p.driver.createOutputTopic(Topics.NOTICES.name(),
                    Serdes.String().deserializer(), Topics.NOTICES.valueSerde().deserializer());
            p.publish(entry("EXC-EP").category(ExceptionCategory.ENROLLMENT_PENDING).principals(ALICE, BOB)
                    .active("2026-10-01T00:00:00Z", "2026-11-22T00:00:00Z").build());
            p.publish(principal(ALICE, List.of(), false, List.of(), "2025-01-01T00:00:00Z"))
                    .publish(principal(BOB, List.of(), false, List.of("push"), "2025-01-01T00:00:00Z"));
            assertThat(gauge(p, RegistrationMetrics.BACKLOG, "covered", "true")).isEqualTo(1);
            assertThat(gauge(p, RegistrationMetrics.BACKLOG, "covered", "false")).isZero();
            p.pipe(signIn("s-1").at("2026-11-21T09:00:00Z").build());
            assertThat(noMfa(p)).isEmpty();
            // Stream time passes the expiry (and the grace): one notice for alice, none for bob who has a method.
            p.pipe(signIn("s-2").principal(BOB).at("2026-11-23T09:00:00Z").withMfa(MethodClass.PUSH, "push").build())
                    .pipe(signIn("s-3").principal(BOB).at("2026-11-24T09:00:00Z").withMfa(MethodClass.PUSH, "push").build());
            List<Notice> overdue = notices.readValuesToList().stream().filter(n -> n.kind() == NoticeKind.ENROLMENT_OVERDUE).toList();
            assertThat(overdue).singleElement().satisfies(n -> {
                assertThat(n.exceptionId()).isEqualTo("EXC-EP");
                assertThat(n.noticeId()).isEqualTo("EXC-EP/ENROLMENT_OVERDUE/" + ALICE);
                assertThat(n.at()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
            });
            assertThat(gauge(p, RegistrationMetrics.BACKLOG, "covered", "false")).isEqualTo(1);
            assertThat(gauge(p, RegistrationMetrics.BACKLOG, "covered", "true")).isZero();
            p.pipe(signIn("s-4").at("2026-11-24T10:00:00Z").build());
            assertThat(noMfa(p)).singleElement().satisfies(a -> assertThat(a.exceptionId()).isEqualTo("EXC-EP"));
        }
    }

    @Test
    void anEnrolmentExceptionRepublishedAsExpiredBeforeTheSweep_isStillAnnounced() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            TestOutputTopic<String, Notice> notices = p.driver.createOutputTopic(Topics.NOTICES.name(),
                    Serdes.String().deserializer(), Topics.NOTICES.valueSerde().deserializer());
            p.publish(principal(ALICE, List.of(), false, List.of(), "2025-01-01T00:00:00Z"));
            p.publish(entry("EXC-EP").category(ExceptionCategory.ENROLLMENT_PENDING).principals(ALICE)
                    .active("2026-10-01T00:00:00Z", "2026-11-22T00:00:00Z").build());
            p.pipe(signIn("s-1").principal(BOB).at("2026-11-21T09:00:00Z").withMfa(MethodClass.PUSH, "push").build());
            // register-sync's --watch republishes the entry at its expiry, before the detector's stream time gets there.
            p.publish(entry("EXC-EP").category(ExceptionCategory.ENROLLMENT_PENDING).principals(ALICE)
                    .active("2026-10-01T00:00:00Z", "2026-11-22T00:00:00Z").expiredOnItsDate().build());
            p.pipe(signIn("s-2").principal(BOB).at("2026-11-23T09:00:00Z").withMfa(MethodClass.PUSH, "push").build())
                    .pipe(signIn("s-3").principal(BOB).at("2026-11-24T09:00:00Z").withMfa(MethodClass.PUSH, "push").build());
            assertThat(notices.readValuesToList()).filteredOn(n -> n.kind() == NoticeKind.ENROLMENT_OVERDUE)
                    .extracting(Notice::noticeId).containsExactly("EXC-EP/ENROLMENT_OVERDUE/" + ALICE);
        }
    }

    @Test
    void anInventoryLoadedAfterTheExpiry_isAnnouncedAtOnce_andOnlyOnceWhenItComesAgain() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            TestOutputTopic<String, Notice> notices = p.driver.createOutputTopic(Topics.NOTICES.name(),
                    Serdes.String().deserializer(), Topics.NOTICES.valueSerde().deserializer());
            p.publish(entry("EXC-EP").category(ExceptionCategory.ENROLLMENT_PENDING).principals(ALICE)
                    .active("2026-10-01T00:00:00Z", "2026-11-22T00:00:00Z").expiredOnItsDate().build());
            // Stream time is long past the expiry, and past the first sweep, before the inventory says anything of alice.
            p.pipe(signIn("s-1").principal(BOB).at("2026-11-24T09:00:00Z").withMfa(MethodClass.PUSH, "push").build());
            assertThat(notices.readValuesToList()).noneMatch(n -> n.kind() == NoticeKind.ENROLMENT_OVERDUE);
            p.publish(principal(ALICE, List.of(), false, List.of(), "2025-01-01T00:00:00Z"));
            assertThat(notices.readValuesToList()).filteredOn(n -> n.kind() == NoticeKind.ENROLMENT_OVERDUE)
                    .extracting(Notice::noticeId).containsExactly("EXC-EP/ENROLMENT_OVERDUE/" + ALICE);
            // She registers a method, loses it again, and stream time moves on: announced already.
            p.publish(principal(ALICE, List.of(), false, List.of("push"), "2025-01-01T00:00:00Z"))
                    .publish(principal(ALICE, List.of(), false, List.of(), "2025-01-01T00:00:00Z"));
            p.pipe(signIn("s-2").principal(BOB).at("2026-11-25T09:00:00Z").withMfa(MethodClass.PUSH, "push").build());
            assertThat(notices.readValuesToList()).noneMatch(n -> n.kind() == NoticeKind.ENROLMENT_OVERDUE);
        }
    }

    @Test
    void registeredMethodsUnusedForTheAgeCountAsStale_untilUsed() {
        try (Pipeline p = new Pipeline(stateDir, Map.of(RegistrationSettings.STALE_FACTOR_DAYS, "10"))) {
            // Listed at the inventory's record time, 2026-11-01.
            p.publish(principal(ALICE, List.of(), false, List.of("push", "sms"), "2025-01-01T00:00:00Z"));
            p.pipe(signIn("s-1").at("2026-11-05T09:00:00Z").withMfa(MethodClass.PUSH, "push").build());
            p.pipe(signIn("s-2").principal(BOB).at("2026-11-12T00:00:00Z").build());
            assertThat(gauge(p, RegistrationMetrics.STALE_FACTORS, "method_class", "sms_voice")).isEqualTo(1);
            assertThat(gauge(p, RegistrationMetrics.STALE_FACTORS, "method_class", "push")).isZero();
            p.pipe(signIn("s-3").principal(BOB).at("2026-11-16T00:00:00Z").build());
            assertThat(gauge(p, RegistrationMetrics.STALE_FACTORS, "method_class", "push")).isEqualTo(1);
            p.pipe(signIn("s-4").at("2026-11-16T01:00:00Z").withMfa(MethodClass.SMS_VOICE, "sms").build());
            assertThat(gauge(p, RegistrationMetrics.STALE_FACTORS, "method_class", "sms_voice")).isZero();
        }
    }
}
