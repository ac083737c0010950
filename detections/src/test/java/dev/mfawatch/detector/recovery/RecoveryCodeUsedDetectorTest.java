package dev.mfawatch.detector.recovery;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.detector.rules.TargetedChange;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.MfaPolicy;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.signin.AppRef;
import dev.mfawatch.model.signin.ClientInfo;
import dev.mfawatch.model.signin.ClientProtocol;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.NetworkInfo;
import dev.mfawatch.model.signin.PrincipalRef;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SatisfiedBy;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * RECOVERY_CODE_USED over canonical events shaped as the normalizers emit them: Google backup codes
 * (conformance {@code google/recovery}), the Entra Temporary Access Pass sign-in and issuance
 * ({@code entra-signin} temporary-access-pass, {@code entra-audit} tap-added) and AWS root password
 * recovery ({@code cloudtrail/recovery}).
 */
class RecoveryCodeUsedDetectorTest {

    static final String ROOT = "arn:aws:iam::123456789012:root";
    private final RecoveryCodeUsedDetector detector = new RecoveryCodeUsedDetector();

    static SignInEvent signIn(String id, String source, String user, SignInResult result, MfaInfo mfa) {
        return new SignInEvent(id, source, Instant.parse("2026-11-23T10:00:00Z"), new PrincipalRef(user, List.of(), PrincipalType.USER),
                new AppRef("app", "Portal"), new ClientInfo(ClientProtocol.BROWSER, "Mozilla/5.0", true), result,
                result == SignInResult.SUCCESS ? "0" : null, null, mfa, new NetworkInfo("203.0.113.17", "NO", "Oslo", null, null, null),
                null, "sess-" + id, "corr-" + id, null);
    }

    /** Google login_success / login_verification with {@code backup_code} (multiValue or single value): the same canonical event. */
    static SignInEvent googleBackupCode(String id, String user) {
        return signIn(id, "google", user, SignInResult.SUCCESS,
                new MfaInfo(true, true, "backup_code", MethodClass.RECOVERY_CODE, MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null));
    }

    static SignInEvent googleBackupCodeFailed(String id, String user) {
        return signIn(id, "google", user, SignInResult.FAILURE,
                new MfaInfo(true, false, "backup_code", MethodClass.RECOVERY_CODE, MfaResult.CODE_INCORRECT, null, null));
    }

    static SignInEvent entraTap(String id, String user) {
        return signIn(id, "entra", user, SignInResult.SUCCESS,
                new MfaInfo(true, true, "Temporary Access Pass", MethodClass.TEMPORARY_PASS, MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null));
    }

    static DirectoryChange tapIssued(String id, String user, String ticket) {
        return new DirectoryChange(id, "entra-audit", Instant.parse("2026-11-23T09:55:00Z"), new Actor("it.admin@contoso.example", "User"),
                ChangeOperation.TEMPORARY_ACCESS_PASS_ISSUED, List.of(user), null, ticket,
                Map.of("performedBy", "ADMIN", "methodAffected", "temporary access pass"), null);
    }

    static DirectoryChange rootRecovery(String id, String step, String time) {
        return new DirectoryChange(id, "cloudtrail", Instant.parse(time), new Actor(ROOT, "Root"), ChangeOperation.PASSWORD_RECOVERY,
                List.of(ROOT), null, null, Map.of("eventName", "PasswordRecovery" + (step.equals("COMPLETED") ? "Completed" : "Requested"),
                "step", step, "channel", "EMAIL"), null);
    }

    private Optional<Finding> detect(SignInEvent e, InventoryFacts facts, ExceptionEntry... entries) {
        var step = detector.step(DetectionContext.of(e, List.of(entries), facts, MfaPolicy.DEFAULT), null);
        assertThat(step.state()).as("no state is kept").isNull();
        return step.finding();
    }

    private Optional<Finding> change(DirectoryChange c) {
        return change(c, null);
    }

    private Optional<Finding> change(DirectoryChange c, InventoryFacts facts, ExceptionEntry... entries) {
        var step = detector.onChange(new TargetedChange(c.targets().get(0), c, List.of(entries), Optional.ofNullable(facts)), null);
        assertThat(step.state()).isNull();
        return step.finding();
    }

