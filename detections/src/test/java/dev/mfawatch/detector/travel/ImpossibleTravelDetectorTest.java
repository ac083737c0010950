package dev.mfawatch.detector.travel;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mfawatch.detector.fixtures.RuleDefaults;
import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.MfaPolicy;
import dev.mfawatch.detector.rules.RuleSettings;
import dev.mfawatch.detector.rules.StatefulDetector.Step;
import dev.mfawatch.detector.scope.Cidr;
import dev.mfawatch.detector.fixtures.SignIns;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.SignInEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected values come from the scenario: London (51.5074, -0.1278) to New York (40.7128, -74.0060)
 * is 5,570 km on the great circle; in 2 h that is 2,785 km/h.
 */
class ImpossibleTravelDetectorTest {

    private static SignIns london(String id, String at) {
        return signIn(id).at(at).located(51.5074, -0.1278, null, "London", "GB").withMfa(MethodClass.PUSH, "push");
    }

    private static SignIns newYork(String id, String at) {
        return signIn(id).at(at).located(40.7128, -74.0060, null, "New York", "US").withMfa(MethodClass.PUSH, "push");
    }

    private static SignIns paris(String id, String at) {
        return signIn(id).at(at).located(48.8566, 2.3522, null, "Paris", "FR").withMfa(MethodClass.PUSH, "push");
    }

    /** Runs the events in order through one detector, threading the state as the engine does. */
    private static final class Run {
        final ImpossibleTravelDetector detector;
        TravelHistory state;
        final List<Finding> findings = new ArrayList<>();

        Run(RuleSettings settings) {
            detector = new ImpossibleTravelDetector(settings);
        }

        Run() {
            this(RuleDefaults.DEFAULTS);
        }

        Run feed(SignInEvent e, InventoryFacts inv, ExceptionEntry... entries) {
            Step<TravelHistory> s = detector.step(DetectionContext.of(e, List.of(entries), inv, MfaPolicy.DEFAULT), state);
            state = s.state();
            s.finding().ifPresent(findings::add);
            return this;
        }

        Run feed(SignInEvent e) {
            return feed(e, null);
        }
    }

    @Test
    void haversineLondonNewYorkIs5570Km() {
        assertThat(GreatCircle.distanceKm(51.5074, -0.1278, 40.7128, -74.0060)).isCloseTo(5570, within(5.0));
        assertThat(GreatCircle.distanceKm(51.5074, -0.1278, 48.8566, 2.3522)).isCloseTo(344, within(2.0));
    }

    @Test
    void londonThenNewYorkTwoHoursLaterFires_2785KmH_medium() {
        Run r = new Run().feed(london("lon", "2026-11-23T08:00:00Z").build()).feed(newYork("nyc", "2026-11-23T10:00:00Z").build());
        assertThat(r.findings).hasSize(1);
        Finding f = r.findings.get(0);
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(Long.parseLong(f.details().get("distanceKm"))).isBetween(5565L, 5575L);
        assertThat(Long.parseLong(f.details().get("speedKmh"))).isBetween(2782L, 2788L);
        assertThat(f.details()).containsEntry("fromTime", "2026-11-23T08:00:00Z").containsEntry("toTime", "2026-11-23T10:00:00Z")
                .containsEntry("fromCountry", "GB").containsEntry("toCountry", "US").containsEntry("hours", "2.00")
                .containsEntry("privileged", "unknown");
        assertThat(f.summary()).contains("alice@example.com").contains("km/h");
    }

    @Test
    void londonNewYorkEightHoursApartIsPlausible_696KmH() {
        Run r = new Run().feed(london("lon", "2026-11-23T08:00:00Z").build()).feed(newYork("nyc", "2026-11-23T16:00:00Z").build());
        assertThat(r.findings).isEmpty();
    }

    @Test
    void londonParisIsBelowTheMinimumDistanceEvenInTenMinutes() {
        // 344 km in 10 min is 2,064 km/h but under the 500 km floor: Geo-IP noise, not travel.
        Run r = new Run().feed(london("lon", "2026-11-23T08:00:00Z").build()).feed(paris("par", "2026-11-23T08:10:00Z").build());
        assertThat(r.findings).isEmpty();
    }

    @Test
    void accuracyRadiiMakeAPairPlausible() {
        // Berlin (52.52, 13.405) to Warsaw (52.2297, 21.0122) is 517 km; in 20 min that would be 1,551 km/h.
        SignInEvent berlin = signIn("ber").at("2026-11-23T08:00:00Z").located(52.52, 13.405, 25.0, "Berlin", "DE").build();
        SignInEvent warsaw = signIn("waw").at("2026-11-23T08:20:00Z").located(52.2297, 21.0122, 25.0, "Warsaw", "PL").build();
        // With 25 km radii on both ends: 517 - 50 = 467 km < 500 km: quiet.
        assertThat(new Run().feed(berlin).feed(warsaw).findings).isEmpty();
        // Without radii it fires.
        SignInEvent berlinExact = signIn("ber2").at("2026-11-23T08:00:00Z").located(52.52, 13.405, null, "Berlin", "DE").build();
        SignInEvent warsawExact = signIn("waw2").at("2026-11-23T08:20:00Z").located(52.2297, 21.0122, null, "Warsaw", "PL").build();
        List<Finding> f = new Run().feed(berlinExact).feed(warsawExact).findings;
        assertThat(f).hasSize(1);
        assertThat(Long.parseLong(f.get(0).details().get("distanceKm"))).isBetween(514L, 520L);
    }

