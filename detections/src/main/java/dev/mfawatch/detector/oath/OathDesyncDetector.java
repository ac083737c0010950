package dev.mfawatch.detector.oath;

import dev.mfawatch.detector.oath.OathSignals.Signal;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.Phrases;
import dev.mfawatch.detector.rules.RuleSettings;
import dev.mfawatch.detector.rules.StatefulDetector;
import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.SignInEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code OATH_DESYNC}: for one principal, at least {@code oathThreshold} OATH code failures,
 * clock-drift or resync signals ({@code mfa.result} CODE_INCORRECT, CLOCK_DRIFT, DESYNC; SMS and
 * voice codes are not OATH and are ignored) inside {@code oathWindow}: MEDIUM, a token drifting or a
 * user struggling, with the counts and the token type. At least {@code oathBruteForceFailures}
 * signals across at least {@code oathBruteForceSources} distinct IPs or sessions is a guessing
 * attack on the second factor, not a drifting token: HIGH, {@code details.pattern=BRUTE_FORCE}.
 * Every signal past the threshold fires again; suppression folds them into one alert whose count
 * grows and whose severity rises to HIGH if the pattern turns into a brute force.
 */
public final class OathDesyncDetector implements StatefulDetector<OathSignals> {

    public static final String ID = "OATH_DESYNC";

    private static final DetectorMetadata METADATA = new DetectorMetadata(
            ID,
            "Repeated OATH code failures, clock drift or resync",
            "Repeated OATH one-time-code failures, clock-drift or resynchronisation signals for one principal "
                    + "inside a window (default 3 in 1 h); many failures across many IPs or sessions is a brute force (HIGH).",
            Severity.MEDIUM,
            List.of("T1110", "T1111"),
            List.of("A hardware token whose clock has drifted", "A user typing codes from the wrong token"),
            List.of("https://attack.mitre.org/techniques/T1110/", "https://attack.mitre.org/techniques/T1111/",
                    "https://learn.microsoft.com/entra/identity/authentication/concept-authentication-oath-tokens"),
            new Response(
                    "Contact the user; for a brute force, block sign-in and revoke sessions (the password is known to the attacker)",
                    "Resynchronise or replace a drifting token; for a brute force, reset the password",
                    "Move the user to a phishing-resistant method; unblock after the reset"));

    private final RuleSettings settings;

    public OathDesyncDetector(RuleSettings settings) {
        this.settings = settings;
    }

    @Override
    public DetectorMetadata metadata() {
        return METADATA;
    }

    @Override
    public StateCodec<OathSignals> codec() {
        return OathSignals.CODEC;
    }

    /** Recent OATH signals by time and kind, oldest first; the IP and session hashes stay internal (the API's view). */
    @Override
    public Object view(OathSignals state) {
        return Map.of("recentSignals", state.signals().stream()
                .map(s -> new SignalView(Instant.ofEpochSecond(s.epochSecond()), switch (s.kind()) {
                    case 0 -> MfaResult.CODE_INCORRECT.name();
                    case 1 -> MfaResult.CLOCK_DRIFT.name();
                    case 2 -> MfaResult.DESYNC.name();
                    default -> "UNKNOWN";
                })).toList());
    }

    /** One remembered OATH signal as the API shows it. */
    public record SignalView(Instant at, String kind) {
    }

    static byte kind(MfaResult r) {
        return switch (r) {
            case CODE_INCORRECT -> 0;
            case CLOCK_DRIFT -> 1;
            case DESYNC -> 2;
            default -> -1;
        };
    }

