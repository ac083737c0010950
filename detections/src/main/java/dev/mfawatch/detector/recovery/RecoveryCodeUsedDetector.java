package dev.mfawatch.detector.recovery;

import dev.mfawatch.detector.rules.TargetedChange;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.Phrases;
import dev.mfawatch.detector.rules.StatefulDetector;
import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code RECOVERY_CODE_USED}: the second step went around the principal's registered factors.
 * <ul>
 *   <li>A successful sign-in whose second factor was a backup / recovery code ({@code mfa.methodClass=RECOVERY_CODE},
 *       Google {@code backup_code}) or an Entra Temporary Access Pass ({@code TEMPORARY_PASS}): MEDIUM; HIGH for a
 *       privileged or break-glass principal (inventory, or a BREAK_GLASS register entry). Failed codes do not fire.</li>
 *   <li>An AWS root password recovery ({@code PASSWORD_RECOVERY} naming an {@code arn:aws:iam::<account>:root}):
 *       HIGH when {@code details.step=COMPLETED} (root is privileged by definition: whoever reads its mailbox owns the
 *       account), LOW when only REQUESTED, so the request is on record and folds into the completion's alert.
 *       Other password recoveries (Entra self-service reset) are the owner's routine and do not fire.</li>
 *   <li>A Temporary Access Pass issued ({@code TEMPORARY_ACCESS_PASS_ISSUED}) to a privileged or break-glass
 *       principal, or to anyone with neither a ticket on the change nor a register entry in force naming them: HIGH.
 *       Otherwise nothing fires here; the sign-in with the pass fires (HIGH if privileged).</li>
 * </ul>
 * Changes reach the rule through {@link #onChange}, which the engine calls for every change naming a principal
 * whatever its {@code ChangeEffect}; so {@code ChangeEffect} stays as it is (a pass issued is not a WEAKENING
 * change, and calling it one would have {@code UNAPPROVED_EXCLUSION_CHANGE} fire on it too), with the target's
 * register entries and inventory facts ({@link TargetedChange}).
 * The rule keeps no state; it is stateful only to receive changes.
 */
public final class RecoveryCodeUsedDetector implements StatefulDetector<RecoveryCodeUsedDetector.None> {

    public static final String ID = "RECOVERY_CODE_USED";

    private static final Pattern AWS_ROOT = Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:root");

    /** No state is ever kept. */
    public record None() {
    }

    private static final StateCodec<None> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(None state) {
            return new byte[0];
        }

        @Override
        public None decode(byte[] bytes) {
            return new None();
        }
    };

    private static final DetectorMetadata METADATA = new DetectorMetadata(
            ID,
            "Recovery code, temporary access pass or root password recovery used",
            "A sign-in completed with a backup / recovery code or a Temporary Access Pass instead of a registered factor, "
                    + "an AWS root password recovered by e-mail, or a Temporary Access Pass issued to a privileged account or without a ticket or register entry. "
                    + "Recovery codes are static passwords: every use needs an explanation.",
            Severity.MEDIUM,
            List.of("T1078"),
            List.of("A user who lost their phone and used a printed backup code, as intended",
                    "Onboarding: a Temporary Access Pass issued so a new hire can register their first factor",
                    "A documented root credential recovery by the account's owners"),
            List.of("https://attack.mitre.org/techniques/T1078/",
                    "https://support.google.com/accounts/answer/1187538",
                    "https://learn.microsoft.com/entra/identity/authentication/howto-authentication-temporary-access-pass",
                    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reset-root-password.html"),
            new Response(
                    "Ask the owner now why the code, pass or recovery was used; if nobody can explain it, revoke the sessions "
                            + "and block sign-in",
                    "Regenerate the remaining recovery codes (the old set is a static password someone may hold); "
                            + "revoke an unused Temporary Access Pass; for AWS root, check the root mailbox and rotate the password",
                    "Have the user register a new factor; record the ticket, and review who can issue passes"));

    @Override
    public DetectorMetadata metadata() {
        return METADATA;
    }

    @Override
    public StateCodec<None> codec() {
        return CODEC;
    }

    @Override
    public Step<None> step(DetectionContext context, None state) {
        SignInEvent e = context.event();
        MethodClass method = e.mfa().methodClass();
        if (e.result() != SignInResult.SUCCESS || !e.mfa().satisfied()
                || (method != MethodClass.RECOVERY_CODE && method != MethodClass.TEMPORARY_PASS)) {
            return Step.quiet(null);
        }
        boolean privileged = context.privilegedOrBreakGlass();
        String what = method == MethodClass.RECOVERY_CODE ? "a backup / recovery code" : "a Temporary Access Pass";
        Map<String, String> d = new LinkedHashMap<>();
        d.put("trigger", method == MethodClass.RECOVERY_CODE ? "RECOVERY_CODE_SIGNIN" : "TEMPORARY_PASS_SIGNIN");
        d.put("method", Phrases.orUnknown(e.mfa().method()));
        d.put("privileged", Boolean.toString(privileged));
        String summary = e.principal().id() + " signed in " + Phrases.where(e) + " with " + what
                + (privileged ? " on a privileged account" : "") + ": find out why"
                + (method == MethodClass.RECOVERY_CODE ? " and regenerate the remaining codes." : " and revoke the pass once used.");
        return Step.fire(null, new Finding(privileged ? Severity.HIGH : Severity.MEDIUM, null, summary, d));
    }

    @Override
    public Step<None> onChange(TargetedChange context, None state) {
        String principal = context.principal();
        DirectoryChange change = context.change();
        if (change.operation() == ChangeOperation.PASSWORD_RECOVERY && AWS_ROOT.matcher(principal).matches()) {
            boolean completed = "COMPLETED".equals(change.details().get("step"));
            Map<String, String> d = new LinkedHashMap<>();
            d.put("trigger", "ROOT_PASSWORD_RECOVERY");
            d.put("step", Phrases.orUnknown(change.details().get("step")));
            d.put("channel", Phrases.orUnknown(change.details().get("channel")));
            String summary = completed
                    ? "The AWS root password of " + principal + " was recovered by e-mail: confirm with the account's owners "
                            + "that they did it; if not, the root mailbox is compromised: take it back and rotate the root password."
                    : "A password recovery was requested for the AWS root " + principal
                            + ": on record; confirm with the account's owners if it is completed.";
            return Step.fire(null, new Finding(completed ? Severity.HIGH : Severity.LOW, null, summary, d));
        }
        if (change.operation() == ChangeOperation.TEMPORARY_ACCESS_PASS_ISSUED) {
            return passIssued(context);
        }
        return Step.quiet(null);
    }

    /**
     * A pass issued to a privileged or break-glass principal always fires (a pass is a working credential for
     * the account, whoever asked for it); to anyone else only when neither a ticket nor a register entry in
     * force (an ENROLLMENT_PENDING entry for a new hire, say) accounts for it.
     */
    private static Step<None> passIssued(TargetedChange context) {
        DirectoryChange change = context.change();
        boolean ticketed = change.ticket() != null && !change.ticket().isBlank();
        List<ExceptionEntry> entries = context.inForce();
        boolean privileged = context.privileged();
        if (!privileged && (ticketed || !entries.isEmpty())) {
            return Step.quiet(null);
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("trigger", "TEMPORARY_PASS_ISSUED");
        d.put("actor", change.actor() == null ? Phrases.UNKNOWN : Phrases.orUnknown(change.actor().id()));
        d.put("performedBy", Phrases.orUnknown(change.details().get("performedBy")));
        d.put("ticket", ticketed ? change.ticket() : "none");
        d.put("registerEntry", entries.isEmpty() ? "none" : entries.get(0).id());
        d.put("privileged", Boolean.toString(privileged));
        String why = privileged
                ? " on a privileged account: confirm with the user and the ticket's approver that they asked for it"
                : " with no ticket or register entry: confirm the request with the user and their manager";
        return Step.fire(null, new Finding(Severity.HIGH, null,
                "A Temporary Access Pass was issued to " + context.principal() + " by " + d.get("actor") + why
                        + "; revoke the pass if nobody asked for it.",
                d));
    }

    @Override
    public None expire(None state, Instant streamTime) {
        return null;
    }

    @Override
    public Optional<Instant> wakeAt(None state) {
        return Optional.empty();
    }
}
