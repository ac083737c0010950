package dev.mfawatch.detector.rules;

import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;

/**
 * Which sign-ins must carry MFA under <em>our</em> policy. By default every interactive sign-in of a
 * user; service principals / workloads and non-interactive sign-ins (refresh tokens, daemons) only
 * when configured.
 *
 * <p>The provider's {@code mfa.required} is deliberately ignored: the question is whether our
 * policy expects MFA, and a provider saying "not required" for a user is exactly the gap an
 * exclusion or a disabled policy leaves — the thing this engine exists to notice. A claim in the
 * token and a federated IdP's MFA count as satisfied because the normalizers set
 * {@code mfa.satisfied=true} for them.
 */
public record MfaPolicy(boolean expectServicePrincipals, boolean expectNonInteractive) {

    public static final MfaPolicy DEFAULT = new MfaPolicy(false, false);

    public boolean expectsMfa(SignInEvent event) {
        if (event.principal().type() != PrincipalType.USER && !expectServicePrincipals) {
            return false;
        }
        return event.interactive() || expectNonInteractive;
    }

    /** A successful sign-in that our policy expects MFA on and that did not satisfy MFA. */
    public boolean mfaGap(SignInEvent event) {
        return event.result() == SignInResult.SUCCESS && expectsMfa(event) && !event.mfa().satisfied();
    }
}
