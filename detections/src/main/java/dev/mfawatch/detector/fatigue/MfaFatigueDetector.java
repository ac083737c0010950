package dev.mfawatch.detector.fatigue;

import dev.mfawatch.detector.fatigue.PushPrompts.Prompt;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.Phrases;
import dev.mfawatch.detector.rules.StatefulDetector;
import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.SatisfiedBy;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code MFA_FATIGUE} (push bombing): for one principal, at least {@code threshold} failed push prompts
 * inside {@code window} — push answers DENIED, TIMEOUT or FRAUD_REPORTED ({@code mfa.methodClass=PUSH}),
 * plus prompts sent and not (yet) answered ({@code PROMPT_SENT}, Okta's
 * {@code system.push.send_factor_verify_push}). A prompt and the answer that follows it count once: a
 * failed push answer takes the place of the principal's latest unanswered prompt, a successful push
 * answer removes it. MEDIUM; HIGH when a FRAUD_REPORTED answer is in the burst; CRITICAL for a
 * privileged or break-glass principal (inventory, or a BREAK_GLASS register entry). Every prompt past the
 * threshold fires again; suppression folds them into one alert whose count grows.
 *
 * <p>Follow-up: a successful MFA step (any method; a claim in the token does not count) by the principal within {@code window} after the last
 * firing means the user probably gave in: HIGH ({@code details.trigger=GAVE_IN}; CRITICAL if
 * privileged), once per burst. The success itself arrives as an event, so no timer is needed.
 */
public final class MfaFatigueDetector implements StatefulDetector<PushPrompts> {

    public static final String ID = "MFA_FATIGUE";
    /** Prompts kept beyond the threshold: enough to report a burst's size without growing without bound. */
    static final int SLACK = 3;

    private static final DetectorMetadata METADATA = new DetectorMetadata(
            ID,
            "MFA push fatigue (push bombing)",
            "Many denied, unanswered or fraud-reported push prompts for one principal in a short window "
                    + "(default 5 in 10 min): an attacker with the password is pushing prompts until the user accepts. "
                    + "HIGH when the user reports fraud or a successful MFA follows the burst; CRITICAL for privileged accounts.",
            Severity.MEDIUM,
            List.of("T1621"),
            List.of("A user's phone or Okta Verify app misbehaving (prompts time out repeatedly)",
                    "A legacy client retrying sign-in in a loop with a stale session",
                    "A user denying prompts they triggered themselves on another device by mistake"),
            List.of("https://attack.mitre.org/techniques/T1621/",
                    "https://github.com/elastic/detection-rules/blob/main/hunting/okta/queries/credential_access_mfa_bombing_push_notications.toml",
                    "https://github.com/splunk/security_content/blob/develop/detections/cloud/azure_ad_multiple_denied_mfa_requests_for_user.yml",
                    "https://github.com/Azure/Azure-Sentinel/blob/master/Solutions/Microsoft%20Entra%20ID/Analytic%20Rules/MFARejectedbyUser.yaml",
                    "https://learn.microsoft.com/entra/identity/authentication/how-to-mfa-number-match"),
            new Response(
                    "Call the user on a known number: did they ask for these prompts? If not, or if they accepted one, "
                            + "revoke their sessions and block sign-in",
                    "The password is known to the attacker: reset it; check sign-ins and factor registrations since the burst",
                    "Enable number matching and move the user to a phishing-resistant method; unblock after the reset"));

    private final int threshold;
    private final Duration window;

    public MfaFatigueDetector(int threshold, Duration window) {
        if (threshold < 2 || threshold > 100) {
            throw new IllegalArgumentException("MFA_FATIGUE threshold: between 2 and 100, got " + threshold);
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("MFA_FATIGUE window: must be positive, got " + window);
        }
        this.threshold = threshold;
        this.window = window;
    }

    @Override
    public DetectorMetadata metadata() {
        return METADATA;
    }

    @Override
    public StateCodec<PushPrompts> codec() {
        return PushPrompts.CODEC;
    }

    /** One remembered prompt as the API shows it. */
    public record PromptView(Instant at, String kind) {
    }

