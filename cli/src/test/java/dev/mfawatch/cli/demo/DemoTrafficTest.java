package dev.mfawatch.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTrafficTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    private static List<SignInEvent> run(DemoTraffic t, Duration length, Duration step) {
        List<SignInEvent> all = new ArrayList<>();
        for (Instant now = START; now.isBefore(START.plus(length)); now = now.plus(step)) {
            all.addAll(t.next(now));
        }
        return all;
    }

    private static long mfaLess(List<SignInEvent> events) {
        return events.stream().filter(e -> e.result() == SignInResult.SUCCESS && !e.mfa().satisfied()).count();
    }

    @Test
    void eachScriptedCaseAppearsOncePerCycle() {
        DemoTraffic t = new DemoTraffic(1, START);
        // One tick per 200 ms over two full cycles.
        List<SignInEvent> events = run(t, DemoTraffic.CYCLE.multipliedBy(2), Duration.ofMillis(200));
        int ticks = (int) (DemoTraffic.CYCLE.multipliedBy(2).toMillis() / 200);
        // Twenty-four scripted cases, each once per cycle, on top of one ordinary event per tick: the nine
        // register cases, a break-glass attempt, a travel pair, three OATH failures, the reset user's two
        // sign-ins, five refused pushes and the push the user then accepts, and a Temporary Access Pass sign-in.
        assertThat(events).hasSize(ticks + 2 * 24);
        // Only the nine register cases succeed without MFA: ordinary users always complete it, the
        // break-glass and OATH cases fail and the travellers use MFA.
        assertThat(mfaLess(events)).isEqualTo(2 * 9);
        assertThat(events.stream().filter(e -> e.principal().id().equals("mallory.contractor@northwind.example")))
                .hasSize(2);
    }

    @Test
    void scriptedCasesComeEvenWhenTicksAreCoarse() {
        // A slow machine ticking every 5 s still emits every case of the cycle.
        List<SignInEvent> events = run(new DemoTraffic(1, START), DemoTraffic.CYCLE, Duration.ofSeconds(5));
        assertThat(mfaLess(events)).isEqualTo(9);
    }

    @Test
    void statefulCases_breakGlassTravelPairAndOathBurst() {
        List<SignInEvent> events = run(new DemoTraffic(1, START), DemoTraffic.CYCLE, Duration.ofSeconds(1));
        assertThat(events).filteredOn(e -> e.principal().id().equals("bg-admin-01@northwind.example"))
                .singleElement().satisfies(e -> assertThat(e.result()).isEqualTo(SignInResult.FAILURE));
        assertThat(events).filteredOn(e -> e.principal().id().equals("riley.travel@northwind.example"))
                .extracting(e -> e.network().city()).containsExactly("London", "New York");
        assertThat(events).filteredOn(e -> e.principal().id().equals("avery.token@northwind.example"))
                .hasSize(3).allSatisfy(e -> assertThat(e.mfa().result()).isEqualTo(dev.mfawatch.model.signin.MfaResult.CODE_INCORRECT));
        // The helpdesk-reset user: at home before the reset (19.5 s), from another country after it.
        assertThat(events).filteredOn(e -> e.principal().id().equals("morgan.reset@northwind.example"))
                .extracting(e -> e.time().isBefore(START.plus(DemoTraffic.FACTOR_RESET_AT)), e -> e.network().country())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(true, "GB"), org.assertj.core.groups.Tuple.tuple(false, "NL"));
        assertThat(events).filteredOn(e -> e.principal().id().equals("jordan.push@northwind.example"))
                .extracting(e -> e.result(), e -> e.mfa().result()).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SignInResult.FAILURE, dev.mfawatch.model.signin.MfaResult.DENIED),
                        org.assertj.core.groups.Tuple.tuple(SignInResult.FAILURE, dev.mfawatch.model.signin.MfaResult.DENIED),
                        org.assertj.core.groups.Tuple.tuple(SignInResult.FAILURE, dev.mfawatch.model.signin.MfaResult.TIMEOUT),
                        org.assertj.core.groups.Tuple.tuple(SignInResult.FAILURE, dev.mfawatch.model.signin.MfaResult.DENIED),
                        org.assertj.core.groups.Tuple.tuple(SignInResult.FAILURE, dev.mfawatch.model.signin.MfaResult.DENIED),
                        org.assertj.core.groups.Tuple.tuple(SignInResult.SUCCESS, dev.mfawatch.model.signin.MfaResult.SUCCESS));
        assertThat(events).filteredOn(e -> e.principal().id().equals("taylor.tap@northwind.example"))
                .singleElement().satisfies(e -> assertThat(e.mfa().methodClass())
                        .isEqualTo(dev.mfawatch.model.signin.MethodClass.TEMPORARY_PASS));
    }

    @Test
    void oneTicketlessFactorResetTwoExclusionsAndATicketedRegistrationPerCycle() {
        DemoTraffic t = new DemoTraffic(1, START);
        List<dev.mfawatch.model.directory.DirectoryChange> changes = new java.util.ArrayList<>();
        for (Instant now = START; now.isBefore(START.plus(DemoTraffic.CYCLE.multipliedBy(2))); now = now.plusMillis(500)) {
            changes.addAll(t.changes(now));
        }
        var reset = org.assertj.core.groups.Tuple.tuple(dev.mfawatch.model.directory.ChangeOperation.FACTOR_RESET,
                "morgan.reset@northwind.example", null);
        var scanner = org.assertj.core.groups.Tuple.tuple(dev.mfawatch.model.directory.ChangeOperation.EXCLUSION_ADDED,
                "svc-scanner@northwind.example", null);
        var contractor = org.assertj.core.groups.Tuple.tuple(dev.mfawatch.model.directory.ChangeOperation.EXCLUSION_ADDED,
                "mallory.contractor@northwind.example", null);
        var joiner = org.assertj.core.groups.Tuple.tuple(dev.mfawatch.model.directory.ChangeOperation.FACTOR_REGISTERED,
                "lee.joiner@northwind.example", "REQ-9952");
        assertThat(changes).extracting(c -> c.operation(), c -> c.targets().get(0), c -> c.ticket())
                .containsExactly(reset, scanner, contractor, joiner, reset, scanner, contractor, joiner);
        // The joiner registers a factor for themselves: no one else's reset.
        assertThat(changes).filteredOn(c -> c.operation() == dev.mfawatch.model.directory.ChangeOperation.FACTOR_REGISTERED)
                .allSatisfy(c -> assertThat(c.actor().id()).isEqualTo("lee.joiner@northwind.example"));
        assertThat(changes.get(0).time()).isEqualTo(START.plus(DemoTraffic.FACTOR_RESET_AT));
    }

    @Test
    void newHireCarriesTheObjectIdAsAlias() {
        List<SignInEvent> events = run(new DemoTraffic(1, START), Duration.ofSeconds(11), Duration.ofMillis(500));
        assertThat(events).filteredOn(e -> e.principal().id().equals("dana.new@northwind.example"))
                .singleElement()
                .satisfies(e -> assertThat(e.principal().aliases()).containsExactly("3f2c9a70-1b6e-4d2a-9c31-5e8f0a7d4b12"));
    }
}