    @Test
    void google_backupCodeSignIn_isMedium_andTellsToRegenerateTheCodes() {
        Finding f = detect(googleBackupCode("g1", "paula@contoso.example"), null).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.details()).containsEntry("trigger", "RECOVERY_CODE_SIGNIN").containsEntry("method", "backup_code");
        assertThat(f.summary()).contains("regenerate the remaining codes");
        assertThat(detector.metadata().response().toString()).contains("Regenerate the remaining recovery codes");
    }

    @Test
    void google_aWrongBackupCode_andOrdinaryFactors_doNotFire() {
        assertThat(detect(googleBackupCodeFailed("g2", "paula@contoso.example"), null)).isEmpty();
        assertThat(detect(signIn("g3", "google", "paula@contoso.example", SignInResult.SUCCESS,
                new MfaInfo(true, true, "google_prompt", MethodClass.PUSH, MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null)), null)).isEmpty();
        assertThat(detect(signIn("g4", "google", "paula@contoso.example", SignInResult.SUCCESS, MfaInfo.none()), null)).isEmpty();
    }

    @Test
    void entra_temporaryAccessPassSignIn_isMedium_highForPrivilegedOrBreakGlass() {
        assertThat(detect(entraTap("t1", "tara.t@contoso.example"), null).orElseThrow().severity()).isEqualTo(Severity.MEDIUM);
        assertThat(detect(entraTap("t2", "tara.t@contoso.example"), new InventoryFacts(true, false, List.of())).orElseThrow()
                .severity()).isEqualTo(Severity.HIGH);
        assertThat(detect(googleBackupCode("g5", "bg@contoso.example"), new InventoryFacts(false, true, List.of())).orElseThrow()
                .severity()).isEqualTo(Severity.HIGH);
        ExceptionEntry bg = entry("EXC-2026-0200").category(ExceptionCategory.BREAK_GLASS).principals("bg@contoso.example").build();
        assertThat(detect(entraTap("t3", "bg@contoso.example"), null, bg).orElseThrow().severity()).isEqualTo(Severity.HIGH);
        assertThat(detect(entraTap("t4", "tara.t@contoso.example"), null, bg).orElseThrow().severity())
                .as("another principal's break-glass entry").isEqualTo(Severity.MEDIUM);
    }

    @Test
    void entra_passIssuedWithoutTicketOrEntry_isHigh_withEitherQuiet() {
        Finding f = change(tapIssued("a1", "tara.t@contoso.example", null)).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.details()).containsEntry("trigger", "TEMPORARY_PASS_ISSUED").containsEntry("actor", "it.admin@contoso.example")
                .containsEntry("ticket", "none").containsEntry("registerEntry", "none");
        assertThat(change(tapIssued("a2", "tara.t@contoso.example", "CHG-1234"))).isEmpty();
        ExceptionEntry enrolling = entry("EXC-2026-0300").category(ExceptionCategory.ENROLLMENT_PENDING)
                .principals("tara.t@contoso.example").build();
        assertThat(change(tapIssued("a3", "tara.t@contoso.example", null), null, enrolling)).as("a new hire's enrolment entry").isEmpty();
        ExceptionEntry lapsed = entry("EXC-2026-0301").category(ExceptionCategory.ENROLLMENT_PENDING)
                .principals("tara.t@contoso.example").status(ExceptionStatus.REQUESTED).build();
        assertThat(change(tapIssued("a4", "tara.t@contoso.example", null), null, lapsed)).as("an entry never approved")
                .get().extracting(Finding::severity).isEqualTo(Severity.HIGH);
    }

    @Test
    void entra_passIssuedToPrivilegedOrBreakGlass_isHighEvenWithATicketOrEntry() {
        Finding admin = change(tapIssued("p1", "root.admin@contoso.example", "CHG-9"), new InventoryFacts(true, false, List.of()))
                .orElseThrow();
        assertThat(admin.severity()).isEqualTo(Severity.HIGH);
        assertThat(admin.details()).containsEntry("privileged", "true").containsEntry("ticket", "CHG-9");
        assertThat(admin.summary()).contains("privileged account");
        ExceptionEntry bg = entry("EXC-2026-0200").category(ExceptionCategory.BREAK_GLASS).principals("bg@contoso.example").build();
        Finding breakGlass = change(tapIssued("p2", "bg@contoso.example", "CHG-10"), null, bg).orElseThrow();
        assertThat(breakGlass.severity()).isEqualTo(Severity.HIGH);
        assertThat(breakGlass.details()).containsEntry("registerEntry", "EXC-2026-0200");
        assertThat(change(tapIssued("p3", "tara.t@contoso.example", "CHG-11"), new InventoryFacts(false, false, List.of())))
                .as("an ordinary user with a ticket").isEmpty();
    }

    @Test
    void aws_rootPasswordRecovery_completedIsHigh_requestedLow() {
        Finding requested = change(rootRecovery("r1", "REQUESTED", "2026-11-23T17:05:00Z")).orElseThrow();
        assertThat(requested.severity()).isEqualTo(Severity.LOW);
        Finding completed = change(rootRecovery("r2", "COMPLETED", "2026-11-23T17:09:00Z")).orElseThrow();
        assertThat(completed.severity()).isEqualTo(Severity.HIGH);
        assertThat(completed.details()).containsEntry("trigger", "ROOT_PASSWORD_RECOVERY").containsEntry("step", "COMPLETED");
    }

    @Test
    void otherRecoveriesAndChanges_doNotFire() {
        DirectoryChange sspr = new DirectoryChange("s1", "entra-audit", Instant.parse("2026-11-23T10:00:00Z"),
                new Actor("paula@contoso.example", "User"), ChangeOperation.PASSWORD_RECOVERY, List.of("paula@contoso.example"), null, null,
                Map.of("step", "COMPLETED"), null);
        assertThat(change(sspr)).as("Entra self-service reset").isEmpty();
        DirectoryChange codes = new DirectoryChange("s2", "google", Instant.parse("2026-11-23T10:00:00Z"),
                new Actor("ines.admin@contoso.example", "USER"), ChangeOperation.RECOVERY_CODES_GENERATED, List.of("paula@contoso.example"),
                null, null, Map.of(), null);
        assertThat(change(codes)).isEmpty();
    }
}
