package dev.mfawatch.detector.resets;

import dev.mfawatch.detector.resets.BurstState.Target;
import dev.mfawatch.detector.resets.ResetState.Kind;
import dev.mfawatch.detector.resets.ResetState.Pending;
import dev.mfawatch.detector.resets.ResetState.Reset;
import dev.mfawatch.detector.resets.ResetState.Seen;
import dev.mfawatch.detector.rules.ActorDetector;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.Phrases;
import dev.mfawatch.detector.rules.StatefulDetector;
import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code MFA_RESET_ABUSE}: resets of a principal's factors or password by someone else (an admin, the
 * helpdesk, vendor support, an application; see {@link ResetSignals}), the way around MFA that social
 * engineering of the helpdesk takes (MGM and Caesars 2023, Scattered Spider). Three triggers, named in
 * {@code details.trigger}:
 * <ul>
 *   <li>{@code TAKEOVER_CHAIN} (HIGH, per principal): within {@code chainWindow} after such a reset, a successful
 *   sign-in from a country, IP prefix (/24, /48), device or user agent not seen for the principal within
 *   {@code historyAge}, or a new factor registered (or a Temporary Access Pass issued) by anyone. A kind of value the principal has no history of
 *   is not judged (no baseline).</li>
 *   <li>{@code REPEATED_RESET} (MEDIUM, per principal): at least {@code repeatThreshold} resets within
 *   {@code repeatWindow}; the records of one reset (Okta Identity Engine's deactivation per factor, Entra's
 *   two records of one password reset under one correlation id) count once.</li>
 *   <li>{@code RESET_BURST} (HIGH, per actor, as an {@link ActorDetector}): one actor resets at least
 *   {@code burstThreshold} distinct principals within {@code burstWindow}; the alert is the actor's and lists
 *   the principals.</li>
 * </ul>
 * Resets by an exempt actor ({@code MFAWATCH_RESET_EXEMPT_ACTORS}: onboarding and identity-governance
 * automation) are not counted.
 */
public final class MfaResetAbuseDetector implements StatefulDetector<ResetState>, ActorDetector<BurstState> {

    public static final String ID = "MFA_RESET_ABUSE";
    public static final String TAKEOVER_CHAIN = "TAKEOVER_CHAIN";
    public static final String REPEATED_RESET = "REPEATED_RESET";
    public static final String RESET_BURST = "RESET_BURST";

    private static final long REFRESH_SECONDS = 3600;

    private static final DetectorMetadata METADATA = new DetectorMetadata(
            ID,
            "MFA or password reset by someone else, followed by a takeover, repeated, or in a burst",
            "A reset of a principal's factors or password by an admin, the helpdesk or vendor support followed by a "
                    + "sign-in from somewhere new or a new factor (TAKEOVER_CHAIN), the same principal reset again and "
                    + "again (REPEATED_RESET), or one actor resetting many principals (RESET_BURST).",
            Severity.HIGH,
            List.of("T1556.006", "T1098.005"),
            List.of("Onboarding and identity-governance automation (list them in MFAWATCH_RESET_EXEMPT_ACTORS)",
                    "A user on a new laptop or travelling right after a genuine helpdesk reset",
                    "A user re-enrolling a factor after a genuine helpdesk reset (TAKEOVER_CHAIN fires on any new factor: confirm it is theirs)",
                    "A helpdesk agent working through a queue of lost-phone tickets after an outage"),
            List.of("https://attack.mitre.org/techniques/T1556/006/", "https://attack.mitre.org/techniques/T1098/005/",
                    "https://sec.okta.com/articles/2023/08/cross-tenant-impersonation-prevention-and-detection/",
                    "https://www.cisa.gov/news-events/cybersecurity-advisories/aa23-320a",
                    "https://learn.microsoft.com/en-us/entra/identity/authentication/howto-authentication-methods-activity"),
            new Response(
                    "Call the user back on a number from the directory (not the one given to the helpdesk); if the reset "
                            + "was not theirs, revoke sessions, remove new factors and reset again with identity proofing",
                    "Find who asked for the reset and how the caller was verified; review the actor's other resets",
                    "Require verified identity (a video call, a manager's approval, a ticket) for every helpdesk reset"));

    private final ResetSettings settings;

    public MfaResetAbuseDetector(ResetSettings settings) {
        this.settings = settings;
    }

    @Override
    public DetectorMetadata metadata() {
        return METADATA;
    }

    // ---- per principal: TAKEOVER_CHAIN and REPEATED_RESET ----

    @Override
    public StateCodec<ResetState> codec() {
        return ResetState.CODEC;
    }

