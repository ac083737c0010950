package dev.mfawatch.cli.report;

import static dev.mfawatch.cli.report.Fixtures.entry;
import static dev.mfawatch.cli.report.Fixtures.history;
import static dev.mfawatch.cli.report.Fixtures.t;
import static dev.mfawatch.model.register.ExceptionCategory.ACCESSIBILITY;
import static dev.mfawatch.model.register.ExceptionCategory.ADMIN_EXCLUSION;
import static dev.mfawatch.model.register.ExceptionCategory.BREAK_GLASS;
import static dev.mfawatch.model.register.ExceptionCategory.ENROLLMENT_PENDING;
import static dev.mfawatch.model.register.ExceptionCategory.LEGACY_PROTOCOL;
import static dev.mfawatch.model.register.ExceptionCategory.SERVICE_ACCOUNT;
import static dev.mfawatch.model.register.ExceptionStatus.ACTIVE;
import static dev.mfawatch.model.register.ExceptionStatus.APPROVED;
import static dev.mfawatch.model.register.ExceptionStatus.CLOSED;
import static dev.mfawatch.model.register.ExceptionStatus.REQUESTED;
import static dev.mfawatch.model.register.ExceptionStatus.REVOKED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.register.ExceptionEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The key indicators over a six-entry register and the period November 2026. Each expected value
 * is worked out by hand in the comments from the entries' dates.
 */
class KpisTest {

    // In force 2026-10-01 → 2026-12-30 (90 days); reviewed 11-05, cadence 30: due 12-05, judged at 12-01: on time.
    static final ExceptionEntry A = entry("A", BREAK_GLASS, ACTIVE, "2026-09-25", "2026-10-01", "2026-12-30", 30,
            "2026-11-05", List.of("FIDO2 key in the safe"));
    // In force 2026-10-02 → 2026-10-22 (20 days): over before November, so not judged for reviews. No controls.
    static final ExceptionEntry B = entry("B", LEGACY_PROTOCOL, ACTIVE, "2026-10-01", "2026-10-02", "2026-10-22", 30,
            null, List.of());
    // In force 2026-10-25 → revoked 11-10 (16 days). Never reviewed, ADMIN_EXCLUSION default cadence 7: due 11-01,
    // judged at its end 11-10: late. Request 10-20 → revocation 11-10: 21 days to closure.
    static final ExceptionEntry C = entry("C", ADMIN_EXCLUSION, REVOKED, "2026-10-20", "2026-10-25", "2026-11-30", null,
            null, List.of("PAW only"), history("2026-11-10T00:00:00Z", "REVOKED"));
    // Requested, never approved: no lifetime, not in the controls denominator (although it lists one).
    static final ExceptionEntry D = entry("D", SERVICE_ACCOUNT, REQUESTED, "2026-11-15", "2026-11-20", "2027-02-20", 30,
            null, List.of("backup VLAN only"));
    // In force 2026-11-02 → closed 11-12 (10 days). Never reviewed, cadence 14: due 11-16, judged at 11-12: on time.
    // Request 11-01 → closure 11-12: 11 days.
    static final ExceptionEntry E = entry("E", ENROLLMENT_PENDING, CLOSED, "2026-11-01", "2026-11-02", "2026-11-16", 14,
            null, List.of(), history("2026-11-12T00:00:00Z", "CLOSED"), history("2026-11-20T00:00:00Z", "CLOSED again"));
    // In force 2026-11-25 → 2027-02-23 (90 days). Never reviewed, cadence 30: due 12-25: on time.
    static final ExceptionEntry F = entry("F", ACCESSIBILITY, APPROVED, "2026-11-20", "2026-11-25", "2027-02-23", 30,
            null, List.of("UK only"));

    static final List<ExceptionEntry> REGISTER = List.of(A, B, C, D, E, F);

    private final Kpis k = Kpis.of(REGISTER, t("2026-11-01"), t("2026-12-01"));

