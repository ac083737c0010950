package dev.mfawatch.cli.demo;

import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.AppRef;
import dev.mfawatch.model.signin.ClientInfo;
import dev.mfawatch.model.signin.ClientProtocol;
import dev.mfawatch.model.signin.DeviceInfo;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.NetworkInfo;
import dev.mfawatch.model.signin.PrincipalRef;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.RawRef;
import dev.mfawatch.model.signin.SatisfiedBy;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic canonical sign-ins for the demo: a tenant of ordinary users who mostly sign in with
 * MFA (and sometimes mistype a password or deny a push), plus a scripted cycle of exception cases
 * matching {@code examples/register.csv}: covered exception use, an expired exception, use outside
 * an exception's network and country, an unapproved request, and a user with no exception at all;
 * then the stateful cases: a failed break-glass sign-in, an impossible-travel pair (London, then
 * New York a second later), a burst of three OATH code failures, a push-bombing burst (five refused
 * pushes, then the user accepts one) and a Temporary Access Pass sign-in; and, on {@code directory.changes}
 * ({@link #changes}), an MFA factor reset by the helpdesk without a ticket, after which the reset user
 * signs in from a country never seen for it (MFA_RESET_ABUSE's takeover chain).
 */
public final class DemoTraffic {

    /** The example register's scanner exception, which the scripted SMTP sign-ins use every cycle. */
    public static final String COVERED_EXCEPTION = "EXC-2026-0101";

    static final String DOMAIN = "@northwind.example";
    /** The scripted cases repeat on this cycle so a long demo keeps showing them. */
    public static final Duration CYCLE = Duration.ofSeconds(45);

    private record City(String name, String country, double lat, double lon) {
    }

    private record Method(String name, MethodClass methodClass) {
    }

    private record User(String id, City home, Method method) {
    }

    private record Scripted(Duration at, String label, java.util.function.Function<Instant, SignInEvent> event) {
    }

    private static final City LONDON = new City("London", "GB", 51.5074, -0.1278);
    private static final City MANCHESTER = new City("Manchester", "GB", 53.4808, -2.2426);
    private static final City AMSTERDAM = new City("Amsterdam", "NL", 52.3676, 4.9041);
    private static final City BERLIN = new City("Berlin", "DE", 52.5200, 13.4050);
    private static final City NEW_YORK = new City("New York", "US", 40.7128, -74.0060);
    private static final City SEATTLE = new City("Seattle", "US", 47.6062, -122.3321);
    private static final List<City> CITIES = List.of(LONDON, MANCHESTER, AMSTERDAM, BERLIN, NEW_YORK, SEATTLE);

    private static final List<Method> METHODS = List.of(
            new Method("Passkey (FIDO2)", MethodClass.PHISHING_RESISTANT),
            new Method("Windows Hello for Business", MethodClass.PHISHING_RESISTANT),
            new Method("Mobile app notification", MethodClass.PUSH),
            new Method("Mobile app notification", MethodClass.PUSH),
            new Method("OATH verification code", MethodClass.OTP),
            new Method("Text message", MethodClass.SMS_VOICE));

    private static final List<String> FIRST = List.of("alex", "blair", "casey", "drew", "emery", "finley", "gray",
            "harper", "indy", "jordan", "kai", "lee", "morgan", "noel", "oakley", "parker", "quinn", "reese", "sage",
            "taylor");
    private static final List<String> LAST = List.of("adams", "brooks", "chen", "diaz", "evans", "fischer");
    private static final List<AppRef> APPS = List.of(
            new AppRef("00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online"),
            new AppRef("00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online"),
            new AppRef("1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams"),
            new AppRef("c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal"));
    private static final AppRef EXCHANGE = APPS.get(0);
    private static final AppRef PAYROLL = new AppRef("6a1d2f3e-0c4b-4f7e-9a55-2b8d7c1e0f93", "Payroll Portal");
    private static final AppRef BACKUP = new AppRef("9b7e5c3a-2d1f-4e6b-8a90-7c4d3e2f1a05", "Backup Vault");

    private final Random random;
    private final List<User> users = new ArrayList<>();
    private final List<Scripted> script;
    private final Instant start;
    private long cycleDone = -1;
    private int scriptIndex;
    /** The factor reset comes at this offset of each cycle, amid the stateful sign-in cases. */
    static final Duration FACTOR_RESET_AT = Duration.ofMillis(19_500);
    private long changeCycleDone = -1;

    public DemoTraffic(long seed, Instant start) {
        this.random = new Random(seed);
        this.start = start;
        for (String first : FIRST) {
            String last = LAST.get(random.nextInt(LAST.size()));
            users.add(new User(first + "." + last + DOMAIN, CITIES.get(random.nextInt(CITIES.size())),
                    METHODS.get(random.nextInt(METHODS.size()))));
        }
        this.script = script();
    }

    /**
     * The events due at {@code now}: one ordinary sign-in, plus every scripted case whose offset
     * in the current cycle has been reached.
     */
    public List<SignInEvent> next(Instant now) {
        List<SignInEvent> out = new ArrayList<>();
        out.add(ordinary(now));
        long elapsed = Duration.between(start, now).toMillis();
        long cycle = elapsed / CYCLE.toMillis();
        if (cycle != cycleDone) {
            cycleDone = cycle;
            scriptIndex = 0;
        }
        Duration inCycle = Duration.ofMillis(elapsed % CYCLE.toMillis());
        while (scriptIndex < script.size() && script.get(scriptIndex).at().compareTo(inCycle) <= 0) {
            out.add(script.get(scriptIndex++).event().apply(now));
        }
        return out;
    }

    /**
     * The directory changes due at {@code now}, once per cycle at {@link #FACTOR_RESET_AT}: a
     * helpdesk reset of a user's MFA factors that names no ticket (FACTOR_SWAP, and unapproved),
     * and two exclusions added to the tenant's MFA policy: the scanner account's, which its
     * LEGACY_PROTOCOL entry approves (implemented by someone other than the approver), and the
     * contractor's, which no entry covers (UNAPPROVED_EXCLUSION_CHANGE); and a joiner's first factor,
     * registered under a ticket (the time-to-enrol histogram).
     */
    public List<DirectoryChange> changes(Instant now) {
        long elapsed = Duration.between(start, now).toMillis();
        long cycle = elapsed / CYCLE.toMillis();
        if (cycle == changeCycleDone || elapsed % CYCLE.toMillis() < FACTOR_RESET_AT.toMillis()) {
            return List.of();
        }
        changeCycleDone = cycle;
        return List.of(
                change(now, "helpdesk.agent", ChangeOperation.FACTOR_RESET, "morgan.reset", null,
                        java.util.Map.of("eventType", "user.mfa.factor.reset_all")),
                change(now, "msg.eng", ChangeOperation.EXCLUSION_ADDED, "svc-scanner", MFA_POLICY,
                        java.util.Map.of("property", "conditions.users.excludeUsers")),
                change(now, "it.admin2", ChangeOperation.EXCLUSION_ADDED, "mallory.contractor", MFA_POLICY,
                        java.util.Map.of("property", "conditions.users.excludeUsers")),
                // A new joiner registers their first factor themselves, under the onboarding ticket: no alert,
                // one observation of the time-to-enrol histogram (from the inventory's creation date).
                change(now, "lee.joiner", ChangeOperation.FACTOR_REGISTERED, "lee.joiner", null,
                        java.util.Map.of("eventType", "user.mfa.factor.activate", "factor", "push"), "REQ-9952"));
    }

    private static final dev.mfawatch.model.directory.PolicyRef MFA_POLICY =
            new dev.mfawatch.model.directory.PolicyRef("5f8c2d1e-7a4b-4c3d-9e0f-1a2b3c4d5e6f", "Require MFA for all users");

    private DirectoryChange change(Instant now, String actor, ChangeOperation op, String target,
                                   dev.mfawatch.model.directory.PolicyRef policy, java.util.Map<String, String> details) {
        return change(now, actor, op, target, policy, details, null);
    }

    private DirectoryChange change(Instant now, String actor, ChangeOperation op, String target,
                                   dev.mfawatch.model.directory.PolicyRef policy, java.util.Map<String, String> details,
                                   String ticket) {
        UUID id = new UUID(random.nextLong(), random.nextLong());
        return new DirectoryChange("demo-" + id, policy == null ? "okta" : "entra-audit", now,
                new Actor(actor + DOMAIN, "USER"), op, List.of(target + DOMAIN), policy, ticket, details,
                new RawRef("demo-generator", null, null, id.toString()));
    }

    private SignInEvent ordinary(Instant now) {
        User u = users.get(random.nextInt(users.size()));
        AppRef app = APPS.get(random.nextInt(APPS.size()));
        int roll = random.nextInt(100);
        if (roll < 4) {
            // Wrong password: fails before any MFA prompt.
            return event(now, u.id(), app, ClientProtocol.BROWSER, SignInResult.FAILURE, "50126",
                    "Invalid username or password", MfaInfo.none(), homeNetwork(u.home()));
        }
        if (roll < 6 && u.method().methodClass() == MethodClass.PUSH) {
            return event(now, u.id(), app, ClientProtocol.BROWSER, SignInResult.FAILURE, "500121",
                    "MFA denied; user declined the authentication",
                    new MfaInfo(true, false, u.method().name(), u.method().methodClass(), MfaResult.DENIED, null, null),
                    homeNetwork(u.home()));
        }
        MfaInfo mfa = roll < 30
                ? new MfaInfo(true, true, "Previously satisfied", u.method().methodClass(), MfaResult.SUCCESS,
                        SatisfiedBy.CLAIM_IN_TOKEN, null)
                : new MfaInfo(true, true, u.method().name(), u.method().methodClass(), MfaResult.SUCCESS,
                        SatisfiedBy.MFA_STEP, null);
        ClientProtocol protocol = random.nextInt(4) == 0 ? ClientProtocol.MOBILE_DESKTOP : ClientProtocol.BROWSER;
        return event(now, u.id(), app, protocol, SignInResult.SUCCESS, "0", null, mfa, homeNetwork(u.home()));
    }

    private List<Scripted> script() {
        MfaInfo noMfa = new MfaInfo(false, false, null, MethodClass.NONE, null, null, null);
        return List.of(
                new Scripted(Duration.ofSeconds(2), "no exception: contractor over IMAP from abroad", t -> event(t,
                        "mallory.contractor" + DOMAIN, EXCHANGE, ClientProtocol.IMAP, SignInResult.SUCCESS, "0", null,
                        noMfa, network("198.51.100.23", AMSTERDAM))),
                new Scripted(Duration.ofSeconds(4), "covered: scanner SMTP from the printer VLAN", t -> event(t,
                        "svc-scanner" + DOMAIN, EXCHANGE, ClientProtocol.SMTP, SignInResult.SUCCESS, "0", null, noMfa,
                        network("10.20.4.15", LONDON))),
                new Scripted(Duration.ofSeconds(6), "expired: admin exclusion ended", t -> event(t,
                        "ops.admin" + DOMAIN, APPS.get(3), ClientProtocol.BROWSER, SignInResult.SUCCESS, "0", null,
                        noMfa, network("192.0.2.44", LONDON))),
                new Scripted(Duration.ofSeconds(8), "scope: scanner account from outside its network", t -> event(t,
                        "svc-scanner" + DOMAIN, EXCHANGE, ClientProtocol.SMTP, SignInResult.SUCCESS, "0", null, noMfa,
                        network("203.0.113.77", NEW_YORK))),
                new Scripted(Duration.ofSeconds(10), "covered: new hire by object id", t -> event(t,
                        "dana.new" + DOMAIN + " 3f2c9a70-1b6e-4d2a-9c31-5e8f0a7d4b12", APPS.get(2), ClientProtocol.BROWSER,
                        SignInResult.SUCCESS, "0", null, noMfa, network("192.0.2.10", MANCHESTER))),
                new Scripted(Duration.ofSeconds(12), "not approved: backup service request still pending", t -> event(t,
                        "svc-backup" + DOMAIN, BACKUP, ClientProtocol.API, SignInResult.SUCCESS, "0", null, noMfa,
                        network("10.30.1.9", LONDON))),
                new Scripted(Duration.ofSeconds(14), "covered: accessibility accommodation in GB", t -> event(t,
                        "sam.lee" + DOMAIN, APPS.get(1), ClientProtocol.BROWSER, SignInResult.SUCCESS, "0", null,
                        noMfa, network("192.0.2.77", LONDON))),
                // Amsterdam, not farther: 357 km from the London sign-in 2 s earlier stays under the
                // impossible-travel distance floor, so this case shows the scope violation alone.
                new Scripted(Duration.ofSeconds(16), "scope: accommodation used from another country", t -> event(t,
                        "sam.lee" + DOMAIN, APPS.get(1), ClientProtocol.BROWSER, SignInResult.SUCCESS, "0", null,
                        noMfa, network("198.51.100.140", AMSTERDAM))),
                // The user whose factors the helpdesk resets at 19.5 s, at home first: the baseline for MFA_RESET_ABUSE.
                new Scripted(Duration.ofSeconds(17), "reset victim: usual sign-in from London", t -> event(t,
                        "morgan.reset" + DOMAIN, APPS.get(2), ClientProtocol.BROWSER, SignInResult.SUCCESS, "0", null,
                        pushDone(), network("192.0.2.130", LONDON))),
                new Scripted(Duration.ofSeconds(18), "covered: federated auditor on the payroll portal", t -> event(t,
                        "partner.audit@fabrikam.example", PAYROLL, ClientProtocol.BROWSER, SignInResult.SUCCESS, "0",
                        null, noMfa, network("192.0.2.200", AMSTERDAM))),
                new Scripted(Duration.ofSeconds(19), "break-glass: failed sign-in of an emergency account", t -> event(t,
                        "bg-admin-01" + DOMAIN, APPS.get(3), ClientProtocol.BROWSER, SignInResult.FAILURE, "50126",
                        "Invalid username or password", MfaInfo.none(), network("203.0.113.250", AMSTERDAM))),
                new Scripted(Duration.ofSeconds(20), "travel: London", t -> event(t,
                        "riley.travel" + DOMAIN, APPS.get(2), ClientProtocol.BROWSER, SignInResult.SUCCESS, "0", null,
                        pushDone(), network("192.0.2.60", LONDON))),
                new Scripted(Duration.ofSeconds(21), "travel: New York a second later", t -> event(t,
                        "riley.travel" + DOMAIN, APPS.get(2), ClientProtocol.BROWSER, SignInResult.SUCCESS, "0", null,
                        pushDone(), network("198.51.100.61", NEW_YORK))),
                new Scripted(Duration.ofSeconds(22), "oath: wrong code", t -> oathFailure(t)),
                new Scripted(Duration.ofSeconds(23), "oath: wrong code again", t -> oathFailure(t)),
                new Scripted(Duration.ofSeconds(24), "oath: token out of sync", t -> oathFailure(t)),
                // Push bombing: five denied or unanswered prompts (MFA_FATIGUE, MEDIUM), then the user
                // accepts one (the GAVE_IN follow-up, folded into the same alert by suppression).
                new Scripted(Duration.ofMillis(24_200), "fatigue: push denied", t -> pushRefused(t, MfaResult.DENIED)),
                new Scripted(Duration.ofMillis(24_400), "fatigue: push denied again", t -> pushRefused(t, MfaResult.DENIED)),
                new Scripted(Duration.ofMillis(24_600), "fatigue: push unanswered", t -> pushRefused(t, MfaResult.TIMEOUT)),
                new Scripted(Duration.ofMillis(24_800), "fatigue: push denied a third time", t -> pushRefused(t, MfaResult.DENIED)),
                new Scripted(Duration.ofMillis(25_000), "fatigue: push denied a fourth time", t -> pushRefused(t, MfaResult.DENIED)),
                // After the helpdesk reset: a country and network never seen for the user (TAKEOVER_CHAIN).
                // Amsterdam stays under the impossible-travel distance floor from London, so only the chain fires.
                new Scripted(Duration.ofSeconds(25), "reset victim: signs in from a new country after the reset", t -> event(t,
                        "morgan.reset" + DOMAIN, APPS.get(2), ClientProtocol.BROWSER, SignInResult.SUCCESS, "0", null,
                        pushDone(), network("198.51.100.190", AMSTERDAM))),
                new Scripted(Duration.ofMillis(25_200), "fatigue: the user gives in", t -> event(t,
                        "jordan.push" + DOMAIN, EXCHANGE, ClientProtocol.BROWSER, SignInResult.SUCCESS, "0", null,
                        pushDone(), network("203.0.113.140", AMSTERDAM))),
                new Scripted(Duration.ofMillis(25_500), "recovery: Temporary Access Pass sign-in", t -> event(t,
                        "taylor.tap" + DOMAIN, APPS.get(2), ClientProtocol.BROWSER, SignInResult.SUCCESS, "0", null,
                        new MfaInfo(true, true, "Temporary Access Pass", MethodClass.TEMPORARY_PASS, MfaResult.SUCCESS,
                                SatisfiedBy.MFA_STEP, null), network("192.0.2.120", MANCHESTER))));
    }

    /** An Entra 500121 push refusal (declined or not answered) for the push-bombing case. */
    private SignInEvent pushRefused(Instant t, MfaResult result) {
        return event(t, "jordan.push" + DOMAIN, EXCHANGE, ClientProtocol.BROWSER, SignInResult.FAILURE, "500121",
                result == MfaResult.DENIED ? "MFA denied; user declined the authentication"
                        : "MFA denied; user did not respond to mobile app notification",
                new MfaInfo(true, false, "Mobile app notification", MethodClass.PUSH, result, null, null),
                network("203.0.113.140", AMSTERDAM));
    }

    private static MfaInfo pushDone() {
        return new MfaInfo(true, true, "Mobile app notification", MethodClass.PUSH, MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null);
    }

    private SignInEvent oathFailure(Instant t) {
        return event(t, "avery.token" + DOMAIN, EXCHANGE, ClientProtocol.BROWSER, SignInResult.FAILURE, "500121",
                "Authentication failed during strong authentication request",
                new MfaInfo(true, false, "OATH verification code", MethodClass.OTP, MfaResult.CODE_INCORRECT, null, "hardware"),
                network("192.0.2.91", BERLIN));
    }

    private NetworkInfo homeNetwork(City c) {
        return network("192.0.2." + (1 + random.nextInt(250)), c);
    }

    /** "upn objectId" names a user by UPN with the provider's object id as alias, as Entra logs it. */
    private static PrincipalRef principal(String names) {
        String[] parts = names.split(" ");
        return new PrincipalRef(parts[0], List.of(parts).subList(1, parts.length), PrincipalType.USER);
    }

    /** Private addresses (the printer VLAN, the backup subnet) cannot be geolocated: no coordinates. */
    private static NetworkInfo network(String ip, City c) {
        if (ip.startsWith("10.")) {
            return new NetworkInfo(ip, null, null, null, null, null);
        }
        return new NetworkInfo(ip, c.country(), c.name(), c.lat(), c.lon(), 10.0);
    }

    private SignInEvent event(Instant t, String principal, AppRef app, ClientProtocol protocol, SignInResult result,
                              String errorCode, String failure, MfaInfo mfa, NetworkInfo network) {
        UUID id = new UUID(random.nextLong(), random.nextLong());
        return new SignInEvent("demo-" + id, "entra-signin", t,
                principal(principal), app,
                new ClientInfo(protocol, protocol == ClientProtocol.BROWSER ? "Mozilla/5.0" : null, true),
                result, errorCode, failure, mfa, network, new DeviceInfo(null, null, null),
                UUID.nameUUIDFromBytes(id.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString(),
                null, new RawRef("demo-generator", null, null, id.toString()));
    }
}