    @Override
    public Step<OathSignals> step(DetectionContext context, OathSignals state) {
        SignInEvent e = context.event();
        MfaResult r = e.mfa().result();
        if (r == null || kind(r) < 0 || e.mfa().methodClass() == MethodClass.SMS_VOICE) {
            return Step.quiet(state);
        }
        Signal s = new Signal(e.time().getEpochSecond(), Objects.hashCode(e.network().ip()),
                Objects.hashCode(e.sessionId() != null ? e.sessionId() : e.eventId()), kind(r));
        List<Signal> signals = new ArrayList<>(state == null ? List.of() : state.signals());
        if (signals.contains(s)) {
            return Step.quiet(state); // the same signal again (replay)
        }
        signals.add(s);
        signals.sort(java.util.Comparator.comparingLong(Signal::epochSecond));
        long newest = signals.get(signals.size() - 1).epochSecond();
        long windowStart = newest - settings.oathWindow().toSeconds();
        signals.removeIf(x -> x.epochSecond() <= windowStart);
        while (signals.size() > settings.oathBruteForceFailures()) {
            signals.remove(0);
        }
        OathSignals next = signals.isEmpty() ? null : new OathSignals(signals);
        if (!signals.contains(s) || signals.size() < settings.oathThreshold()) {
            return Step.quiet(next);
        }
        long ips = signals.stream().mapToInt(Signal::ipHash).distinct().count();
        long sessions = signals.stream().mapToInt(Signal::sessionHash).distinct().count();
        boolean bruteForce = signals.size() >= settings.oathBruteForceFailures()
                && Math.max(ips, sessions) >= settings.oathBruteForceSources();
        Map<String, String> d = new LinkedHashMap<>();
        d.put("pattern", bruteForce ? "BRUTE_FORCE" : "DESYNC");
        d.put("signals", Integer.toString(signals.size()));
        d.put("codeIncorrect", Long.toString(signals.stream().filter(x -> x.kind() == 0).count()));
        d.put("clockDrift", Long.toString(signals.stream().filter(x -> x.kind() == 1).count()));
        d.put("desync", Long.toString(signals.stream().filter(x -> x.kind() == 2).count()));
        d.put("distinctIps", Long.toString(ips));
        d.put("distinctSessions", Long.toString(sessions));
        d.put("window", settings.oathWindow().toString());
        d.put("firstSignal", Instant.ofEpochSecond(signals.get(0).epochSecond()).toString());
        d.put("tokenType", Phrases.orUnknown(e.mfa().tokenType()));
        String summary = bruteForce
                ? e.principal().id() + " failed " + signals.size() + " OATH codes from " + Math.max(ips, sessions)
                        + " different IPs or sessions within " + settings.oathWindow().toMinutes()
                        + " min: a second-factor brute force with a known password; block sign-in and reset the password."
                : e.principal().id() + " had " + signals.size() + " OATH code failures, clock-drift or resync signals within "
                        + settings.oathWindow().toMinutes() + " min (token " + d.get("tokenType")
                        + "): contact the user and resynchronise or replace the token.";
        return Step.fire(next, new Finding(bruteForce ? Severity.HIGH : Severity.MEDIUM, null, summary, d));
    }

    @Override
    public OathSignals expire(OathSignals state, Instant streamTime) {
        long windowStart = streamTime.getEpochSecond() - settings.oathWindow().toSeconds();
        if (state.signals().stream().allMatch(x -> x.epochSecond() > windowStart)) {
            return state.signals().isEmpty() ? null : state; // nothing left the window: no copy
        }
        List<Signal> kept = state.signals().stream().filter(x -> x.epochSecond() > windowStart).toList();
        return kept.isEmpty() ? null : kept.size() == state.signals().size() ? state : new OathSignals(kept);
    }

    /** The oldest signal leaves the window once it is {@code oathWindow} old, in whole seconds as {@link #expire} counts. */
    @Override
    public Optional<Instant> wakeAt(OathSignals state) {
        if (state.signals().isEmpty()) {
            return Optional.of(Instant.MIN);
        }
        long oldest = Long.MAX_VALUE;
        for (Signal x : state.signals()) {
            oldest = Math.min(oldest, x.epochSecond());
        }
        return Optional.of(Instant.ofEpochSecond(oldest + settings.oathWindow().toSeconds()));
    }
}
