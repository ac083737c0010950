package dev.mfawatch.detector.resets;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.factors.FactorSwapDetector;
import dev.mfawatch.detector.factors.FactorHistory;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.MfaPolicy;
import dev.mfawatch.detector.rules.StatefulDetector.Step;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.ClientInfo;
import dev.mfawatch.model.signin.DeviceInfo;
import dev.mfawatch.model.signin.SignInEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MfaResetAbuseDetectorTest {

    static final String ALICE = "alice@example.com";
    static final String HELPDESK = "helpdesk-7@example.com";
    static final String CHROME_120 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0.6099.71 Safari/537.36";
    static final String CHROME_121 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/121.0.6167.85 Safari/537.36";
    static final String LINUX_FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";

    private final ResetSettings settings = ResetSettings.DEFAULTS.withExemptActors(List.of("svc-onboarding@example.com", "sailpoint-*"));
    private final MfaResetAbuseDetector detector = new MfaResetAbuseDetector(settings);
    private ResetState state;
    private final List<Finding> findings = new ArrayList<>();

    // ---- provider shapes, as docs/PROVIDERS.md says the normalizers write them ----

    static DirectoryChange change(String id, String source, String at, String actor, ChangeOperation op, String target,
                                  String... details) {
        Map<String, String> d = new LinkedHashMap<>();
        for (int i = 0; i < details.length; i += 2) {
            d.put(details[i], details[i + 1]);
        }
        return new DirectoryChange(id, source, Instant.parse(at), new Actor(actor, "USER"), op, List.of(target), null, null, d, null);
    }

    static DirectoryChange oktaResetAll(String id, String at, String actor, String target) {
        return change(id, "okta", at, actor, ChangeOperation.FACTOR_RESET, target, "eventType", "user.mfa.factor.reset_all",
                "resetScope", "all", "performedBy", "ADMIN");
    }

    static DirectoryChange oktaDeactivate(String id, String at, String actor, String target, String factor) {
        return change(id, "okta", at, actor, ChangeOperation.FACTOR_REMOVED, target, "eventType", "user.mfa.factor.deactivate",
                "factor", factor, "resetScope", "one", "performedBy", actor.equals(target) ? "SELF" : "ADMIN");
    }

    static DirectoryChange oktaSupportPasswordReset(String id, String at, String target) {
        return change(id, "okta", at, "system@okta.com", ChangeOperation.PASSWORD_RESET, target, "eventType",
                "user.account.reset_password", "performedBy", "SUPPORT", "supportActor", "true");
    }

    static DirectoryChange entraAdmin(String id, String at, ChangeOperation op, String activity, String target, String correlation) {
        return change(id, "entra", at, "admin@example.com", op, target, "activity", activity, "performedBy", "ADMIN",
                "correlationId", correlation, "methodAffected", "Microsoft Authenticator App");
    }

    static DirectoryChange entraPasswordReset(String id, String at, String activity, String service, String correlation) {
        return change(id, "entra", at, "admin@example.com", ChangeOperation.PASSWORD_RESET, ALICE, "action",
                "PASSWORD_RESET_BY_ADMIN", "activity", activity, "performedBy", "ADMIN", "loggedByService", service,
                "correlationId", correlation);
    }

    static DirectoryChange google2svDisable(String id, String at, String actor, String target) {
        return change(id, "google", at, actor, ChangeOperation.MFA_DISABLED, target, "eventName", "2sv_disable",
                "performedBy", actor.equals(target) ? "SELF" : "ADMIN");
    }

    static DirectoryChange awsDeactivate(String id, String at, String actorArn, String targetArn) {
        return change(id, "aws", at, actorArn, ChangeOperation.FACTOR_REMOVED, targetArn, "eventName", "DeactivateMFADevice",
                "performedBy", actorArn.equals(targetArn) ? "SELF" : "ADMIN", "resetScope", "one");
    }

    static SignInEvent signInFrom(String id, String at, String principal, String ip, String country, String device, String ua) {
        SignInEvent e = signIn(id).principal(principal).at(at).from(ip, country).build();
        return new SignInEvent(e.eventId(), e.source(), e.time(), e.principal(), e.app(), new ClientInfo(e.client().protocol(), ua,
                e.client().interactive()), e.result(), e.errorCode(), e.failureReason(), e.mfa(), e.network(),
                new DeviceInfo(device, true, true), e.sessionId(), e.correlationId(), e.raw());
    }

    private void feed(DirectoryChange c) {
        Step<ResetState> s = detector.onChange(c.targets().get(0), c, state == null ? null : detector.expire(state, c.time()));
        state = roundTrip(s.state());
        s.finding().ifPresent(findings::add);
    }

    private void feed(SignInEvent e) {
        Step<ResetState> s = detector.step(DetectionContext.of(e, List.of(), MfaPolicy.DEFAULT),
                state == null ? null : detector.expire(state, e.time()));
        state = roundTrip(s.state());
        s.finding().ifPresent(findings::add);
    }

    /** Every step goes through the codec, as in the store. */
    private static ResetState roundTrip(ResetState s) {
        if (s == null) {
            return null;
        }
        ResetState back = ResetState.CODEC.decode(ResetState.CODEC.encode(s));
        assertThat(back).isEqualTo(s);
        return back;
    }

    /** Alice's usual: Frankfurt office, her laptop, Chrome on Windows, a week of sign-ins. */
    private void usualWeek() {
        for (int day = 10; day <= 16; day++) {
            feed(signInFrom("usual-" + day, "2026-11-" + day + "T08:30:00Z", ALICE, "198.51.100." + (10 + day), "DE", "laptop-1", CHROME_120));
        }
    }

    private List<String> triggers() {
        return findings.stream().map(f -> f.details().get("trigger")).toList();
    }

    // ---- TAKEOVER_CHAIN ----

    @Test
    void oktaClassicResetAll_thenASignInFromANewCountryAndDevice_isATakeoverChain() {
        usualWeek();
        feed(oktaResetAll("r1", "2026-11-17T09:00:00Z", HELPDESK, ALICE));
        assertThat(findings).isEmpty();
        feed(signInFrom("s1", "2026-11-17T10:30:00Z", ALICE, "203.0.113.9", "BR", "pc-unknown", LINUX_FIREFOX));
        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.details()).containsEntry("trigger", "TAKEOVER_CHAIN").containsEntry("resetOperation", "FACTOR_RESET")
                .containsEntry("resetBy", HELPDESK).containsEntry("performedBy", "ADMIN").containsEntry("followedBy", "SIGN_IN")
                .containsEntry("minutesAfterReset", "90");
        assertThat(f.details().get("newSignals")).contains("COUNTRY=BR", "IP_PREFIX=203.0.113.0/24", "DEVICE", "USER_AGENT");
        // fired once: the next new sign-in does not repeat it
        feed(signInFrom("s2", "2026-11-17T10:40:00Z", ALICE, "192.0.2.1", "AR", "pc-other", LINUX_FIREFOX));
        assertThat(findings).hasSize(1);
    }

    @Test
    void theUsualPlaceDeviceAndBrowserAfterAReset_orANewSignInAfterTheWindow_doNotFire() {
        usualWeek();
        feed(oktaResetAll("r1", "2026-11-17T09:00:00Z", HELPDESK, ALICE));
        // same /24, same device, a newer Chrome: nothing new
        feed(signInFrom("s1", "2026-11-17T09:30:00Z", ALICE, "198.51.100.200", "DE", "laptop-1", CHROME_121));
        assertThat(findings).isEmpty();
        feed(signInFrom("s2", "2026-11-17T21:00:01Z", ALICE, "203.0.113.9", "BR", "pc-unknown", LINUX_FIREFOX));
        assertThat(findings).isEmpty(); // 12 h and a second after the reset
    }

    @Test
    void aResetWithoutHistory_isNotJudgedOnSignIns_butANewFactorStillFires() {
        feed(oktaResetAll("r1", "2026-11-17T09:00:00Z", HELPDESK, ALICE));
        feed(signInFrom("s1", "2026-11-17T09:30:00Z", ALICE, "203.0.113.9", "BR", "pc-unknown", LINUX_FIREFOX));
        assertThat(findings).isEmpty();
        feed(change("c2", "okta", "2026-11-17T09:31:00Z", ALICE, ChangeOperation.FACTOR_REGISTERED, ALICE,
                "eventType", "user.mfa.factor.activate", "factor", "SMS_FACTOR", "performedBy", "SELF"));
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).details()).containsEntry("trigger", "TAKEOVER_CHAIN").containsEntry("followedBy", "FACTOR_REGISTERED")
                .containsEntry("factor", "SMS_FACTOR").containsEntry("registeredBy", ALICE);
    }

    @Test
    void aSelfServiceReset_thenANewPlace_isNoChain() {
        usualWeek();
        feed(oktaDeactivate("r1", "2026-11-17T09:00:00Z", ALICE, ALICE, "OKTA_VERIFY_PUSH"));
        feed(google2svDisable("r2", "2026-11-17T09:01:00Z", ALICE, ALICE));
        feed(signInFrom("s1", "2026-11-17T10:00:00Z", ALICE, "203.0.113.9", "BR", "pc-unknown", LINUX_FIREFOX));
        assertThat(findings).isEmpty();
    }

    @Test
    void oktaSupportPasswordReset_thenANewDevice_isAChainNamingSupport() {
        usualWeek();
        feed(oktaSupportPasswordReset("r1", "2026-11-17T09:00:00Z", ALICE));
        feed(signInFrom("s1", "2026-11-17T09:20:00Z", ALICE, "198.51.100.20", "DE", "pc-unknown", CHROME_120));
        assertThat(findings).singleElement().satisfies(f -> assertThat(f.details())
                .containsEntry("resetOperation", "PASSWORD_RESET").containsEntry("performedBy", "SUPPORT")
                .containsEntry("resetBy", "system@okta.com").containsEntry("newSignals", "DEVICE"));
    }

    @Test
    void entraAdminDeletedSecurityInfo_thenAdminRegisteredSecurityInfo_isAChain() {
        feed(entraAdmin("r1", "2026-11-17T09:00:00Z", ChangeOperation.FACTOR_REMOVED, "Admin deleted security info", ALICE, "corr-1"));
        feed(entraAdmin("r2", "2026-11-17T09:02:00Z", ChangeOperation.FACTOR_REGISTERED, "Admin registered security info", ALICE, "corr-2"));
        assertThat(triggers()).containsExactly("TAKEOVER_CHAIN");
        assertThat(findings.get(0).details()).containsEntry("resetOperation", "FACTOR_REMOVED").containsEntry("factor",
                "Microsoft Authenticator App");
    }

    @Test
    void entraTemporaryAccessPassIssued_isAResetByAnAdmin_andAfterADeletionANewCredential() {
        // A pass issued by the helpdesk, then a sign-in from somewhere new: the pass was the reset.
        usualWeek();
        feed(change("t1", "entra", "2026-11-17T09:00:00Z", HELPDESK, ChangeOperation.TEMPORARY_ACCESS_PASS_ISSUED, ALICE,
                "activity", "Admin registered security info", "methodAffected", "temporary access pass", "performedBy", "ADMIN"));
        feed(signInFrom("s1", "2026-11-17T09:20:00Z", ALICE, "203.0.113.9", "BR", "pc-unknown", LINUX_FIREFOX));
        assertThat(findings).singleElement().satisfies(f -> assertThat(f.details()).containsEntry("trigger", "TAKEOVER_CHAIN")
                .containsEntry("resetOperation", "TEMPORARY_ACCESS_PASS_ISSUED").containsEntry("followedBy", "SIGN_IN"));
        assertThat(findings.get(0).summary()).contains("Temporary Access Pass issued by " + HELPDESK);
        // The methods deleted, then a pass issued: a new credential after a reset.
        findings.clear();
        feed(entraAdmin("r2", "2026-11-18T09:00:00Z", ChangeOperation.FACTOR_REMOVED, "Admin deleted security info", ALICE, "corr-9"));
        feed(change("t2", "entra", "2026-11-18T09:03:00Z", HELPDESK, ChangeOperation.TEMPORARY_ACCESS_PASS_ISSUED, ALICE,
                "activity", "Admin registered security info", "methodAffected", "temporary access pass", "performedBy", "ADMIN"));
        assertThat(findings).singleElement().satisfies(f -> assertThat(f.details()).containsEntry("trigger", "TAKEOVER_CHAIN")
                .containsEntry("followedBy", "TEMPORARY_ACCESS_PASS_ISSUED").containsEntry("factor", "temporary access pass"));
        assertThat(detector.acceptsActorChange(ALICE, change("t3", "entra", "2026-11-18T10:00:00Z", HELPDESK,
                ChangeOperation.TEMPORARY_ACCESS_PASS_ISSUED, ALICE, "performedBy", "ADMIN"))).isTrue();
    }

    @Test
    void googleAdmin2svDisable_thenNewCountry_isAChain_aSelfDisableIsNot() {
        usualWeek();
        feed(google2svDisable("r1", "2026-11-17T09:00:00Z", "it-admin@example.com", ALICE));
        feed(signInFrom("s1", "2026-11-17T11:00:00Z", ALICE, "198.51.100.20", "NG", "laptop-1", CHROME_120));
        assertThat(findings).singleElement().satisfies(f -> assertThat(f.details())
                .containsEntry("resetOperation", "MFA_DISABLED").containsEntry("newSignals", "COUNTRY=NG"));
        assertThat(findings.get(0).summary()).contains("MFA being turned off by it-admin@example.com");
    }

    @Test
    void awsDeactivateMfaDeviceByAnotherPrincipal_thenNewPrefix_isAChain_bySelfIsNot() {
        String bob = "arn:aws:iam::111122223333:user/bob";
        String admin = "arn:aws:iam::111122223333:user/ops-admin";
        for (int day = 10; day <= 16; day++) {
            feed(signInFrom("b" + day, "2026-11-" + day + "T08:00:00Z", bob, "198.51.100.7", "DE", null, CHROME_120));
        }
        feed(awsDeactivate("r-self", "2026-11-17T08:00:00Z", bob, bob));
        feed(signInFrom("b-new1", "2026-11-17T08:10:00Z", bob, "192.0.2.50", "DE", null, CHROME_120));
        assertThat(findings).isEmpty();
        feed(awsDeactivate("r-admin", "2026-11-17T09:00:00Z", admin, bob));
        feed(signInFrom("b-new2", "2026-11-17T09:10:00Z", bob, "203.0.113.50", "DE", null, CHROME_120));
        assertThat(findings).singleElement().satisfies(f -> assertThat(f.details())
                .containsEntry("resetBy", admin).containsEntry("newSignals", "IP_PREFIX=203.0.113.0/24"));
    }

    @Test
    void aFailedSignInFromANewPlaceIsNoChain() {
        usualWeek();
        feed(oktaResetAll("r1", "2026-11-17T09:00:00Z", HELPDESK, ALICE));
        feed(signIn("f1").principal(ALICE).at("2026-11-17T09:10:00Z").from("203.0.113.9", "BR")
                .result(dev.mfawatch.model.signin.SignInResult.FAILURE).build());
        assertThat(findings).isEmpty();
    }

    // ---- REPEATED_RESET ----

    @Test
    void threeResetsInADayAreRepeated_anOktaIdentityEngineRunCountsOnce() {
        // one IE reset: three deactivations by one actor within two minutes
        feed(oktaDeactivate("d1", "2026-11-17T09:00:00Z", HELPDESK, ALICE, "OKTA_VERIFY_PUSH"));
        feed(oktaDeactivate("d2", "2026-11-17T09:01:00Z", HELPDESK, ALICE, "SMS_FACTOR"));
        feed(oktaDeactivate("d3", "2026-11-17T09:02:00Z", HELPDESK, ALICE, "GOOGLE_OTP"));
        feed(oktaResetAll("r2", "2026-11-17T13:00:00Z", HELPDESK, ALICE));
        assertThat(triggers()).doesNotContain("REPEATED_RESET");
        feed(oktaSupportPasswordReset("r3", "2026-11-18T08:00:00Z", ALICE));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.details()).containsEntry("trigger", "REPEATED_RESET").containsEntry("resets", "3")
                    .containsEntry("firstReset", "2026-11-17T09:00:00Z");
        });
    }

    @Test
    void resetsSpreadOverMoreThanADayAreNotRepeated() {
        feed(oktaResetAll("r1", "2026-11-15T09:00:00Z", HELPDESK, ALICE));
        feed(oktaResetAll("r2", "2026-11-16T09:00:01Z", HELPDESK, ALICE));
        feed(oktaResetAll("r3", "2026-11-17T09:00:02Z", HELPDESK, ALICE));
        assertThat(triggers()).doesNotContain("REPEATED_RESET");
    }

    @Test
    void entraLogsOneAdminPasswordResetTwice_underOneCorrelationId_countedOnce() {
        feed(entraPasswordReset("e1", "2026-11-17T09:00:00Z", "Reset user password", "Core Directory", "corr-a"));
        feed(entraPasswordReset("e2", "2026-11-17T09:00:01Z", "Reset password (by admin)", "Self-service Password Management", "corr-a"));
        feed(entraPasswordReset("e3", "2026-11-17T12:00:00Z", "Reset user password", "Core Directory", "corr-b"));
        feed(entraPasswordReset("e4", "2026-11-17T12:00:02Z", "Reset password (by admin)", "Self-service Password Management", "corr-b"));
        assertThat(triggers()).doesNotContain("REPEATED_RESET");
        feed(entraPasswordReset("e5", "2026-11-17T15:00:00Z", "Reset user password", "Core Directory", "corr-c"));
        assertThat(triggers()).containsExactly("REPEATED_RESET");
    }

    @Test
    void selfResetsAndExemptAutomationAreNotCounted() {
        feed(oktaDeactivate("d1", "2026-11-17T09:00:00Z", ALICE, ALICE, "OKTA_VERIFY_PUSH"));
        feed(google2svDisable("d2", "2026-11-17T10:00:00Z", ALICE, ALICE));
        feed(oktaResetAll("d3", "2026-11-17T11:00:00Z", "svc-onboarding@example.com", ALICE));
        feed(oktaResetAll("d4", "2026-11-17T12:00:00Z", "sailpoint-iiq@example.com", ALICE));
        feed(oktaResetAll("d5", "2026-11-17T13:00:00Z", "SailPoint-IdN@example.com", ALICE));
        assertThat(findings).isEmpty();
        assertThat(state).isNull();
    }

    // ---- RESET_BURST ----

    private final List<Finding> burst = new ArrayList<>();
    private BurstState actorState;

    private void feedActor(DirectoryChange c) {
        String target = c.targets().get(0);
        if (!detector.acceptsActorChange(target, c)) {
            return;
        }
        String actor = c.actor().id();
        Step<BurstState> s = detector.onActorChange(actor, target, c,
                actorState == null ? null : detector.expireActor(actorState, c.time()));
        actorState = s.state() == null ? null : BurstState.CODEC.decode(BurstState.CODEC.encode(s.state()));
        assertThat(actorState).isEqualTo(s.state());
        s.finding().ifPresent(burst::add);
    }

    @Test
    void oneActorResettingFivePrincipalsInAnHourIsABurst_listingThem() {
        feedActor(oktaResetAll("b1", "2026-11-17T09:00:00Z", HELPDESK, "u1@example.com"));
        feedActor(oktaDeactivate("b2", "2026-11-17T09:05:00Z", HELPDESK, "u2@example.com", "SMS_FACTOR"));
        feedActor(oktaDeactivate("b2b", "2026-11-17T09:06:00Z", HELPDESK, "u2@example.com", "OKTA_VERIFY_PUSH"));
        feedActor(oktaSupportPasswordReset("b3-other-actor", "2026-11-17T09:07:00Z", "u3@example.com"));
        feedActor(oktaResetAll("b3", "2026-11-17T09:20:00Z", HELPDESK, "u3@example.com"));
        feedActor(oktaResetAll("b4", "2026-11-17T09:40:00Z", HELPDESK, "u4@example.com"));
        assertThat(burst).isEmpty(); // four distinct principals so far (u2 twice, u3 by Okta support is another actor's)
        feedActor(oktaResetAll("b5", "2026-11-17T09:59:00Z", HELPDESK, "u5@example.com"));
        assertThat(burst).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.details()).containsEntry("trigger", "RESET_BURST").containsEntry("actor", HELPDESK)
                    .containsEntry("principals", "5")
                    .containsEntry("targets", "u1@example.com,u2@example.com,u3@example.com,u4@example.com,u5@example.com");
        });
        feedActor(oktaResetAll("b6", "2026-11-17T10:02:00Z", HELPDESK, "u6@example.com"));
        assertThat(burst).hasSize(1); // once per window
    }

    @Test
    void fivePrincipalsOverMoreThanAnHour_selfResets_andExemptAutomation_areNoBurst() {
        for (int i = 1; i <= 5; i++) {
            feedActor(oktaResetAll("s" + i, "2026-11-17T0" + (i + 2) + ":00:00Z", HELPDESK, "u" + i + "@example.com"));
        }
        for (int i = 1; i <= 6; i++) {
            String u = "v" + i + "@example.com";
            feedActor(google2svDisable("g" + i, "2026-11-18T09:0" + i + ":00Z", u, u));
            feedActor(oktaResetAll("x" + i, "2026-11-18T09:0" + i + ":30Z", "svc-onboarding@example.com", u));
        }
        assertThat(burst).isEmpty();
    }

    @Test
    void awsAndEntraAdminsMakeBurstsToo() {
        String admin = "arn:aws:iam::111122223333:user/ops-admin";
        for (int i = 1; i <= 5; i++) {
            feedActor(awsDeactivate("a" + i, "2026-11-17T09:0" + i + ":00Z", admin, "arn:aws:iam::111122223333:user/u" + i));
        }
        assertThat(burst).singleElement().satisfies(f -> assertThat(f.details()).containsEntry("actor", admin));
    }

    @Test
    void expiredActorStateIsDropped() {
        feedActor(oktaResetAll("b1", "2026-11-17T09:00:00Z", HELPDESK, "u1@example.com"));
        assertThat(detector.expireActor(actorState, Instant.parse("2026-11-17T10:00:01Z"))).isNull();
    }

    // ---- FACTOR_SWAP keeps firing on the same changes ----

    @Test
    void factorSwapStillFiresOnTheResetThatStartsAChain() {
        FactorSwapDetector swap = new FactorSwapDetector(dev.mfawatch.detector.fixtures.RuleDefaults.DEFAULTS);
        DirectoryChange reset = oktaResetAll("r1", "2026-11-17T09:00:00Z", HELPDESK, ALICE);
        Step<FactorHistory> s = swap.onChange(ALICE, reset, null);
        assertThat(s.finding()).isPresent();
        assertThat(s.finding().get().details()).containsEntry("operation", "FACTOR_RESET");
    }

    // ---- state bounds ----

    @Test
    void stateStaysBoundedAndExpires() {
        for (int i = 0; i < 50; i++) {
            feed(signInFrom("m" + i, Instant.parse("2026-11-01T00:00:00Z").plusSeconds(7200L * i).toString(), ALICE,
                    "10." + i + ".0.1", "C" + i, "dev-" + i, "agent " + (char) ('a' + i % 26) + i));
        }
        assertThat(state.seen()).hasSize(4 * ResetState.PER_KIND);
        assertThat(ResetState.CODEC.encode(state).length).isLessThan(200);
        assertThat(detector.wakeAt(state)).isPresent();
        assertThat(detector.expire(state, Instant.parse("2026-12-31T00:00:00Z"))).isNull();
    }

    @Test
    void prefixesAndAgentFamilies() {
        assertThat(ResetSignals.prefix("198.51.100.7")).isEqualTo("198.51.100.0/24");
        assertThat(ResetSignals.prefix("2001:db8:42:1::5")).isEqualTo("2001:db8:42::/48");
        assertThat(ResetSignals.prefix("not an ip")).isNull();
        assertThat(ResetSignals.prefix("10.0.0")).as("three parts are not an IPv4 address").isNull();
        assertThat(ResetSignals.agentFamily(CHROME_120)).isEqualTo(ResetSignals.agentFamily(CHROME_121));
        assertThat(ResetSignals.agentFamily(CHROME_120)).isNotEqualTo(ResetSignals.agentFamily(LINUX_FIREFOX));
        assertThat(ResetSignals.exempt("svc-onboarding@example.com", List.of("svc-*@example.com"))).isTrue();
        assertThat(ResetSignals.exempt("helpdesk@example.com", List.of("svc-*@example.com"))).isFalse();
    }
}