    @Test
    void countsByCategoryStatusAndLifecycleAtTheEnd() {
        assertThat(k.entries()).isEqualTo(6);
        assertThat(k.byCategory()).containsOnlyKeys("ACCESSIBILITY", "ADMIN_EXCLUSION", "BREAK_GLASS",
                "ENROLLMENT_PENDING", "LEGACY_PROTOCOL", "SERVICE_ACCOUNT").allSatisfy((c, n) -> assertThat(n).isOne());
        assertThat(k.byStatus()).isEqualTo(Map.of("ACTIVE", 2L, "APPROVED", 1L, "CLOSED", 1L, "REQUESTED", 1L,
                "REVOKED", 1L));
        // On 2026-11-30 23:59: A and F in force; B (status ACTIVE but past expiry) and E (closed, past expiry)
        // expired; C revoked; D never approved.
        assertThat(k.byLifecycleAtEnd()).isEqualTo(Map.of("IN_FORCE", 2L, "EXPIRED", 2L, "REVOKED", 1L,
                "NOT_APPROVED", 1L));
    }

    @Test
    void medianDurationIsTheMiddleLifetime() {
        // Lifetimes: A 90, B 20, C 16, E 10, F 90 days; sorted 10, 16, 20, 90, 90: the middle one is 20.
        assertThat(k.durations()).isEqualTo(5);
        assertThat(k.medianDuration()).isEqualTo(Duration.ofDays(20));
    }

    @Test
    void controlsShareIsOverApprovedEntries() {
        // Approved (not REQUESTED): A B C E F; with controls: A C F.
        assertThat(k.approved()).isEqualTo(5);
        assertThat(k.withControls()).isEqualTo(3);
        assertThat(k.controlsShare()).isEqualTo(0.6);
    }

    @Test
    void reviewAdherenceIsOverEntriesInForceInThePeriod() {
        // In force at some time in November: A C E F; on time: A E F.
        assertThat(k.reviewSubjects()).isEqualTo(4);
        assertThat(k.reviewedInCadence()).isEqualTo(3);
        assertThat(k.reviewAdherence()).isEqualTo(0.75);
    }

    @Test
    void timeToClosureRunsFromRequestToTheFirstClosingLine() {
        // C 21 days, E 11 days (its first CLOSED line, not the later one): median of two = their mean, 16 days.
        assertThat(k.closed()).isEqualTo(2);
        assertThat(k.medianTimeToClosure()).isEqualTo(Duration.ofDays(16));
    }

    @Test
    void anEmptyRegisterHasNoMediansOrShares() {
        Kpis none = Kpis.of(List.of(), t("2026-11-01"), t("2026-12-01"));
        assertThat(none.medianDuration()).isNull();
        assertThat(none.medianTimeToClosure()).isNull();
        assertThat(none.controlsShare()).isNull();
        assertThat(none.reviewAdherence()).isNull();
    }

    @Test
    void lifetimeEndsAtTheEarlierOfExpiryAndClosure() {
        // Closed after expiry: the expiry ends it.
        ExceptionEntry late = entry("L", LEGACY_PROTOCOL, CLOSED, "2026-10-01", "2026-10-01", "2026-10-11", 30, null,
                List.of(), history("2026-10-20T00:00:00Z", "CLOSED"));
        assertThat(Lifetime.of(late)).contains(new Lifetime(t("2026-10-01"), t("2026-10-11")));
        // Revoked without a dated line: never in force (the detector treats it as revoked from activation).
        ExceptionEntry undated = entry("U", LEGACY_PROTOCOL, REVOKED, "2026-10-01", "2026-10-01", "2026-10-11", 30, null,
                List.of());
        assertThat(Lifetime.of(undated)).isEmpty();
        assertThat(Lifetime.of(D)).isEmpty();
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Kpis.median(List.of(Duration.ofHours(5), Duration.ofHours(1), Duration.ofHours(3))))
                .isEqualTo(Duration.ofHours(3));
        assertThat(Kpis.median(List.of(Duration.ofHours(4), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(9))))
                .isEqualTo(Duration.ofHours(3));
    }
}
