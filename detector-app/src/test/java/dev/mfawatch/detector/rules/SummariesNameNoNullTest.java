package dev.mfawatch.detector.rules;

import static dev.mfawatch.detector.fixtures.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.alerting.AlertFactory;
import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.detector.changes.ChangeAlerts;
import dev.mfawatch.detector.changes.ChangeContext;
import dev.mfawatch.detector.changes.ChangeDetector;
import dev.mfawatch.detector.changes.ChangeDetectors;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.directory.PolicyRef;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.NetworkInfo;
import dev.mfawatch.model.signin.PrincipalRef;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every detector, made to fire on events that carry nothing optional (no IP, country, city,
 * coordinates' place names, app, protocol, user agent, device, session, actor, policy name, token
 * type, …): no summary and no detail value reads "null". A detector missing from the scenarios
 * below fails the test, so a new rule has to join it.
 */
class SummariesNameNoNullTest {

    private static final Pattern NULL_WORD = Pattern.compile("(?i)\\bnull\\b");
    private static final DetectorConfig CONFIG = DetectorConfig.from(Map.of());
    private static final String WHO = "alice@example.com";
    private static final Instant AT = Instant.parse("2026-11-23T09:00:00Z");

    static Stream<Detector> detectors() {
        return Detectors.all(CONFIG).stream();
    }

    static Stream<ChangeDetector> changeDetectors() {
        return ChangeDetectors.all(CONFIG).stream();
    }

    /** A sign-in of {@link #WHO} with only the required fields, plus the MFA facts and coordinates given. */
    private static SignInEvent bare(String id, Instant at, SignInResult result, MfaInfo mfa, Double lat, Double lon) {
        return new SignInEvent(id, "okta", at, new PrincipalRef(WHO, List.of(), null), null, null, result, null, null,
                mfa, new NetworkInfo(null, null, null, lat, lon, null), null, null, null, null);
    }

    private static SignInEvent bare(String id, Instant at) {
        return bare(id, at, SignInResult.SUCCESS, null, null, null);
    }

    /** Feeds the events in order as the engine does, threading the state; returns each finding's alert. */
    private static <S> List<Alert> run(StatefulDetector<S> d, List<ExceptionEntry> entries, List<Object> events) {
        List<Alert> out = new ArrayList<>();
        S state = null;
        for (Object o : events) {
            StatefulDetector.Step<S> step;
            if (o instanceof SignInEvent e) {
                step = d.step(DetectionContext.of(e, entries, MfaPolicy.DEFAULT), state);
                step.finding().ifPresent(f -> out.add(AlertFactory.create(d.metadata(), f, e, e.time())));
            } else {
                DirectoryChange c = (DirectoryChange) o;
                step = d.onChange(TargetedChange.bare(WHO, c), state);
                step.finding().ifPresent(f -> out.add(AlertFactory.create(d.metadata(), f, WHO, c, c.time())));
            }
            state = step.state();
        }
        if (state != null) {
            S last = state;
            d.due(WHO, last, AT.plusSeconds(7 * 86_400)).ifPresent(due ->
                    out.add(AlertFactory.createFollowUp(d.metadata(), due.finding(), WHO, due.at())));
        }
        return out;
    }

