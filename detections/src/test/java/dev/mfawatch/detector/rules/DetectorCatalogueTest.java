package dev.mfawatch.detector.rules;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.RuleDefaults;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Over {@link Detectors#all}: unique ids, complete metadata, a test class per detector, at most one rule per event. */
class DetectorCatalogueTest {

    private final List<Detector> all = Detectors.all(() -> RuleDefaults.DEFAULTS);

    @Test
    void containsTheRegisterAndStatefulRulesWithUniqueIds() {
        assertThat(all).extracting(d -> d.metadata().id())
                .containsExactly("MFA_NOT_SATISFIED", "EXCEPTION_SCOPE_VIOLATION", "EXPIRED_EXCEPTION_USED",
                        "BREAK_GLASS_SIGNIN", "IMPOSSIBLE_TRAVEL", "OATH_DESYNC", "FACTOR_SWAP",
                        "MFA_RESET_ABUSE", "MFA_FATIGUE", "RECOVERY_CODE_USED",
                        "NO_MFA_REGISTERED")
                .doesNotHaveDuplicates();
    }

    @Test
    void metadataIsComplete() {
        for (Detector d : all) {
            DetectorMetadata m = d.metadata();
            assertThat(m.title()).as(m.id()).isNotBlank();
            assertThat(m.description()).as(m.id()).isNotBlank();
            assertThat(m.attack()).as(m.id()).isNotEmpty().allMatch(t -> t.matches("T\\d{4}(\\.\\d{3})?"));
            assertThat(m.falsePositives()).as(m.id()).isNotEmpty();
            assertThat(m.references()).as(m.id()).isNotEmpty();
            assertThat(m.response().contain()).as(m.id()).isNotBlank();
            assertThat(m.response().eradicate()).as(m.id()).isNotBlank();
            assertThat(m.response().recover()).as(m.id()).isNotBlank();
        }
    }

    @Test
    void everyDetectorHasItsOwnTestClass() throws Exception {
        for (Detector d : all) {
            String test = d.getClass().getName() + "Test";
            assertThat(Class.forName(test)).as(test).isNotNull();
        }
    }

    /** The rules partition MFA-less successes: whatever the register says, exactly one fires. */
    @Test
    void exactlyOneRuleFiresPerMfaLessSuccess_noneOnAGoodSignIn() {
        List<List<dev.mfawatch.model.register.ExceptionEntry>> registers = List.of(
                List.of(),
                List.of(entry("EXC-A").build()),
                List.of(entry("EXC-A").countries("FR").build()),
                List.of(entry("EXC-A").active("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z").build()),
                List.of(entry("EXC-A").revokedAt("2026-11-02T00:00:00Z").build()),
                List.of(entry("EXC-A").active("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z").build()),
                List.of(entry("EXC-A").countries("FR").build(),
                        entry("EXC-B").active("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z").build()));
        List<Set<String>> expected = List.of(Set.of("MFA_NOT_SATISFIED"), Set.of(), Set.of("EXCEPTION_SCOPE_VIOLATION"),
                Set.of("EXPIRED_EXCEPTION_USED"), Set.of("EXPIRED_EXCEPTION_USED"), Set.of("MFA_NOT_SATISFIED"),
                Set.of("EXCEPTION_SCOPE_VIOLATION"));
        SignInEvent event = signIn("e1").at("2026-11-23T09:00:00Z").build();
        for (int i = 0; i < registers.size(); i++) {
            DetectionContext ctx = DetectionContext.of(event, registers.get(i), MfaPolicy.DEFAULT);
            Set<String> fired = all.stream().filter(d -> d.detect(ctx).isPresent()).map(d -> d.metadata().id())
                    .collect(Collectors.toSet());
            assertThat(fired).as("register #" + i).isEqualTo(expected.get(i));
        }
        SignInEvent good = signIn("e2").withMfa(dev.mfawatch.model.signin.MethodClass.PUSH, "push").build();
        for (List<dev.mfawatch.model.register.ExceptionEntry> register : registers) {
            DetectionContext ctx = DetectionContext.of(good, register, MfaPolicy.DEFAULT);
            assertThat(all).allMatch(d -> d.detect(ctx).isEmpty());
        }
    }
}
