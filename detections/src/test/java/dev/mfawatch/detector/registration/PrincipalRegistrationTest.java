package dev.mfawatch.detector.registration;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.registration.RegisteredMethods.Level;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.PrincipalType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrincipalRegistrationTest {

    private static final Instant CREATED = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant T = Instant.parse("2026-11-10T00:00:00Z");

    private static Principal principal(List<String> methods) {
        return new Principal("bob@example.com", List.of(), "Bob", List.of(), false, methods, CREATED, true);
    }

    private static DirectoryChange change(ChangeOperation op, Instant at, Map<String, String> details) {
        return new DirectoryChange("c-" + op + at, "okta", at, null, op, List.of("bob@example.com"), null, null, details, null);
    }

    @Test
    void anInventoryWithoutTheMethodsLeavesThemUnknown_notNone() {
        PrincipalRegistration r = PrincipalRegistration.EMPTY.withInventory(principal(null), T);
        assertThat(r.known()).isFalse();
        assertThat(r.none()).isFalse();
        assertThat(PrincipalRegistration.EMPTY.withInventory(principal(List.of()), T).none()).isTrue();
    }

    @Test
    void theFirstRegistrationAfterNoneMeasuresTimeToEnrol_once() {
        PrincipalRegistration none = PrincipalRegistration.EMPTY.withInventory(principal(List.of()), T);
        PrincipalRegistration.Transition first = none.onChange(change(ChangeOperation.FACTOR_REGISTERED, T, Map.of("factor", "push")));
        assertThat(first.enrolledAfter()).contains(Duration.ofDays(9));
        assertThat(first.next().level()).isEqualTo(Level.STANDARD);
        // Removed again, then registered again: not a first enrolment.
        PrincipalRegistration removed = first.next().onChange(change(ChangeOperation.FACTOR_REMOVED, T.plusSeconds(60),
                Map.of("factor", "push", "resetScope", "one"))).next();
        assertThat(removed.none()).isTrue();
        assertThat(removed.onChange(change(ChangeOperation.FACTOR_REGISTERED, T.plusSeconds(120), Map.of("factor", "sms")))
                .enrolledAfter()).isEmpty();
    }

    @Test
    void anInventoryThatListedMethodsIsNoFirstEnrolment() {
        PrincipalRegistration had = PrincipalRegistration.EMPTY.withInventory(principal(List.of("sms")), T);
        assertThat(had.level()).isEqualTo(Level.WEAK_ONLY);
        assertThat(had.onChange(change(ChangeOperation.FACTOR_REGISTERED, T, Map.of("factor", "webauthn"))).enrolledAfter()).isEmpty();
    }

    @Test
    void aResetOfAllFactorsLeavesNone_evenWhenTheMethodsWereUnknown() {
        PrincipalRegistration unknown = PrincipalRegistration.EMPTY.withInventory(principal(null), T);
        PrincipalRegistration reset = unknown.onChange(change(ChangeOperation.FACTOR_RESET, T, Map.of("resetScope", "all"))).next();
        assertThat(reset.none()).isTrue();
        PrincipalRegistration had = PrincipalRegistration.EMPTY.withInventory(principal(List.of("push", "webauthn")), T);
        assertThat(had.onChange(change(ChangeOperation.FACTOR_RESET, T, Map.of())).next().none()).isTrue();
    }

    @Test
    void aRemovalOfAnUnknownMethodLeavesTheMethodsUnknown() {
        PrincipalRegistration unknown = PrincipalRegistration.EMPTY.withInventory(principal(null), T);
        PrincipalRegistration r = unknown.onChange(change(ChangeOperation.FACTOR_REMOVED, T, Map.of("factor", "sms"))).next();
        assertThat(r.known()).isFalse();
    }

    @Test
    void aLaterInventoryVersionWithoutMethodsKeepsWhatTheChangesShowed() {
        PrincipalRegistration r = PrincipalRegistration.EMPTY.withInventory(principal(List.of()), T)
                .onChange(change(ChangeOperation.FACTOR_REGISTERED, T, Map.of("factor", "webauthn"))).next()
                .withInventory(principal(null), T.plusSeconds(60));
        assertThat(r.level()).isEqualTo(Level.PHISHING_RESISTANT);
    }

    @Test
    void staleMarksFollowTheLastUseOfTheMethodsClass() {
        Duration age = Duration.ofDays(90);
        PrincipalRegistration r = PrincipalRegistration.EMPTY.withInventory(principal(List.of("push", "sms")), T);
        assertThat(r.nextStaleAt(age)).contains(T.plus(age));
        PrincipalRegistration stale = r.markStale(T.plus(age), age);
        assertThat(stale.methods()).allMatch(PrincipalRegistration.Method::staleCounted);
        PrincipalRegistration used = stale.onSignIn(signIn("s").at(T.plus(age).plusSeconds(10).toString())
                .withMfa(MethodClass.PUSH, "push").build());
        assertThat(used.methods()).filteredOn(m -> m.methodClass() == MethodClass.PUSH).noneMatch(PrincipalRegistration.Method::staleCounted);
        assertThat(used.methods()).filteredOn(m -> m.methodClass() == MethodClass.SMS_VOICE).allMatch(PrincipalRegistration.Method::staleCounted);
        assertThat(used.nextStaleAt(age)).contains(T.plus(age).plusSeconds(10).plus(age));
    }

    @Test
    void theTypeComesFromTheInventoryAndTheSignIns() {
        PrincipalRegistration bg = PrincipalRegistration.EMPTY.withInventory(
                new Principal("bg@example.com", List.of(), null, List.of(), true, List.of(), CREATED, true), T);
        assertThat(bg.principalType()).isEqualTo("break_glass");
        assertThat(bg.privileged()).isTrue();
        PrincipalRegistration svc = PrincipalRegistration.EMPTY.withInventory(principal(List.of()), T)
                .onSignIn(signIn("s").type(PrincipalType.SERVICE).build());
        assertThat(svc.principalType()).isEqualTo("service");
    }

    @Test
    void encodesAndDecodesEveryField_31BytesForTwoMethods() {
        PrincipalRegistration r = PrincipalRegistration.EMPTY.withInventory(principal(List.of("push", "fido2")), T)
                .markStale(T.plus(Duration.ofDays(100)), Duration.ofDays(90)).withLastFired(T);
        byte[] b = r.encode();
        assertThat(b).hasSize(31);
        assertThat(PrincipalRegistration.decode(b)).isEqualTo(r);
    }
}
