package dev.mfawatch.detector.recovery;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.recovery.RecoveryCodeUsedDetectorTest.ROOT;
import static dev.mfawatch.detector.recovery.RecoveryCodeUsedDetectorTest.entraTap;
import static dev.mfawatch.detector.recovery.RecoveryCodeUsedDetectorTest.googleBackupCode;
import static dev.mfawatch.detector.recovery.RecoveryCodeUsedDetectorTest.rootRecovery;
import static dev.mfawatch.detector.recovery.RecoveryCodeUsedDetectorTest.tapIssued;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.mfawatch.detector.DetectionSettings;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.ExceptionCategory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RECOVERY_CODE_USED through the whole detector topology: sign-ins on {@code signin.events}, the pass
 * issuance and the root recovery on {@code directory.changes} (which the rule hears through the stateful
 * {@code onChange} path whatever the change's effect), the inventory's privileged flag
 * (joined to changes as to sign-ins) and a register entry that accounts for a pass.
 */
class RecoveryCodeUsedTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void signInsAndChanges_raiseTheirAlerts_privilegedFromTheInventory() {
        try (Pipeline p = new Pipeline(stateDir, Map.of(DetectionSettings.SUPPRESSION_WINDOW, "0s"))) {
            p.publish(Pipeline.principal("adm@contoso.example", List.of("Global Administrator"), false, "push"));
            p.pipe(tapIssued("a1", "tara.t@contoso.example", null));
            p.pipe(tapIssued("a2", "tom.t@contoso.example", "CHG-42"));
            // A ticket does not make a pass for an administrator routine; a new hire's enrolment entry does for anyone else.
            p.pipe(tapIssued("a3", "adm@contoso.example", "CHG-43"));
            p.publish(entry("EXC-2026-0310").category(ExceptionCategory.ENROLLMENT_PENDING).principals("nina.new@contoso.example")
                    .build());
            p.pipe(tapIssued("a4", "nina.new@contoso.example", null));
            p.pipe(entraTap("t1", "tara.t@contoso.example"));
            p.pipe(googleBackupCode("g1", "adm@contoso.example"));
            p.pipe(rootRecovery("r1", "REQUESTED", "2026-11-23T10:05:00Z"));
            p.pipe(rootRecovery("r2", "COMPLETED", "2026-11-23T10:09:00Z"));
            List<Alert> out = p.alerts.readValuesToList().stream().filter(a -> a.rule().equals(RecoveryCodeUsedDetector.ID)).toList();
            assertThat(out).extracting(Alert::principal, Alert::severity, a -> a.details().get("trigger"))
                    .containsExactly(
                            tuple("tara.t@contoso.example", Severity.HIGH, "TEMPORARY_PASS_ISSUED"),
                            tuple("adm@contoso.example", Severity.HIGH, "TEMPORARY_PASS_ISSUED"),
                            tuple("tara.t@contoso.example", Severity.MEDIUM, "TEMPORARY_PASS_SIGNIN"),
                            tuple("adm@contoso.example", Severity.HIGH, "RECOVERY_CODE_SIGNIN"),
                            tuple(ROOT, Severity.LOW, "ROOT_PASSWORD_RECOVERY"),
                            tuple(ROOT, Severity.HIGH, "ROOT_PASSWORD_RECOVERY"));
        }
    }
}
