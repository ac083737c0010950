package dev.mfawatch.detector.rules;

import dev.mfawatch.detector.scope.ScopeDimension;
import dev.mfawatch.detector.scope.ScopeMatcher;
import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code EXCEPTION_SCOPE_VIOLATION}: an exception in force names the principal, but this MFA-less
 * sign-in used an app, protocol, network or country the exception does not allow. The exclusion in
 * the provider is wider than what governance approved, or the account is used from somewhere new.
 */
public final class ExceptionScopeViolationDetector implements Detector {

    public static final String ID = "EXCEPTION_SCOPE_VIOLATION";

    private static final DetectorMetadata METADATA = new DetectorMetadata(
            ID,
            "MFA-less sign-in outside the approved scope of an exception",
            "A successful sign-in without MFA by a principal with an exception in force, from an app, "
                    + "protocol, network or country outside that exception's approved scope.",
            Severity.HIGH,
            List.of("T1078.004", "T1556.006"),
            List.of("The register's scope lags a legitimate change (new office network, new app)",
                    "Geo-IP country of a mobile or VPN address differs from the user's location"),
            List.of("https://attack.mitre.org/techniques/T1078/004/",
                    "https://attack.mitre.org/techniques/T1556/006/"),
            new Response(
                    "Confirm the sign-in with the exception's owner; if unexpected, revoke the principal's sessions",
                    "Narrow the provider's exclusion (named locations, app and client conditions) to the approved scope",
                    "Update the register through governance if the new scope is legitimate, otherwise rotate the credentials"));

    @Override
    public DetectorMetadata metadata() {
        return METADATA;
    }

    @Override
    public Optional<Finding> detect(DetectionContext context) {
        Coverage coverage = context.coverage();
        if (coverage.verdict() != Coverage.Verdict.OUT_OF_SCOPE) {
            return Optional.empty();
        }
        Coverage.Candidate candidate = coverage.decisive().orElseThrow();
        ExceptionEntry entry = candidate.entry();
        SignInEvent e = context.event();
        List<ScopeDimension> dims = candidate.mismatches().stream().sorted().toList();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("mismatched", dims.stream().map(ScopeDimension::label).collect(Collectors.joining(",")));
        for (ScopeDimension d : dims) {
            details.put(d.label() + ".allowed", String.join(";", ScopeMatcher.allowed(entry.scope(), d)));
            details.put(d.label() + ".actual", ScopeMatcher.actual(e, d));
        }
        details.put("exceptionExpiresAt", Phrases.orUnknown(entry.expiresAt()));
        if (entry.owner() != null) {
            details.put("exceptionOwner", entry.owner());
        }
        String summary = e.principal().id() + " signed in " + Phrases.where(e) + " without MFA under exception "
                + entry.id() + ", outside its approved " + details.get("mismatched").replace(",", "/")
                + " scope: confirm with the exception's owner and revoke the sessions if unexpected.";
        return Optional.of(new Finding(METADATA.defaultSeverity(), entry, summary, details));
    }
}