    @Override
    public Step<ResetState> step(DetectionContext context, ResetState state) {
        SignInEvent e = context.event();
        if (e.result() != SignInResult.SUCCESS) {
            return Step.quiet(state);
        }
        long now = e.time().getEpochSecond();
        Map<Kind, String> values = observed(e);
        if (values.isEmpty()) {
            return Step.quiet(state);
        }
        ResetState s = state == null ? new ResetState(List.of(), List.of(), 0, null) : state;
        Optional<Finding> finding = Optional.empty();
        Pending p = s.pending();
        if (p != null && now >= p.second() && now - p.second() <= settings.chainWindow().toSeconds()) {
            List<String> fresh = new ArrayList<>();
            values.forEach((kind, value) -> {
                if (s.knowsKind(kind) && s.seen().stream().noneMatch(x -> x.kind() == kind.ordinal() && x.hash() == value.hashCode())) {
                    fresh.add(kind == Kind.COUNTRY || kind == Kind.IP_PREFIX ? kind.name() + "=" + value : kind.name());
                }
            });
            if (!fresh.isEmpty()) {
                Map<String, String> d = chainDetails(p, now);
                d.put("followedBy", "SIGN_IN");
                d.put("newSignals", String.join(", ", fresh));
                finding = Optional.of(new Finding(Severity.HIGH, null, e.principal().id() + " signed in from something new ("
                        + String.join(", ", fresh) + ") " + minutes(now - p.second()) + " after its "
                        + operationPhrase(p) + ": confirm with the user on a known number and revoke the sessions if it was not them.", d));
                p = null;
            }
        }
        List<Seen> seen = new ArrayList<>(s.seen());
        boolean changed = finding.isPresent();
        for (Map.Entry<Kind, String> v : values.entrySet()) {
            byte kind = (byte) v.getKey().ordinal();
            int hash = v.getValue().hashCode();
            Optional<Seen> known = seen.stream().filter(x -> x.kind() == kind && x.hash() == hash).findFirst();
            if (known.isPresent() && now >= known.get().lastSecond() && now - known.get().lastSecond() < REFRESH_SECONDS) {
                continue; // refreshed at most hourly: fewer state writes, exact to an hour over 30 days
            }
            known.ifPresent(seen::remove);
            seen.add(new Seen(kind, hash, Math.max(now, known.map(Seen::lastSecond).orElse(0L))));
            List<Seen> ofKind = seen.stream().filter(x -> x.kind() == kind)
                    .sorted(Comparator.comparingLong(Seen::lastSecond)).toList();
            if (ofKind.size() > ResetState.PER_KIND) {
                seen.remove(ofKind.get(0));
            }
            changed = true;
        }
        if (!changed) {
            return Step.quiet(state);
        }
        return new Step<>(new ResetState(seen, s.resets(), s.repeatFiredSecond(), p), finding);
    }