    private static List<Alert> fire(Detector d) {
        String id = d.metadata().id();
        MfaInfo oathFailure = new MfaInfo(null, false, null, MethodClass.OTP, MfaResult.CODE_INCORRECT, null, null);
        DirectoryChange ticketlessFactorChange = new DirectoryChange("chg-1", "okta", AT, null,
                ChangeOperation.FACTOR_RESET, List.of(WHO), null, null, Map.of(), null);
        return switch (id) {
            case "MFA_NOT_SATISFIED", "EXPIRED_EXCEPTION_USED", "EXCEPTION_SCOPE_VIOLATION" -> {
                ExceptionEntry e = switch (id) {
                    case "EXPIRED_EXCEPTION_USED" -> entry("EXC-A").active("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z")
                            .build();
                    case "EXCEPTION_SCOPE_VIOLATION" -> entry("EXC-S").countries("FR").networks("198.51.100.0/24")
                            .protocols("IMAP").apps("Payroll").build();
                    default -> null;
                };
                SignInEvent s = bare("s-1", AT);
                yield d.detect(DetectionContext.of(s, e == null ? List.of() : List.of(e), MfaPolicy.DEFAULT))
                        .map(f -> List.of(AlertFactory.create(d.metadata(), f, s, AT))).orElse(List.of());
            }
            case "BREAK_GLASS_SIGNIN" -> {
                ExceptionEntry bg = entry("EXC-BG").category(ExceptionCategory.BREAK_GLASS).build();
                ExceptionEntry drill = entry("EXC-DR").category(ExceptionCategory.TESTING)
                        .active("2026-11-23T10:00:00Z", "2026-11-23T12:00:00Z").build();
                List<Alert> out = new ArrayList<>(run((StatefulDetector<?>) d, List.of(bg), List.of(bare("s-1", AT))));
                out.addAll(run((StatefulDetector<?>) d, List.of(bg, drill), List.of(bare("s-2", AT.plusSeconds(3600)))));
                yield out;
            }
            // 840 km (London to Paris is 344 km: use London to Berlin, 930 km) within 30 min.
            case "IMPOSSIBLE_TRAVEL" -> run((StatefulDetector<?>) d, List.of(), List.of(
                    bare("s-1", AT, SignInResult.SUCCESS, null, 51.5074, -0.1278),
                    bare("s-2", AT.plusSeconds(1800), SignInResult.SUCCESS, null, 52.52, 13.405)));
            case "OATH_DESYNC" -> run((StatefulDetector<?>) d, List.of(), List.of(
                    bare("o-1", AT, SignInResult.FAILURE, oathFailure, null, null),
                    bare("o-2", AT.plusSeconds(60), SignInResult.FAILURE, oathFailure, null, null),
                    bare("o-3", AT.plusSeconds(120), SignInResult.FAILURE, oathFailure, null, null)));
            case "FACTOR_SWAP" -> run((StatefulDetector<?>) d, List.of(), List.of(ticketlessFactorChange,
                    bare("s-1", AT.plusSeconds(600), SignInResult.SUCCESS,
                            new MfaInfo(null, true, null, MethodClass.OTP, null, null, null), null, null)));
            // Resets by an admin the record does not name (no actor, no correlation id): three in a day, then a new factor.
            case "MFA_RESET_ABUSE" -> run((StatefulDetector<?>) d, List.of(), List.of(
                    adminReset("chg-r1", AT), adminReset("chg-r2", AT.plusSeconds(3600)), adminReset("chg-r3", AT.plusSeconds(7200)),
                    new DirectoryChange("chg-reg", "okta", AT.plusSeconds(7260), null, ChangeOperation.FACTOR_REGISTERED,
                            List.of(WHO), null, null, Map.of(), null)));
            case "MFA_FATIGUE" -> {
                MfaInfo denied = new MfaInfo(null, false, null, MethodClass.PUSH, MfaResult.DENIED, null, null);
                List<Object> events = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    events.add(bare("p-" + i, AT.plusSeconds(30L * i), SignInResult.FAILURE, denied, null, null));
                }
                events.add(bare("ok", AT.plusSeconds(300), SignInResult.SUCCESS,
                        new MfaInfo(null, true, null, MethodClass.PUSH, MfaResult.SUCCESS, null, null), null, null));
                yield run((StatefulDetector<?>) d, List.of(), events);
            }
            case "RECOVERY_CODE_USED" -> run((StatefulDetector<?>) d, List.of(), List.of(
                    new DirectoryChange("chg-tap", "entra-audit", AT, null, ChangeOperation.TEMPORARY_ACCESS_PASS_ISSUED,
                            List.of(WHO), null, null, Map.of(), null),
                    bare("r-1", AT.plusSeconds(60), SignInResult.SUCCESS,
                            new MfaInfo(null, true, null, MethodClass.RECOVERY_CODE, MfaResult.SUCCESS, null, null), null, null)));
            // Known to have no method (the inventory states none), no register entry, one bare success.
            case "NO_MFA_REGISTERED" -> {
                SignInEvent s = bare("s-1", AT);
                yield d.detect(DetectionContext.of(s, List.of(), new InventoryFacts(false, false, List.of()), MfaPolicy.DEFAULT))
                        .map(f -> List.of(AlertFactory.create(d.metadata(), f, s, AT))).orElse(List.of());
            }
            default -> throw new AssertionError("no null-fields scenario for " + id + ": add one");
        };
    }

    private static DirectoryChange adminReset(String id, Instant at) {
        return new DirectoryChange(id, "okta", at, null, ChangeOperation.FACTOR_RESET, List.of(WHO), null, null,
                Map.of("performedBy", "ADMIN"), null);
    }

    private static void assertNoNull(List<Alert> alerts) {
        for (Alert a : alerts) {
            assertThat(a.summary()).as(a.rule() + " summary").doesNotContainPattern(NULL_WORD);
            a.details().forEach((k, v) -> assertThat(v).as(a.rule() + " detail " + k).isNotNull()
                    .doesNotContainPattern(NULL_WORD));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void summaryOfASignInWithNothingOptionalNamesNoNull(Detector detector) {
        List<Alert> alerts = fire(detector);
        assertThat(alerts).as(detector.metadata().id() + " fires in its scenario").isNotEmpty();
        assertNoNull(alerts);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changeDetectors")
    void summaryOfAChangeWithNothingOptionalNamesNoNull(ChangeDetector detector) {
        List<Alert> alerts = new ArrayList<>();
        // No actor, a policy with neither id nor name, no details, no ticket; one with a target, one org-wide.
        for (String target : new String[] {WHO, null}) {
            DirectoryChange c = new DirectoryChange("chg-" + target, "entra-audit", AT, null,
                    ChangeOperation.EXCLUSION_ADDED, target == null ? List.of() : List.of(target),
                    new PolicyRef(null, null), null, Map.of(), null);
            detector.detect(new ChangeContext(c, target, List.of())).ifPresent(f ->
                    alerts.add(ChangeAlerts.create(detector.metadata(), f, c, target, AT)));
            DirectoryChange disabled = new DirectoryChange("chg-d-" + target, "okta", AT, null,
                    ChangeOperation.MFA_DISABLED, target == null ? List.of() : List.of(target), null, null, Map.of(), null);
            detector.detect(new ChangeContext(disabled, target, List.of(entry("EXC-N").status(null).build())))
                    .ifPresent(f -> alerts.add(ChangeAlerts.create(detector.metadata(), f, disabled, target, AT)));
        }
        assertThat(alerts).as(detector.metadata().id() + " fires in its scenario").isNotEmpty();
        assertNoNull(alerts);
    }
}
