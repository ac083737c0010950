package dev.mfawatch.detector.travel;

import dev.mfawatch.detector.rules.Coverage;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.Phrases;
import dev.mfawatch.detector.rules.RuleSettings;
import dev.mfawatch.detector.rules.StatefulDetector;
import dev.mfawatch.detector.scope.Cidr;
import dev.mfawatch.detector.travel.TravelHistory.Anchor;
import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Lifecycle;
import dev.mfawatch.model.signin.NetworkInfo;
import dev.mfawatch.model.signin.SignInEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code IMPOSSIBLE_TRAVEL}: two located sign-ins of one principal, from any sources, that are at
 * least {@code travelMinDistanceKm} apart once both accuracy radii are subtracted and imply more
 * than {@code travelMaxSpeedKmh}. Non-interactive sign-ins (token refreshes geolocate to the
 * service's data centre), sign-ins without coordinates and sign-ins from configured egress
 * networks (VPN, proxies) are never anchors. Each new anchor is compared with its neighbours by
 * event time — a late event (up to {@code travelLateGrace} behind the principal's newest) with the
 * anchors just before and after it, not merely with the last one seen. HIGH when the principal is
 * privileged or named by an exception in force (exception identities are what attackers target),
 * MEDIUM otherwise.
 */
public final class ImpossibleTravelDetector implements StatefulDetector<TravelHistory> {

    public static final String ID = "IMPOSSIBLE_TRAVEL";

    private static final DetectorMetadata METADATA = new DetectorMetadata(
            ID,
            "Impossible travel between two sign-ins",
            "Two sign-ins of one principal whose great-circle distance, less both location accuracy radii, "
                    + "needs a speed above the configured limit (default 1000 km/h over at least 500 km).",
            Severity.MEDIUM,
            List.of("T1078.004"),
            List.of("A VPN or proxy egress not listed in MFAWATCH_TRAVEL_EGRESS_CIDRS",
                    "Geo-IP databases placing a mobile carrier's address in the wrong country"),
            List.of("https://attack.mitre.org/techniques/T1078/004/",
                    "https://learn.microsoft.com/entra/id-protection/concept-identity-protection-risks"),
            new Response(
                    "Ask the user which sign-in was theirs; revoke the sessions and refresh tokens of the other",
                    "Reset the password and review the MFA methods registered since the first sign-in",
                    "Add legitimate VPN egress ranges to the egress list; re-enable the account after the reset"));

    private final RuleSettings settings;

    public ImpossibleTravelDetector(RuleSettings settings) {
        this.settings = settings;
    }

    @Override
    public DetectorMetadata metadata() {
        return METADATA;
    }

    @Override
    public StateCodec<TravelHistory> codec() {
        return TravelHistory.CODEC;
    }

    /** Recent locations, oldest first, with readable times (the API's view). */
    @Override
    public Object view(TravelHistory state) {
        return Map.of("recentLocations", state.anchors().stream()
                .map(a -> new LocationView(Instant.ofEpochMilli(a.timeMs()), a.lat(), a.lon(),
                        a.accuracyKm() == 0 ? null : a.accuracyKm(), a.country().isEmpty() ? null : a.country()))
                .toList());
    }

    /** One remembered located sign-in as the API shows it. */
    public record LocationView(Instant at, float lat, float lon, Integer accuracyKm, String country) {
    }

    @Override
    public Step<TravelHistory> step(DetectionContext context, TravelHistory state) {
        SignInEvent e = context.event();
        NetworkInfo n = e.network();
        if (!e.interactive() || !n.hasCoordinates() || egress(n.ip())) {
            return Step.quiet(state);
        }
        List<Anchor> anchors = state == null ? List.of() : state.anchors();
        long t = e.time().toEpochMilli();
        long newest = anchors.isEmpty() ? t : Math.max(t, anchors.get(anchors.size() - 1).timeMs());
        if (t < newest - settings.travelLateGrace().toMillis()) {
            return Step.quiet(state); // too late to place: its neighbours may already be gone
        }
        Anchor a = new Anchor(t, n.lat().floatValue(), n.lon().floatValue(),
                n.accuracyKm() == null ? 0 : (int) Math.round(n.accuracyKm()), n.country());
        if (anchors.contains(a)) {
            return Step.quiet(state); // the same sign-in again (replay)
        }
        Anchor before = null;
        Anchor after = null;
        for (Anchor x : anchors) {
            if (x.timeMs() <= t) {
                before = x;
            } else if (after == null) {
                after = x;
            }
        }
        Optional<Leg> leg = legOf(before, a);
        Optional<Leg> later = legOf(a, after);
        if (later.isPresent() && (leg.isEmpty() || later.get().speedKmh > leg.get().speedKmh)) {
            leg = later;
        }
        List<Anchor> next = new ArrayList<>(anchors);
        next.add(a);
        next.sort(Comparator.comparingLong(Anchor::timeMs));
        TravelHistory kept = prune(next, newest);
        return leg.map(l -> Step.fire(kept, finding(context, l))).orElseGet(() -> Step.quiet(kept));
    }

    @Override
    public TravelHistory expire(TravelHistory state, Instant streamTime) {
        long oldest = streamTime.toEpochMilli() - settings.travelMaxAge().toMillis();
        if (state.anchors().stream().noneMatch(x -> x.timeMs() < oldest)) {
            return state.anchors().isEmpty() ? null : state; // nothing aged out: no copy
        }
        List<Anchor> kept = state.anchors().stream().filter(x -> x.timeMs() >= oldest).toList();
        return kept.isEmpty() ? null : kept.size() == state.anchors().size() ? state : new TravelHistory(kept);
    }

    /** The oldest anchor ages out one millisecond after it is {@code travelMaxAge} old. */
    @Override
    public Optional<Instant> wakeAt(TravelHistory state) {
        if (state.anchors().isEmpty()) {
            return Optional.of(Instant.MIN);
        }
        long oldest = Long.MAX_VALUE;
        for (Anchor a : state.anchors()) {
            oldest = Math.min(oldest, a.timeMs());
        }
        return Optional.of(Instant.ofEpochMilli(oldest).plusMillis(settings.travelMaxAge().toMillis() + 1));
    }

    private TravelHistory prune(List<Anchor> sorted, long newest) {
        long oldest = newest - settings.travelMaxAge().toMillis();
        List<Anchor> recent = sorted.stream().filter(x -> x.timeMs() >= oldest).toList();
        int from = Math.max(0, recent.size() - settings.travelHistory());
        return new TravelHistory(recent.subList(from, recent.size()));
    }

    private boolean egress(String ip) {
        for (Cidr c : settings.travelEgressNetworks()) {
            if (c.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /** A pair in time order and what it implies. */
    record Leg(Anchor from, Anchor to, double greatCircleKm, double distanceKm, double hours, double speedKmh) {
    }

    private Optional<Leg> legOf(Anchor from, Anchor to) {
        if (from == null || to == null) {
            return Optional.empty();
        }
        double raw = GreatCircle.distanceKm(from.lat(), from.lon(), to.lat(), to.lon());
        double d = raw - from.accuracyKm() - to.accuracyKm();
        if (d < settings.travelMinDistanceKm()) {
            return Optional.empty();
        }
        // Same instant: speed over one second, i.e. effectively infinite but still a number.
        double hours = Math.max(to.timeMs() - from.timeMs(), 1000L) / 3_600_000.0;
        double speed = d / hours;
        return speed > settings.travelMaxSpeedKmh() ? Optional.of(new Leg(from, to, raw, d, hours, speed)) : Optional.empty();
    }

    private Finding finding(DetectionContext context, Leg l) {
        SignInEvent e = context.event();
        boolean privileged = context.privileged().orElse(false);
        Optional<ExceptionEntry> covering = context.coverage().candidates().stream()
                .filter(c -> c.lifecycle() == Lifecycle.IN_FORCE).map(Coverage.Candidate::entry).findFirst();
        Severity severity = privileged || covering.isPresent() ? Severity.HIGH : Severity.MEDIUM;
        Map<String, String> d = new LinkedHashMap<>();
        d.put("fromTime", Instant.ofEpochMilli(l.from.timeMs()).toString());
        d.put("fromLat", Float.toString(l.from.lat()));
        d.put("fromLon", Float.toString(l.from.lon()));
        d.put("fromCountry", Phrases.orUnknown(l.from.country()));
        d.put("fromAccuracyKm", Integer.toString(l.from.accuracyKm()));
        d.put("toTime", Instant.ofEpochMilli(l.to.timeMs()).toString());
        d.put("toLat", Float.toString(l.to.lat()));
        d.put("toLon", Float.toString(l.to.lon()));
        d.put("toCountry", Phrases.orUnknown(l.to.country()));
        d.put("toAccuracyKm", Integer.toString(l.to.accuracyKm()));
        d.put("greatCircleKm", Long.toString(Math.round(l.greatCircleKm)));
        d.put("distanceKm", Long.toString(Math.round(l.distanceKm)));
        d.put("hours", String.format(Locale.ROOT, "%.2f", l.hours));
        d.put("speedKmh", Long.toString(Math.round(l.speedKmh)));
        d.put("lateEvent", Boolean.toString(l.from.timeMs() == e.time().toEpochMilli()));
        d.put("privileged", Phrases.orUnknown(context.privileged().orElse(null)));
        covering.ifPresent(x -> d.put("coveredByException", x.id()));
        String summary = e.principal().id() + " signed in from " + place(l.from) + " and " + place(l.to) + " "
                + Math.round(l.distanceKm) + " km apart within " + String.format(Locale.ROOT, "%.1f", l.hours)
                + " h (" + Math.round(l.speedKmh) + " km/h): ask the user which was theirs and revoke the other's sessions.";
        return new Finding(severity, covering.orElse(null), summary, d);
    }

    private static String place(Anchor a) {
        return (a.country().isEmpty() ? "" : a.country() + " ") + "(" + a.lat() + ", " + a.lon() + ") at "
                + Instant.ofEpochMilli(a.timeMs());
    }
}
