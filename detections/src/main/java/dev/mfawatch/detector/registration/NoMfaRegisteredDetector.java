package dev.mfawatch.detector.registration;

import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Lifecycle;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code NO_MFA_REGISTERED}: a principal signs in successfully while it is known to have no MFA method registered
 * (the inventory states none, or a reset of all factors left none, and no registration followed) and no
 * ENROLLMENT_PENDING entry in force names it. CRITICAL for a break-glass account, HIGH for a privileged one,
 * MEDIUM otherwise; at most once per principal per {@code MFAWATCH_NO_MFA_WINDOW} (24 h). A principal whose
 * methods the inventory does not state is never judged: unknown is not "none".
 *
 * <p>Service and workload sign-ins are judged only when the MFA policy expects MFA of them
 * ({@code MFAWATCH_EXPECT_MFA_SERVICE_PRINCIPALS}), as for MFA_NOT_SATISFIED: a workload identity has no factor to
 * register. A sign-in that completed MFA with a real factor (not a temporary access pass or a recovery code) does not
 * fire: the factor exists, so the registration data is behind, not the account unprotected.
 */
public final class NoMfaRegisteredDetector implements Detector, RegistrationRule {

    public static final String ID = "NO_MFA_REGISTERED";

    private static final DetectorMetadata METADATA = new DetectorMetadata(
            ID,
            "Successful sign-in by a principal with no MFA method registered",
            "A principal with no MFA method registered signs in successfully outside any ENROLLMENT_PENDING exception: "
                    + "whoever holds its password alone holds the account, and could register a factor of their own.",
            Severity.MEDIUM,
            List.of("T1078", "T1556", "T1098.005"),
            List.of("A new joiner whose enrolment is not yet recorded as an ENROLLMENT_PENDING exception",
                    "An inventory export older than the user's registration (the next export or the factor change corrects it)",
                    "A service account signing in interactively by design (record a SERVICE_ACCOUNT exception or move it to a workload identity)"),
            List.of("https://attack.mitre.org/techniques/T1078/", "https://attack.mitre.org/techniques/T1556/",
                    "https://attack.mitre.org/techniques/T1098/005/",
                    "https://learn.microsoft.com/en-us/entra/identity/authentication/howto-authentication-methods-activity",
                    "https://www.cisa.gov/sites/default/files/publications/fact-sheet-implementing-phishing-resistant-mfa-508c.pdf"),
            new Response(
                    "Confirm the sign-in with the user; if it was not them, disable the account and revoke its sessions",
                    "Check that no factor was registered by someone else since, and what the session accessed",
                    "Enrol a phishing-resistant method, or record an ENROLLMENT_PENDING exception with a short expiry"));

    private final RegistrationSettings settings;

    public NoMfaRegisteredDetector(RegistrationSettings settings) {
        this.settings = settings;
    }

    @Override
    public DetectorMetadata metadata() {
        return METADATA;
    }

    /** Judged on the inventory's facts alone, as if the principal had no history (catalogue tests, one event). */
    @Override
    public Optional<Finding> detect(DetectionContext context) {
        Optional<InventoryFacts> inv = context.inventory();
        if (inv.isEmpty()) {
            return Optional.empty();
        }
        InventoryFacts f = inv.get();
        Principal p = new Principal(context.event().principal().id(), List.of(), null, f.privileged() ? List.of("privileged") : List.of(),
                f.breakGlass(), f.methodsKnown() ? f.registeredMethods() : null, null, true);
        return judge(context, PrincipalRegistration.EMPTY.withInventory(p, context.event().time()), null);
    }

    @Override
    public Optional<Finding> judge(DetectionContext context, PrincipalRegistration registration, Instant lastFired) {
        SignInEvent e = context.event();
        if (e.result() != SignInResult.SUCCESS || registration == null || !registration.none()) {
            return Optional.empty();
        }
        if (e.principal().type() != PrincipalType.USER && !context.policy().expectServicePrincipals()) {
            return Optional.empty(); // a workload identity has no MFA to register, unless our policy expects it
        }
        MethodClass used = e.mfa().methodClass();
        if (e.mfa().satisfied() && used != MethodClass.TEMPORARY_PASS && used != MethodClass.RECOVERY_CODE
                && used != MethodClass.NONE) {
            return Optional.empty();
        }
        if (lastFired != null && e.time().isBefore(lastFired.plus(settings.window()))
                && !e.time().isBefore(lastFired.minus(settings.window()))) {
            return Optional.empty(); // once per principal per window
        }
        List<ExceptionEntry> pending = context.exceptions().stream()
                .filter(x -> x.category() == ExceptionCategory.ENROLLMENT_PENDING).toList();
        if (pending.stream().anyMatch(x -> x.lifecycleAt(e.time()) == Lifecycle.IN_FORCE)) {
            return Optional.empty();
        }
        Optional<ExceptionEntry> lapsed = pending.stream().filter(x -> x.expiresAt() != null && !e.time().isBefore(x.expiresAt()))
                .max(Comparator.comparing(ExceptionEntry::expiresAt));
        Severity severity = registration.has(PrincipalRegistration.BREAK_GLASS) ? Severity.CRITICAL
                : registration.privileged() ? Severity.HIGH : Severity.MEDIUM;
        Map<String, String> d = new LinkedHashMap<>();
        d.put("registration", "none");
        d.put("principalType", registration.principalType());
        d.put("privileged", Boolean.toString(registration.privileged()));
        d.put("mfaSatisfied", Boolean.toString(e.mfa().satisfied()));
        d.put("window", settings.window().toString());
        lapsed.ifPresent(x -> d.put("enrolmentExpiredAt", x.expiresAt().toString()));
        String who = registration.has(PrincipalRegistration.BREAK_GLASS) ? "break-glass account "
                : registration.privileged() ? "privileged principal " : "principal ";
        String summary = who + e.principal().id() + " signed in successfully with no MFA method registered"
                + lapsed.map(x -> " after its enrolment exception " + x.id() + " expired").orElse(" and no enrolment exception in force")
                + ": confirm it was them, then enrol a method or record an ENROLLMENT_PENDING exception.";
        return Optional.of(new Finding(severity, lapsed.orElse(null),
                Character.toUpperCase(summary.charAt(0)) + summary.substring(1), d));
    }
}