    /** Recent failed prompts by time and kind, and when a pending "gave in" follow-up expires. */
    @Override
    public Object view(PushPrompts state) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("recentPrompts", state.prompts().stream()
                .map(p -> new PromptView(Instant.ofEpochSecond(p.epochSecond()), kindName(p.kind()))).toList()); // no hashes
        if (state.burstAt() != 0) {
            v.put("burstAt", Instant.ofEpochSecond(state.burstAt()));
            v.put("watchSuccessUntil", Instant.ofEpochSecond(state.burstAt()).plus(window));
        }
        return v;
    }

    static String kindName(byte kind) {
        return switch (kind) {
            case PushPrompts.DENIED -> MfaResult.DENIED.name();
            case PushPrompts.TIMEOUT -> MfaResult.TIMEOUT.name();
            case PushPrompts.FRAUD -> MfaResult.FRAUD_REPORTED.name();
            case PushPrompts.SENT -> MfaResult.PROMPT_SENT.name();
            default -> "UNKNOWN";
        };
    }

    /** The prompt kind of a push sign-in, or -1 when it is no failed or pending push. */
    static byte kind(SignInEvent e) {
        if (e.mfa().methodClass() != MethodClass.PUSH || e.mfa().result() == null) {
            return -1;
        }
        return switch (e.mfa().result()) {
            case DENIED -> PushPrompts.DENIED;
            case TIMEOUT -> PushPrompts.TIMEOUT;
            case FRAUD_REPORTED -> PushPrompts.FRAUD;
            case PROMPT_SENT -> PushPrompts.SENT;
            default -> -1;
        };
    }

    /** MFA performed now: a claim in the token is the user's own earlier session, not an answer to the burst. */
    private static boolean mfaSucceeded(SignInEvent e) {
        return e.result() == SignInResult.SUCCESS && e.mfa().satisfied() && e.mfa().result() == MfaResult.SUCCESS
                && e.mfa().satisfiedBy() != SatisfiedBy.CLAIM_IN_TOKEN;
    }

    @Override
    public Step<PushPrompts> step(DetectionContext context, PushPrompts state) {
        SignInEvent e = context.event();
        byte kind = kind(e);
        boolean success = mfaSucceeded(e);
        if (kind < 0 && !success) {
            return Step.quiet(state);
        }
        long t = e.time().getEpochSecond();
        List<Prompt> prompts = new ArrayList<>(state == null ? List.of() : state.prompts());
        long burstAt = state == null ? 0 : state.burstAt();
        if (success) {
            if (e.mfa().methodClass() == MethodClass.PUSH) {
                removeLatestSent(prompts, t);
            }
            if (burstAt != 0 && t >= burstAt && t - burstAt <= window.toSeconds()) {
                Finding f = gaveIn(context, e, burstAt, prompts);
                return Step.fire(next(prompts, 0), f);
            }
            return prompts.equals(state == null ? List.of() : state.prompts()) ? Step.quiet(state) : Step.quiet(next(prompts, burstAt));
        }
        Prompt p = new Prompt(t, e.eventId().hashCode(), kind);
        if (prompts.stream().anyMatch(x -> x.epochSecond() == t && x.eventHash() == p.eventHash())) {
            return Step.quiet(state); // the same record again (replay)
        }
        if (kind != PushPrompts.SENT) {
            removeLatestSent(prompts, t); // the answer to a prompt already counted
        }
        prompts.add(p);
        prompts.sort(Comparator.comparingLong(Prompt::epochSecond));
        long windowStart = prompts.get(prompts.size() - 1).epochSecond() - window.toSeconds();
        prompts.removeIf(x -> x.epochSecond() <= windowStart);
        while (prompts.size() > threshold + SLACK) {
            prompts.remove(0);
        }
        if (!prompts.contains(p) || prompts.size() < threshold) {
            return Step.quiet(next(prompts, burstAt));
        }
        boolean privileged = context.privilegedOrBreakGlass();
        long fraud = prompts.stream().filter(x -> x.kind() == PushPrompts.FRAUD).count();
        Severity severity = privileged ? Severity.CRITICAL : fraud > 0 ? Severity.HIGH : Severity.MEDIUM;
        Map<String, String> d = counts(prompts);
        d.put("trigger", "BURST");
        d.put("privileged", Boolean.toString(privileged));
        String summary = e.principal().id() + " had " + prompts.size() + " denied, unanswered or reported push prompts within "
                + window.toMinutes() + " min" + (fraud > 0 ? ", " + fraud + " reported as fraud by the user" : "")
                + (privileged ? " on a privileged account" : "")
                + ": push bombing with a known password; call the user and, unless they asked for them, reset the password.";
        return Step.fire(next(prompts, Math.max(burstAt, t)), new Finding(severity, null, summary, d));
    }

    private Finding gaveIn(DetectionContext context, SignInEvent e, long burstAt, List<Prompt> prompts) {
        boolean privileged = context.privilegedOrBreakGlass();
        Map<String, String> d = counts(prompts);
        d.put("trigger", "GAVE_IN");
        d.put("privileged", Boolean.toString(privileged));
        d.put("burstAt", Instant.ofEpochSecond(burstAt).toString());
        d.put("successMethod", Phrases.orUnknown(e.mfa().method()));
        String summary = e.principal().id() + " completed MFA " + Phrases.where(e) + " "
                + Duration.ofSeconds(e.time().getEpochSecond() - burstAt).toMinutes()
                + " min after a push-prompt burst: the user probably accepted an attacker's prompt; "
                + "revoke the sessions, block sign-in and reset the password now.";
        return new Finding(privileged ? Severity.CRITICAL : Severity.HIGH, null, summary, d);
    }

    private Map<String, String> counts(List<Prompt> prompts) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("prompts", Integer.toString(prompts.size()));
        d.put("denied", Long.toString(prompts.stream().filter(x -> x.kind() == PushPrompts.DENIED).count()));
        d.put("timedOut", Long.toString(prompts.stream().filter(x -> x.kind() == PushPrompts.TIMEOUT).count()));
        d.put("fraudReported", Long.toString(prompts.stream().filter(x -> x.kind() == PushPrompts.FRAUD).count()));
        d.put("unanswered", Long.toString(prompts.stream().filter(x -> x.kind() == PushPrompts.SENT).count()));
        d.put("threshold", Integer.toString(threshold));
        d.put("window", window.toString());
        if (!prompts.isEmpty()) {
            d.put("firstPrompt", Instant.ofEpochSecond(prompts.get(0).epochSecond()).toString());
        }
        return d;
    }

    /** Drops the newest unanswered prompt sent at or before {@code t} and within the window: it has been answered. */
    private void removeLatestSent(List<Prompt> prompts, long t) {
        for (int i = prompts.size() - 1; i >= 0; i--) {
            Prompt x = prompts.get(i);
            if (x.kind() == PushPrompts.SENT && x.epochSecond() <= t && t - x.epochSecond() <= window.toSeconds()) {
                prompts.remove(i);
                return;
            }
        }
    }

    private static PushPrompts next(List<Prompt> prompts, long burstAt) {
        return prompts.isEmpty() && burstAt == 0 ? null : new PushPrompts(prompts, burstAt);
    }

    @Override
    public PushPrompts expire(PushPrompts state, Instant streamTime) {
        long now = streamTime.getEpochSecond();
        long windowStart = now - window.toSeconds();
        boolean burstGone = state.burstAt() != 0 && windowStart > state.burstAt();
        boolean promptGone = state.prompts().stream().anyMatch(x -> x.epochSecond() <= windowStart);
        if (!burstGone && !promptGone) {
            return state.empty() ? null : state;
        }
        List<Prompt> kept = state.prompts().stream().filter(x -> x.epochSecond() > windowStart).toList();
        return next(kept, burstGone ? 0 : state.burstAt());
    }

    /** The oldest prompt leaves the window once it is {@code window} old; a pending follow-up one second after its window. */
    @Override
    public Optional<Instant> wakeAt(PushPrompts state) {
        long wake = Long.MAX_VALUE;
        for (Prompt x : state.prompts()) {
            wake = Math.min(wake, x.epochSecond() + window.toSeconds());
        }
        if (state.burstAt() != 0) {
            wake = Math.min(wake, state.burstAt() + window.toSeconds() + 1);
        }
        return wake == Long.MAX_VALUE ? Optional.of(Instant.MIN) : Optional.of(Instant.ofEpochSecond(wake));
    }
}