    @Override
    public Step<ResetState> onChange(String principal, DirectoryChange c, ResetState state) {
        String actor = ResetSignals.actorId(c);
        if (actor != null && ResetSignals.exempt(actor, settings.exemptActors())) {
            return Step.quiet(state);
        }
        long t = c.time().getEpochSecond();
        ResetState s = state == null ? new ResetState(List.of(), List.of(), 0, null) : state;
        Pending p = s.pending();
        if (ResetSignals.newCredential(c.operation()) && p != null && t >= p.second()
                && t - p.second() <= settings.chainWindow().toSeconds()) {
            Map<String, String> d = chainDetails(p, t);
            d.put("followedBy", c.operation().name());
            d.put("factor", Phrases.orUnknown(firstDetail(c, "factor", "methodAffected", "method")));
            d.put("registeredBy", Phrases.orUnknown(actor));
            return Step.fire(new ResetState(s.seen(), s.resets(), s.repeatFiredSecond(), null), new Finding(Severity.HIGH, null,
                    (c.operation() == ChangeOperation.TEMPORARY_ACCESS_PASS_ISSUED ? "A Temporary Access Pass was issued to "
                            : "A new MFA factor was registered for ") + principal + " " + minutes(t - p.second()) + " after its "
                            + operationPhrase(p) + ": confirm with the user on a known number and remove the factor if it is not theirs.", d));
        }
        if (!ResetSignals.isReset(principal, c, settings.exemptActors())) {
            return Step.quiet(state);
        }
        int actorHash = actor == null ? 0 : actor.hashCode();
        String correlation = c.details().get("correlationId");
        int corrHash = correlation == null || correlation.isBlank() ? 0 : correlation.hashCode();
        List<Reset> resets = new ArrayList<>();
        long window = settings.repeatWindow().toSeconds();
        boolean merged = false;
        for (Reset r : s.resets()) {
            if (t - r.firstSecond() > window) {
                continue;
            }
            boolean same = (corrHash != 0 && corrHash == r.correlationHash())
                    || (r.actorHash() == actorHash && t >= r.firstSecond() - ResetSignals.RUN_GAP_SECONDS
                    && t - r.lastSecond() <= ResetSignals.RUN_GAP_SECONDS);
            if (same && !merged) {
                merged = true;
                resets.add(new Reset(Math.min(r.firstSecond(), t), Math.max(r.lastSecond(), t), r.actorHash(),
                        r.correlationHash() != 0 ? r.correlationHash() : corrHash));
            } else {
                resets.add(r);
            }
        }
        if (!merged) {
            resets.add(new Reset(t, t, actorHash, corrHash));
        }
        resets.sort(Comparator.comparingLong(Reset::firstSecond));
        while (resets.size() > settings.repeatThreshold()) {
            resets.remove(0);
        }
        Pending pending = new Pending(t, (byte) c.operation().ordinal(), ResetSignals.performedBy(c), ResetState.fitActor(actor));
        long fired = s.repeatFiredSecond();
        Optional<Finding> finding = Optional.empty();
        if (!merged && resets.size() >= settings.repeatThreshold() && (fired == 0 || t - fired > window)) {
            fired = t;
            Map<String, String> d = new LinkedHashMap<>();
            d.put("trigger", REPEATED_RESET);
            d.put("resets", Integer.toString(resets.size()));
            d.put("window", settings.repeatWindow().toString());
            d.put("firstReset", Instant.ofEpochSecond(resets.get(0).firstSecond()).toString());
            d.put("operation", c.operation().name());
            d.put("performedBy", ResetSignals.performedBy(c));
            d.put("actor", Phrases.orUnknown(actor));
            finding = Optional.of(new Finding(Severity.MEDIUM, null, principal + " had its MFA or password reset by someone else "
                    + resets.size() + " times within " + span(settings.repeatWindow())
                    + ": find out who asked each time and whether the caller was the user.", d));
        }
        return new Step<>(new ResetState(s.seen(), resets, fired, pending), finding);
    }

    @Override
    public ResetState expire(ResetState state, Instant streamTime) {
        long now = streamTime.getEpochSecond();
        long age = settings.historyAge().toSeconds();
        long window = settings.repeatWindow().toSeconds();
        List<Seen> seen = state.seen().stream().filter(x -> now - x.lastSecond() <= age).toList();
        List<Reset> resets = state.resets().stream().filter(r -> now - r.firstSecond() <= window).toList();
        long fired = state.repeatFiredSecond() != 0 && now - state.repeatFiredSecond() <= window ? state.repeatFiredSecond() : 0;
        Pending p = state.pending() != null && now - state.pending().second() <= settings.chainWindow().toSeconds()
                ? state.pending() : null;
        ResetState next = new ResetState(seen, resets, fired, p);
        return next.empty() ? null : next.equals(state) ? state : next;
    }

    @Override
    public Optional<Instant> wakeAt(ResetState state) {
        if (state.empty()) {
            return Optional.of(Instant.MIN);
        }
        long at = Long.MAX_VALUE;
        for (Seen x : state.seen()) {
            at = Math.min(at, x.lastSecond() + settings.historyAge().toSeconds() + 1);
        }
        for (Reset r : state.resets()) {
            at = Math.min(at, r.firstSecond() + settings.repeatWindow().toSeconds() + 1);
        }
        if (state.repeatFiredSecond() != 0) {
            at = Math.min(at, state.repeatFiredSecond() + settings.repeatWindow().toSeconds() + 1);
        }
        if (state.pending() != null) {
            at = Math.min(at, state.pending().second() + settings.chainWindow().toSeconds() + 1);
        }
        return Optional.of(Instant.ofEpochSecond(at));
    }

