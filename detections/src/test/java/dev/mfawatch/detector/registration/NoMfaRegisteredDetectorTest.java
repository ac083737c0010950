package dev.mfawatch.detector.registration;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.MfaPolicy;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NoMfaRegisteredDetectorTest {

    private final NoMfaRegisteredDetector rule = new NoMfaRegisteredDetector(RegistrationSettings.DEFAULTS);
    private static final SignInEvent SUCCESS = signIn("s-1").build(); // alice, 2026-11-23T09:00Z, no MFA

    private static PrincipalRegistration registration(List<String> roles, boolean breakGlass, List<String> methods) {
        return PrincipalRegistration.EMPTY.withInventory(new Principal("alice@example.com", List.of(), null, roles, breakGlass,
                methods, null, true), Instant.parse("2026-11-01T00:00:00Z"));
    }

    private Optional<Finding> judge(SignInEvent e, List<ExceptionEntry> entries, PrincipalRegistration r, Instant lastFired) {
        return rule.judge(DetectionContext.of(e, entries, MfaPolicy.DEFAULT), r, lastFired);
    }

    @Test
    void aSuccessWithNoMethodFires_severityByPrivilege() {
        assertThat(judge(SUCCESS, List.of(), registration(List.of(), false, List.of()), null)).map(Finding::severity)
                .contains(Severity.MEDIUM);
        assertThat(judge(SUCCESS, List.of(), registration(List.of("Global Administrator"), false, List.of()), null))
                .map(Finding::severity).contains(Severity.HIGH);
        Finding bg = judge(SUCCESS, List.of(), registration(List.of(), true, List.of()), null).orElseThrow();
        assertThat(bg.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(bg.details()).containsEntry("principalType", "break_glass").containsEntry("registration", "none");
    }

    @Test
    void unknownMethodsOrAnyMethodNeverFire() {
        assertThat(judge(SUCCESS, List.of(), registration(List.of(), false, null), null)).isEmpty();
        assertThat(judge(SUCCESS, List.of(), null, null)).isEmpty();
        assertThat(judge(SUCCESS, List.of(), registration(List.of(), false, List.of("sms")), null)).isEmpty();
        // A password alone is no method: still none.
        assertThat(judge(SUCCESS, List.of(), registration(List.of(), false, List.of("password")), null)).isPresent();
    }

    @Test
    void aFailureOrAnMfaWithARealFactorDoesNotFire_aTemporaryPassDoes() {
        PrincipalRegistration none = registration(List.of(), false, List.of());
        assertThat(judge(signIn("f").result(SignInResult.FAILURE).build(), List.of(), none, null)).isEmpty();
        assertThat(judge(signIn("p").withMfa(MethodClass.PUSH, "push").build(), List.of(), none, null)).isEmpty();
        assertThat(judge(signIn("t").withMfa(MethodClass.TEMPORARY_PASS, "temporaryAccessPass").build(), List.of(), none, null))
                .isPresent();
    }

    @Test
    void aServicePrincipalIsJudgedOnlyWhenThePolicyExpectsMfaOfIt() {
        PrincipalRegistration none = registration(List.of(), false, List.of());
        SignInEvent service = signIn("svc").type(dev.mfawatch.model.signin.PrincipalType.SERVICE).build();
        assertThat(judge(service, List.of(), none, null)).isEmpty();
        assertThat(rule.judge(DetectionContext.of(service, List.of(), new MfaPolicy(true, false)), none, null)).isPresent();
    }

    @Test
    void anEnrolmentExceptionInForceCovers_anExpiredOneIsNamed() {
        PrincipalRegistration none = registration(List.of(), false, List.of());
        ExceptionEntry inForce = entry("EXC-EP").category(ExceptionCategory.ENROLLMENT_PENDING).build();
        assertThat(judge(SUCCESS, List.of(inForce), none, null)).isEmpty();
        // Another category does not cover a missing registration.
        assertThat(judge(SUCCESS, List.of(entry("EXC-L").build()), none, null)).isPresent();
        ExceptionEntry expired = entry("EXC-OLD").category(ExceptionCategory.ENROLLMENT_PENDING)
                .active("2026-11-01T00:00:00Z", "2026-11-15T00:00:00Z").build();
        Finding f = judge(SUCCESS, List.of(expired), none, null).orElseThrow();
        assertThat(f.exception().id()).isEqualTo("EXC-OLD");
        assertThat(f.details()).containsEntry("enrolmentExpiredAt", "2026-11-15T00:00:00Z");
        assertThat(f.summary()).contains("EXC-OLD");
    }

    @Test
    void oncePerPrincipalPerWindow() {
        PrincipalRegistration none = registration(List.of(), false, List.of());
        Instant last = SUCCESS.time().minus(Duration.ofHours(23));
        assertThat(judge(SUCCESS, List.of(), none, last)).isEmpty();
        assertThat(judge(SUCCESS, List.of(), none, SUCCESS.time().minus(Duration.ofHours(24)))).isPresent();
    }

    @Test
    void detectJudgesTheInventoryFactsAlone() {
        assertThat(rule.detect(DetectionContext.of(SUCCESS, List.of(), new InventoryFacts(false, false, List.of()), MfaPolicy.DEFAULT)))
                .isPresent();
        assertThat(rule.detect(DetectionContext.of(SUCCESS, List.of(), new InventoryFacts(false, false, List.of(), false),
                MfaPolicy.DEFAULT))).isEmpty();
        assertThat(rule.detect(DetectionContext.of(SUCCESS, List.of(), MfaPolicy.DEFAULT))).isEmpty();
    }
}
