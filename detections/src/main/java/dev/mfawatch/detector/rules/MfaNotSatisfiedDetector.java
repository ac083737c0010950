package dev.mfawatch.detector.rules;

import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code MFA_NOT_SATISFIED}: a successful sign-in our policy expects MFA on, without MFA, that no
 * register entry explains — none in force, and none that merely expired or fell out of scope
 * (those are the other two rules). A candidate that is not yet active or was never approved does
 * not cover; it is named in the details, since the sign-in may be the exception being used early.
 * HIGH; CRITICAL when the identity inventory says the principal is privileged.
 */
public final class MfaNotSatisfiedDetector implements Detector {

    public static final String ID = "MFA_NOT_SATISFIED";

    private static final DetectorMetadata METADATA = new DetectorMetadata(
            ID,
            "Successful sign-in without MFA and without an exception",
            "A successful sign-in that policy expects MFA on completed without MFA, and no register "
                    + "exception in force at the sign-in time names the principal.",
            Severity.HIGH,
            List.of("T1078.004", "T1556.006"),
            List.of("An exception approved in governance but not yet published to the register",
                    "A provider reporting MFA from a claim in the token incorrectly (normalizer gap)"),
            List.of("https://attack.mitre.org/techniques/T1078/004/",
                    "https://attack.mitre.org/techniques/T1556/006/"),
            new Response(
                    "Confirm the sign-in with the user out of band; if not theirs, revoke the sessions and refresh tokens and block the account",
                    "Find why MFA was not enforced (policy exclusion, disabled policy, legacy client) and close it",
                    "Reset the credentials if the sign-in was not the user's, then re-enable MFA enforcement and review recent activity"));

    @Override
    public DetectorMetadata metadata() {
        return METADATA;
    }

    @Override
    public Optional<Finding> detect(DetectionContext context) {
        Coverage coverage = context.coverage();
        if (coverage.verdict() != Coverage.Verdict.UNCOVERED) {
            return Optional.empty();
        }
        SignInEvent e = context.event();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("principalType", e.principal().type().name());
        details.put("interactive", Boolean.toString(e.interactive()));
        details.put("providerRequiredMfa", Phrases.orUnknown(e.mfa().required()));
        String pending = coverage.pending().stream()
                .map(c -> c.entry().id() + " " + c.lifecycle().name())
                .collect(Collectors.joining(", "));
        String summary = e.principal().id() + " signed in " + Phrases.where(e)
                + " without MFA and no register exception covers it: confirm the sign-in with the user and revoke their sessions if it was not them.";
        if (!pending.isEmpty()) {
            details.put("exceptionsNotInForce", pending);
            summary = e.principal().id() + " signed in " + Phrases.where(e) + " without MFA; its exception ("
                    + pending + ") was not in force at that time: confirm the sign-in with the user and check the exception's approval and dates.";
        }
        // DESIGN: CRITICAL for privileged principals (inventory), HIGH otherwise or when unknown.
        boolean privileged = context.privileged().orElse(false);
        details.put("privileged", Phrases.orUnknown(context.privileged().orElse(null)));
        return Optional.of(new Finding(privileged ? Severity.CRITICAL : METADATA.defaultSeverity(), null, summary, details));
    }
}