    /** Counts and times only: the values themselves are kept as hashes. */
    @Override
    public Object view(ResetState state) {
        Map<String, Object> v = new LinkedHashMap<>();
        Map<String, Long> seen = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            seen.put(k.name(), state.seen().stream().filter(x -> x.kind() == k.ordinal()).count());
        }
        v.put("recentlySeen", seen);
        v.put("recentResets", state.resets().stream().map(r -> Instant.ofEpochSecond(r.firstSecond())).toList());
        if (state.pending() != null) {
            v.put("pendingReset", Map.of("at", Instant.ofEpochSecond(state.pending().second()).toString(),
                    "operation", operationName(state.pending().operation()), "performedBy", state.pending().performedBy()));
        }
        return v;
    }

    // ---- per actor: RESET_BURST ----

    @Override
    public boolean acceptsActorChange(String target, DirectoryChange change) {
        return change.actor() != null && ResetSignals.isReset(target, change, settings.exemptActors());
    }

    @Override
    public StateCodec<BurstState> actorCodec() {
        return BurstState.CODEC;
    }

    @Override
    public Step<BurstState> onActorChange(String actor, String target, DirectoryChange c, BurstState state) {
        long t = c.time().getEpochSecond();
        long window = settings.burstWindow().toSeconds();
        List<Target> targets = new ArrayList<>();
        if (state != null) {
            state.targets().stream().filter(x -> !x.id().equals(target) && t - x.second() <= window).forEach(targets::add);
        }
        long last = state == null ? 0 : state.targets().stream().filter(x -> x.id().equals(target))
                .mapToLong(Target::second).max().orElse(0);
        targets.add(new Target(target, Math.max(t, last)));
        targets.sort(Comparator.comparingLong(Target::second));
        while (targets.size() > BurstState.MAX_TARGETS) {
            targets.remove(0);
        }
        long fired = state == null ? 0 : state.firedSecond();
        if (targets.size() >= settings.burstThreshold() && (fired == 0 || t - fired > window)) {
            List<String> ids = targets.stream().map(Target::id).sorted().toList();
            Map<String, String> d = new LinkedHashMap<>();
            d.put("trigger", RESET_BURST);
            d.put("actor", actor);
            d.put("principals", Integer.toString(ids.size()));
            d.put("targets", String.join(",", ids));
            d.put("window", settings.burstWindow().toString());
            d.put("firstReset", Instant.ofEpochSecond(targets.get(0).second()).toString());
            d.put("performedBy", ResetSignals.performedBy(c));
            return Step.fire(new BurstState(targets, t), new Finding(Severity.HIGH, null, actor + " reset the MFA or password of "
                    + ids.size() + " principals within " + span(settings.burstWindow())
                    + ": confirm the actor is who it claims to be and review every reset it made.", d));
        }
        return Step.quiet(new BurstState(targets, fired));
    }

    @Override
    public BurstState expireActor(BurstState state, Instant streamTime) {
        long now = streamTime.getEpochSecond();
        long window = settings.burstWindow().toSeconds();
        List<Target> targets = state.targets().stream().filter(x -> now - x.second() <= window).toList();
        long fired = now - state.firedSecond() <= window ? state.firedSecond() : 0;
        if (targets.isEmpty() && fired == 0) {
            return null;
        }
        BurstState next = new BurstState(targets, fired);
        return next.equals(state) ? state : next;
    }

    // ---- helpers ----

    private static Map<Kind, String> observed(SignInEvent e) {
        Map<Kind, String> v = new LinkedHashMap<>();
        if (e.network() != null) {
            put(v, Kind.COUNTRY, e.network().country());
            put(v, Kind.IP_PREFIX, ResetSignals.prefix(e.network().ip()));
        }
        if (e.device() != null) {
            put(v, Kind.DEVICE, e.device().id());
        }
        if (e.client() != null) {
            put(v, Kind.USER_AGENT, ResetSignals.agentFamily(e.client().userAgent()));
        }
        return v;
    }

    private static void put(Map<Kind, String> v, Kind k, String value) {
        if (value != null && !value.isBlank()) {
            v.put(k, value.trim());
        }
    }

    private static Map<String, String> chainDetails(Pending p, long now) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("trigger", TAKEOVER_CHAIN);
        d.put("resetOperation", operationName(p.operation()));
        d.put("resetTime", Instant.ofEpochSecond(p.second()).toString());
        d.put("resetBy", Phrases.orUnknown(p.actor()));
        d.put("performedBy", p.performedBy());
        d.put("minutesAfterReset", Long.toString((now - p.second()) / 60));
        return d;
    }

    private static String operationName(byte ordinal) {
        ChangeOperation[] ops = ChangeOperation.values();
        return ordinal >= 0 && ordinal < ops.length ? ops[ordinal].name() : ChangeOperation.OTHER.name();
    }

    private static String operationPhrase(Pending p) {
        String what = switch (operationName(p.operation())) {
            case "PASSWORD_RESET" -> "password reset";
            case "MFA_DISABLED" -> "MFA being turned off";
            case "TEMPORARY_ACCESS_PASS_ISSUED" -> "Temporary Access Pass issued";
            default -> "MFA factor reset";
        };
        return what + " by " + Phrases.orUnknown(p.actor(), "actor") + " (" + p.performedBy() + ")";
    }

    private static String span(java.time.Duration d) {
        return d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }

    private static String minutes(long seconds) {
        return seconds / 60 + " min";
    }

    private static String firstDetail(DirectoryChange c, String... keys) {
        for (String k : keys) {
            String v = c.details().get(k);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
