package dev.mfawatch.detector.breakglass;

import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.StatefulDetector;
import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.Phrases;
import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Lifecycle;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code BREAK_GLASS_SIGNIN}: any sign-in attempt — successful, failed or interrupted — by a
 * break-glass account, flagged in the identity inventory or named by a BREAK_GLASS register entry
 * (whatever that entry's status: an expired break-glass entry still names an emergency account).
 * CRITICAL; LOW, still raised so every use is on record, when an INCIDENT_RESPONSE or TESTING entry
 * naming the account is in force at the event's time (a declared drill or incident window),
 * naming that entry. A failed attempt matters as much as a success: these accounts are excluded
 * from MFA and conditional access, so a password spray against them is the first step.
 *
 * <p>Follow-up: after a successful sign-in, if no credential rotation (a {@code directory.changes}
 * {@code CREDENTIAL_ROTATED}, {@code PASSWORD_RESET}, {@code PASSWORD_RECOVERY} or {@code FACTOR_RESET} for the account) is recorded within
 * {@code MFAWATCH_BREAK_GLASS_ROTATION_DUE} (default 24 h) of stream time, a HIGH follow-up alert
 * of this rule fires ({@code details.trigger=ROTATION_OVERDUE}), once per unrotated use.
 */
public final class BreakGlassSignInDetector implements StatefulDetector<BreakGlassSignInDetector.Use> {

    /** The earliest successful use of the account not yet followed by a credential rotation (8 bytes). */
    public record Use(long usedAtMs) {
    }

    private static final StateCodec<Use> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(Use u) {
            return java.nio.ByteBuffer.allocate(8).putLong(u.usedAtMs()).array();
        }

        @Override
        public Use decode(byte[] bytes) {
            return new Use(java.nio.ByteBuffer.wrap(bytes).getLong());
        }
    };

    private final java.time.Duration rotationDue;

    public BreakGlassSignInDetector(java.time.Duration rotationDue) {
        this.rotationDue = rotationDue;
    }

    public static final String ID = "BREAK_GLASS_SIGNIN";

    private static final DetectorMetadata METADATA = new DetectorMetadata(
            ID,
            "Break-glass account sign-in attempt",
            "Any sign-in attempt, successful or failed, by an emergency-access (break-glass) account. "
                    + "Raised at LOW inside a declared drill or incident window from the register.",
            Severity.CRITICAL,
            List.of("T1078.004", "T1556.006"),
            List.of("A genuine emergency or a drill not declared in the register",
                    "The monthly credential check of the account, if not declared as a TESTING window"),
            List.of("https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access",
                    "https://attack.mitre.org/techniques/T1078/004/"),
            new Response(
                    "Call the account's owners now; if nobody declared an emergency, disable the account and revoke its sessions",
                    "Find how the credential was obtained (vault access log, who holds the envelope) and what the session did",
                    "Rotate the break-glass credential and record the rotation; re-enable only after the review"));

    @Override
    public DetectorMetadata metadata() {
        return METADATA;
    }

    @Override
    public StateCodec<Use> codec() {
        return CODEC;
    }

    /** The unrotated use and when the rotation falls due (the API's view). */
    @Override
    public Object view(Use state) {
        Instant used = Instant.ofEpochMilli(state.usedAtMs());
        return Map.of("unrotatedUseAt", used, "rotationDueAt", used.plus(rotationDue));
    }

    @Override
    public Step<Use> step(DetectionContext context, Use state) {
        Optional<Finding> finding = finding(context);
        SignInEvent e = context.event();
        Use next = state;
        if (finding.isPresent() && e.result() == SignInResult.SUCCESS && state == null) {
            next = new Use(e.time().toEpochMilli());
        }
        return new Step<>(next, finding);
    }

    @Override
    public Step<Use> onChange(String principal, DirectoryChange change, Use state) {
        boolean rotated = change.operation().rotatesCredential();
        return Step.quiet(state != null && rotated && !change.time().isBefore(Instant.ofEpochMilli(state.usedAtMs())) ? null : state);
    }

    @Override
    public Optional<Due<Use>> due(String principal, Use state, Instant streamTime) {
        Instant at = Instant.ofEpochMilli(state.usedAtMs()).plus(rotationDue);
        if (streamTime.isBefore(at)) {
            return Optional.empty();
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("trigger", "ROTATION_OVERDUE");
        d.put("usedAt", Instant.ofEpochMilli(state.usedAtMs()).toString());
        d.put("rotationDue", rotationDue.toString());
        return Optional.of(new Due<>(null, at, new Finding(Severity.HIGH, null,
                "Break-glass account " + principal + " was used at " + d.get("usedAt") + " and no credential rotation is recorded "
                        + rotationDue.toHours() + " h later: rotate its credential now and record the rotation.", d)));
    }

    /** Nothing expires: the state changes on its own only when the follow-up falls due. */
    @Override
    public Optional<Instant> wakeAt(Use state) {
        return Optional.of(Instant.ofEpochMilli(state.usedAtMs()).plus(rotationDue));
    }

    /** Kept until the follow-up is due or a rotation clears it: one state per break-glass account at most. */
    @Override
    public Use expire(Use state, Instant streamTime) {
        return state;
    }

    @Override
    public Optional<Finding> detect(DetectionContext context) {
        return finding(context);
    }

    private Optional<Finding> finding(DetectionContext context) {
        SignInEvent e = context.event();
        boolean flagged = context.inventory().map(InventoryFacts::breakGlass).orElse(false);
        Optional<ExceptionEntry> registered = context.exceptions().stream()
                .filter(x -> x.category() == ExceptionCategory.BREAK_GLASS)
                .filter(x -> e.principal().names().stream().anyMatch(x::names))
                .min(Comparator.comparing(ExceptionEntry::id));
        if (!flagged && registered.isEmpty()) {
            return Optional.empty();
        }
        Optional<ExceptionEntry> window = context.exceptions().stream()
                .filter(x -> x.category() == ExceptionCategory.INCIDENT_RESPONSE || x.category() == ExceptionCategory.TESTING)
                .filter(x -> e.principal().names().stream().anyMatch(x::names))
                .filter(x -> x.lifecycleAt(e.time()) == Lifecycle.IN_FORCE)
                .min(Comparator.comparing(ExceptionEntry::id));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("result", e.result().name());
        details.put("breakGlassBy", flagged && registered.isPresent() ? "inventory,register"
                : flagged ? "inventory" : "register");
        registered.ifPresent(x -> details.put("breakGlassEntry", x.id()));
        String attempt = e.result().name().toLowerCase(java.util.Locale.ROOT);
        if (window.isPresent()) {
            ExceptionEntry w = window.get();
            details.put("declaredWindow", w.id());
            details.put("windowCategory", w.category().name());
            details.put("windowEnds", Phrases.orUnknown(w.expiresAt()));
            return Optional.of(new Finding(Severity.LOW, w,
                    "Break-glass account " + e.principal().id() + " sign-in (" + attempt + ") " + Phrases.where(e)
                            + " inside the declared " + w.category().name() + " window " + w.id()
                            + ": check it matches the drill or incident and rotate the credential afterwards.",
                    details));
        }
        return Optional.of(new Finding(Severity.CRITICAL, registered.orElse(null),
                "Break-glass account " + e.principal().id() + " sign-in (" + attempt + ") " + Phrases.where(e)
                        + " with no declared drill or incident: call its owners now and disable it if nobody declared an emergency.",
                details));
    }
}