    @Test
    void vpnEgressNonInteractiveAndCoordinateLessSignInsAreNeverAnchors() {
        // Parsing MFAWATCH_TRAVEL_EGRESS_CIDRS is DetectionSettingsTest's (detector-app).
        RuleSettings egress = RuleDefaults.DEFAULTS.withTravelEgressNetworks(
                List.of(Cidr.parse("198.51.100.0/24"), Cidr.parse("2001:db8:ffff::/48")));
        Run r = new Run(egress)
                .feed(london("lon", "2026-11-23T08:00:00Z").build())
                .feed(newYork("vpn", "2026-11-23T08:30:00Z").ip("198.51.100.20").build())
                .feed(newYork("refresh", "2026-11-23T08:40:00Z").nonInteractive().build())
                .feed(signIn("nocoords").at("2026-11-23T08:50:00Z").located(null, null, null, null, "US").build());
        assertThat(r.findings).isEmpty();
        assertThat(r.state.anchors()).hasSize(1);
        // The next real New York sign-in is compared with London.
        r.feed(newYork("nyc", "2026-11-23T09:00:00Z").build());
        assertThat(r.findings).hasSize(1);
        assertThat(r.findings.get(0).details()).containsEntry("fromTime", "2026-11-23T08:00:00Z");
    }

    @Test
    void aLateEventWithinGraceIsComparedWithItsTrueNeighbours() {
        // London 08:00 and London 12:00 arrive first; a New York sign-in at 10:00 arrives after them. It is
        // 2 h behind the principal's newest anchor, beyond the 10 min grace: ignored, not compared.
        Run ignored = new Run().feed(london("l1", "2026-11-23T08:00:00Z").build()).feed(london("l2", "2026-11-23T12:00:00Z").build())
                .feed(newYork("late", "2026-11-23T10:00:00Z").build());
        assertThat(ignored.findings).isEmpty();

        // London 08:00, then New York at 13:00 (5 h: 1,114 km/h, fires), then a Paris sign-in at 12:55 arriving
        // late (5 min behind, within grace): its true neighbours are London 08:00 (344 km, too close) and
        // New York 13:00: 5,837 km in 5 min.
        Run r = new Run().feed(london("l1", "2026-11-23T08:00:00Z").build())
                .feed(newYork("nyc", "2026-11-23T13:00:00Z").build());
        assertThat(r.findings).hasSize(1);
        assertThat(Long.parseLong(r.findings.get(0).details().get("speedKmh"))).isBetween(1112L, 1116L);
        r.feed(paris("par-late", "2026-11-23T12:55:00Z").build());
        assertThat(r.findings).hasSize(2);
        Finding late = r.findings.get(1);
        assertThat(late.details()).containsEntry("fromTime", "2026-11-23T12:55:00Z").containsEntry("toTime", "2026-11-23T13:00:00Z")
                .containsEntry("fromCountry", "FR").containsEntry("toCountry", "US").containsEntry("lateEvent", "true");
        assertThat(Long.parseLong(late.details().get("distanceKm"))).isBetween(5830L, 5845L);
        // 5,837 km in 1/12 h = 70,044 km/h
        assertThat(Long.parseLong(late.details().get("speedKmh"))).isBetween(69_950L, 70_150L);
        assertThat(r.state.anchors()).extracting(TravelHistory.Anchor::timeMs).containsExactly(
                Instant.parse("2026-11-23T08:00:00Z").toEpochMilli(), Instant.parse("2026-11-23T12:55:00Z").toEpochMilli(),
                Instant.parse("2026-11-23T13:00:00Z").toEpochMilli());
    }

    @Test
    void highWhenPrivilegedOrCoveredByAnException() {
        Run privileged = new Run().feed(london("lon", "2026-11-23T08:00:00Z").build())
                .feed(newYork("nyc", "2026-11-23T10:00:00Z").build(), new InventoryFacts(true, false, List.of()));
        assertThat(privileged.findings.get(0).severity()).isEqualTo(Severity.HIGH);
        ExceptionEntry exc = entry("EXC-2026-0700").active("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z").build();
        Run covered = new Run().feed(london("lon", "2026-11-23T08:00:00Z").build())
                .feed(newYork("nyc", "2026-11-23T10:00:00Z").build(), null, exc);
        assertThat(covered.findings.get(0).severity()).isEqualTo(Severity.HIGH);
        assertThat(covered.findings.get(0).exception()).isEqualTo(exc);
    }

    @Test
    void historyIsBoundedInCountAndAge_andAReplayChangesNothing() {
        Run r = new Run();
        for (int i = 0; i < 10; i++) {
            r.feed(london("l" + i, Instant.parse("2026-11-23T00:00:00Z").plusSeconds(3600L * i).toString()).build());
        }
        assertThat(r.state.anchors()).hasSize(4);
        SignInEvent last = london("l9", "2026-11-23T09:00:00Z").build();
        r.feed(last);
        assertThat(r.state.anchors()).hasSize(4);
        assertThat(r.findings).isEmpty();
        assertThat(r.detector.expire(r.state, Instant.parse("2026-11-24T08:00:00Z")).anchors()).hasSize(2);
        assertThat(r.detector.expire(r.state, Instant.parse("2026-11-25T00:00:00Z"))).isNull();
        byte[] bytes = TravelHistory.CODEC.encode(r.state);
        assertThat(bytes).hasSize(2 + 4 * 20);
        assertThat(TravelHistory.CODEC.decode(bytes)).isEqualTo(r.state);
    }
}
