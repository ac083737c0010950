package dev.mfawatch.detector.breakglass;

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
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BreakGlassSignInDetectorTest {

    static final String BG = "bg-admin-01@example.com";
    private final BreakGlassSignInDetector detector = new BreakGlassSignInDetector(java.time.Duration.ofHours(24));

    static final ExceptionEntry BG_ENTRY = entry("EXC-2026-0001").category(ExceptionCategory.BREAK_GLASS)
            .principals(BG).active("2026-11-01T00:00:00Z", "2027-01-30T00:00:00Z").build();
    /** A drill from 14:00 to 16:00 on 2026-11-23. */
    private static final ExceptionEntry DRILL = entry("EXC-2026-0900").category(ExceptionCategory.TESTING)
            .principals(BG).active("2026-11-23T14:00:00Z", "2026-11-23T16:00:00Z").build();

    private Optional<Finding> detect(SignInEvent e, InventoryFacts inventory, ExceptionEntry... entries) {
        return detector.detect(DetectionContext.of(e, List.of(entries), inventory, MfaPolicy.DEFAULT));
    }

    @Test
    void aSuccessfulSignInOfARegisteredBreakGlassAccountIsCritical_evenWithMfa() {
        Finding f = detect(signIn("e1").principal(BG).withMfa(MethodClass.PHISHING_RESISTANT, "fido2").build(), null, BG_ENTRY)
                .orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.exception()).isEqualTo(BG_ENTRY);
        assertThat(f.details()).containsEntry("result", "SUCCESS").containsEntry("breakGlassBy", "register")
                .containsEntry("breakGlassEntry", "EXC-2026-0001");
        assertThat(f.summary()).contains(BG).contains("no declared drill");
    }

    @Test
    void aFailedAttemptOfAnInventoryFlaggedAccountIsCriticalToo() {
        Finding f = detect(signIn("e1").principal(BG).result(SignInResult.FAILURE).build(),
                new InventoryFacts(true, true, List.of("fido2"))).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.exception()).isNull();
        assertThat(f.details()).containsEntry("result", "FAILURE").containsEntry("breakGlassBy", "inventory");
    }

    @Test
    void insideADeclaredDrillItIsLowAndNamesTheWindow_atBothEdges() {
        // The window is [14:00, 16:00): 13:59:59 before, 14:00 and 15:59:59 inside, 16:00 after.
        assertThat(detect(signIn("before").principal(BG).at("2026-11-23T13:59:59Z").build(), null, BG_ENTRY, DRILL)
                .orElseThrow().severity()).isEqualTo(Severity.CRITICAL);
        Finding start = detect(signIn("start").principal(BG).at("2026-11-23T14:00:00Z").build(), null, BG_ENTRY, DRILL).orElseThrow();
        assertThat(start.severity()).isEqualTo(Severity.LOW);
        assertThat(start.exception()).isEqualTo(DRILL);
        assertThat(start.details()).containsEntry("declaredWindow", "EXC-2026-0900").containsEntry("windowCategory", "TESTING");
        assertThat(detect(signIn("last").principal(BG).at("2026-11-23T15:59:59Z").build(), null, BG_ENTRY, DRILL)
                .orElseThrow().severity()).isEqualTo(Severity.LOW);
        assertThat(detect(signIn("after").principal(BG).at("2026-11-23T16:00:00Z").build(), null, BG_ENTRY, DRILL)
                .orElseThrow().severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void anIncidentWindowNamingAnotherAccountDoesNotLowerIt() {
        ExceptionEntry other = entry("EXC-2026-0901").category(ExceptionCategory.INCIDENT_RESPONSE)
                .principals("bg-admin-02@example.com").active("2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z").build();
        assertThat(detect(signIn("e1").principal(BG).build(), null, BG_ENTRY, other).orElseThrow().severity())
                .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aSuccessfulUseWithoutRotationFallsDueAfter24h_aRotationClearsIt_aFailedAttemptRecordsNothing() {
        var ctx = DetectionContext.of(signIn("e1").principal(BG).at("2026-11-23T09:00:00Z").build(), List.of(BG_ENTRY), null,
                MfaPolicy.DEFAULT);
        BreakGlassSignInDetector.Use use = detector.step(ctx, null).state();
        assertThat(use).isEqualTo(new BreakGlassSignInDetector.Use(java.time.Instant.parse("2026-11-23T09:00:00Z").toEpochMilli()));
        assertThat(detector.due(BG, use, java.time.Instant.parse("2026-11-24T08:59:59Z"))).isEmpty();
        var due = detector.due(BG, use, java.time.Instant.parse("2026-11-24T09:10:00Z")).orElseThrow();
        assertThat(due.at()).isEqualTo(java.time.Instant.parse("2026-11-24T09:00:00Z"));
        assertThat(due.state()).isNull();
        assertThat(due.finding().severity()).isEqualTo(Severity.HIGH);
        assertThat(due.finding().details()).containsEntry("trigger", "ROTATION_OVERDUE").containsEntry("usedAt", "2026-11-23T09:00:00Z");

        var rotation = new dev.mfawatch.model.directory.DirectoryChange("c1", "entra-audit", java.time.Instant.parse("2026-11-23T15:00:00Z"),
                null, dev.mfawatch.model.directory.ChangeOperation.CREDENTIAL_ROTATED, List.of(BG), null, "CHG-1", null, null);
        assertThat(detector.onChange(BG, rotation, use).state()).isNull();
        // An admin password reset or a password recovery rotates the credential too.
        for (var op : List.of(dev.mfawatch.model.directory.ChangeOperation.PASSWORD_RESET,
                dev.mfawatch.model.directory.ChangeOperation.PASSWORD_RECOVERY)) {
            var reset = new dev.mfawatch.model.directory.DirectoryChange("c-" + op, "entra-audit",
                    java.time.Instant.parse("2026-11-23T15:00:00Z"), null, op, List.of(BG), null, null, null, null);
            assertThat(detector.onChange(BG, reset, use).state()).as(op.name()).isNull();
        }
        var registered = new dev.mfawatch.model.directory.DirectoryChange("c2", "entra-audit",
                java.time.Instant.parse("2026-11-23T15:00:00Z"), null, dev.mfawatch.model.directory.ChangeOperation.FACTOR_REGISTERED,
                List.of(BG), null, null, null, null);
        assertThat(detector.onChange(BG, registered, use).state()).isEqualTo(use);

        var failed = DetectionContext.of(signIn("e2").principal(BG).result(SignInResult.FAILURE).build(), List.of(BG_ENTRY), null,
                MfaPolicy.DEFAULT);
        assertThat(detector.step(failed, null).state()).isNull();
        assertThat(detector.step(failed, null).finding()).isPresent();
    }

    @Test
    void quietForOrdinaryAccounts_evenPrivilegedOnes_andForOtherCategories() {
        assertThat(detect(signIn("e1").build(), new InventoryFacts(true, false, List.of()))).isEmpty();
        assertThat(detect(signIn("e2").build(), null, entry("EXC-2026-0002").build())).isEmpty();
        assertThat(detect(signIn("e3").build(), null)).isEmpty();
    }
}
