package dev.mfawatch.detector.rules;

import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Lifecycle;
import dev.mfawatch.model.signin.SignInEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code EXPIRED_EXCEPTION_USED}: an MFA-less success whose only register entries for the
 * principal had expired or been revoked at the sign-in time. The exclusion outlived its approval:
 * the provider still lets the principal in without MFA although governance ended the exception.
 */
public final class ExpiredExceptionUsedDetector implements Detector {

    public static final String ID = "EXPIRED_EXCEPTION_USED";

    private static final DetectorMetadata METADATA = new DetectorMetadata(
            ID,
            "MFA-less sign-in relying on an expired or revoked exception",
            "A successful sign-in without MFA by a principal whose register exceptions had all expired "
                    + "or been revoked at the sign-in time: the provider's exclusion outlived its approval.",
            Severity.HIGH,
            List.of("T1078.004", "T1556.006"),
            List.of("A renewal approved in governance but not yet published to the register"),
            List.of("https://attack.mitre.org/techniques/T1078/004/",
                    "https://attack.mitre.org/techniques/T1556/006/"),
            new Response(
                    "Remove the principal from the provider's MFA exclusion now and revoke its sessions",
                    "Find why the exclusion was not removed at expiry or revocation and automate the removal",
                    "Renew through governance only if still needed; otherwise enrol the principal in MFA"));

    @Override
    public DetectorMetadata metadata() {
        return METADATA;
    }

    @Override
    public Optional<Finding> detect(DetectionContext context) {
        Coverage coverage = context.coverage();
        if (coverage.verdict() != Coverage.Verdict.ENDED) {
            return Optional.empty();
        }
        Coverage.Candidate candidate = coverage.decisive().orElseThrow();
        ExceptionEntry entry = candidate.entry();
        SignInEvent e = context.event();
        Instant endedAt = candidate.endedAt(e.time());
        String how = candidate.lifecycle() == Lifecycle.REVOKED ? "was revoked" : "expired";
        Map<String, String> details = new LinkedHashMap<>();
        details.put("lifecycle", candidate.lifecycle().name());
        details.put("endedAt", endedAt.toString());
        details.put("endedBefore", Duration.between(endedAt, e.time()).toString());
        if (entry.owner() != null) {
            details.put("exceptionOwner", entry.owner());
        }
        String summary = e.principal().id() + " signed in " + Phrases.where(e) + " without MFA relying on exception "
                + entry.id() + ", which " + how + " at " + endedAt
                + ": remove the principal from the provider's MFA exclusion and confirm the sign-in with the user.";
        return Optional.of(new Finding(METADATA.defaultSeverity(), entry, summary, details));
    }
}
