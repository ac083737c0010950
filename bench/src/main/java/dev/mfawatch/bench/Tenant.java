package dev.mfawatch.bench;

import dev.mfawatch.model.Topics;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.register.RiskRating;
import dev.mfawatch.model.register.Scope;
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
import dev.mfawatch.model.signin.SatisfiedBy;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A tenant of {@code principals} identities and its canonical sign-ins, shaped like an Entra tenant's
 * log: 95 % users, 5 % service principals (non-interactive, no MFA expected); each user has a home
 * city (weighted towards the head office) and a preferred method (25 % phishing-resistant, 50 %
 * push, 15 % OTP, 10 % SMS); 5 % of users travel and sign in abroad one time in ten; 30 % of user
 * sign-ins are non-interactive (MFA carried by the token); 4 % of interactive ones fail with Entra's
 * usual reasons; 0.5 % succeed without MFA, half of those by a user who holds a register exception.
 * 1 % of principals hold an active exception; the inventory lists every principal (2 % privileged,
 * one break-glass account per 10,000). Every attribute is a function of the principal's index, so
 * a tenant of a million costs no memory.
 */
public final class Tenant {

    record Place(String country, String city, double lat, double lon, int weight) {
    }

    private static final Place[] PLACES = {
            new Place("DE", "Berlin", 52.52, 13.405, 40),
            new Place("DE", "Munich", 48.137, 11.575, 15),
            new Place("GB", "London", 51.507, -0.128, 12),
            new Place("FR", "Paris", 48.857, 2.352, 8),
            new Place("NL", "Amsterdam", 52.37, 4.895, 6),
            new Place("PL", "Warsaw", 52.23, 21.012, 6),
            new Place("US", "New York", 40.713, -74.006, 7),
            new Place("IN", "Bangalore", 12.972, 77.594, 4),
            new Place("SG", "Singapore", 1.352, 103.82, 2),
    };
    private static final int PLACE_WEIGHTS = java.util.Arrays.stream(PLACES).mapToInt(Place::weight).sum();
    private static final AppRef[] APPS = {
            new AppRef("00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online"),
            new AppRef("00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online"),
            new AppRef("1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams"),
            new AppRef("c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal"),
            new AppRef("4765445b-32c6-49b0-83e6-1d93765276ca", "OfficeHome"),
    };
    /** Entra error codes of failed interactive sign-ins, most frequent first. */
    private static final String[][] FAILURES = {
            {"50126", "Invalid username or password."},
            {"50074", "Strong authentication is required."},
            {"500121", "Authentication failed during strong authentication request."},
            {"53003", "Access has been blocked by Conditional Access policies."},
            {"50053", "Account is locked because the user tried to sign in too many times."},
    };

    private final int principals;
    private final SplittableRandom random;
    private int lastPrincipal = -1;

    public Tenant(int principals, long seed) {
        this.principals = principals;
        this.random = new SplittableRandom(seed);
    }

    public int principals() {
        return principals;
    }

    /** The index of the principal of the last sign-in made (it may differ from the one asked for). */
    public int lastPrincipal() {
        return lastPrincipal;
    }

    // ---- attributes of principal i (a hash of i, so stable across runs and generators) ----

    private static int mix(int i, int salt) {
        int h = i * 0x9E3779B1 + salt * 0x85EBCA6B;
        h ^= h >>> 15;
        h *= 0x2C1B3C6D;
        h ^= h >>> 12;
        return h & 0x7fffffff;
    }

    public static boolean service(int i) {
        return i % 20 == 19;
    }

    public static String id(int i) {
        return service(i) ? "svc-" + i + "@apps.bench.example" : "user" + i + "@bench.example";
    }

    /** One principal in a hundred holds an active exception (never a service principal: 19 is not 0 mod 100's class). */
    public static boolean exceptionHolder(int i) {
        return i % 100 == 0;
    }

    static Place home(int i) {
        int w = mix(i, 1) % PLACE_WEIGHTS;
        for (Place p : PLACES) {
            w -= p.weight();
            if (w < 0) {
                return p;
            }
        }
        return PLACES[0];
    }

    static MethodClass method(int i) {
        int r = mix(i, 2) % 100;
        return r < 25 ? MethodClass.PHISHING_RESISTANT : r < 75 ? MethodClass.PUSH : r < 90 ? MethodClass.OTP
                : MethodClass.SMS_VOICE;
    }

    static boolean traveller(int i) {
        return mix(i, 3) % 100 < 5;
    }

    private static String methodName(MethodClass m) {
        return switch (m) {
            case PHISHING_RESISTANT -> "FIDO2 security key";
            case PUSH -> "Mobile app notification";
            case OTP -> "OATH verification code";
            case SMS_VOICE -> "Text message";
            default -> "Other";
        };
    }

    // ---- reference data sized for the tenant ----

    public List<ExceptionEntry> register(Instant now) {
        List<ExceptionEntry> entries = new ArrayList<>();
        ExceptionCategory[] kinds = {ExceptionCategory.ENROLLMENT_PENDING, ExceptionCategory.ACCESSIBILITY,
                ExceptionCategory.LEGACY_PROTOCOL, ExceptionCategory.TESTING};
        for (int i = 0; i < principals; i++) {
            if (exceptionHolder(i)) {
                entries.add(new ExceptionEntry("EXC-B-" + i, kinds[(i / 100) % kinds.length], ExceptionStatus.ACTIVE,
                        "req@bench.example", "own@bench.example", List.of("appr@bench.example"), "impl@bench.example",
                        Scope.ofPrincipals(id(i)), "bench", RiskRating.LOW, null, null, now.minus(Duration.ofDays(2)),
                        now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(13)), 14, null, null, null, "B-" + i,
                        null, null));
            }
        }
        return entries;
    }

    public Principal principal(int i, Instant now) {
        boolean breakGlass = i % 10_000 == 7;
        List<String> roles = mix(i, 4) % 50 == 0 || breakGlass ? List.of("Global Administrator") : List.of();
        return new Principal(id(i), List.of(), null, roles, breakGlass,
                service(i) ? List.of() : List.of(methodName(method(i))), now.minus(Duration.ofDays(400)), true);
    }

    // ---- sign-ins ----

    /** A sign-in of a principal drawn uniformly from the tenant. */
    public SignInEvent next(long seq, Instant t) {
        return of(random.nextInt(principals), seq, t, false);
    }

    /** A sign-in of principal {@code i}; {@code alert} forces one MFA_NOT_SATISFIED no exception covers. */
    public SignInEvent of(int i, long seq, Instant t, boolean alert) {
        if (alert && exceptionHolder(i)) {
            i = i + 1 < principals ? i + 1 : i - 1;
        }
        if (alert && service(i)) {
            i = i - 1;
        }
        lastPrincipal = i;
        String id = id(i);
        AppRef app = APPS[random.nextInt(APPS.length)];
        Place place = home(i);
        if (traveller(i) && random.nextInt(10) == 0) {
            place = PLACES[random.nextInt(PLACES.length)];
        }
        NetworkInfo net = new NetworkInfo("198.51." + (mix(i, 5) % 250) + "." + (i % 250 + 1), place.country(),
                place.city(), place.lat(), place.lon(), 25.0);
        if (service(i)) {
            return new SignInEvent("b-" + seq, "entra-signin", t, new PrincipalRef(id, List.of(), PrincipalType.SERVICE), app,
                    new ClientInfo(ClientProtocol.API, null, false), SignInResult.SUCCESS, "0", null, MfaInfo.none(),
                    net, null, null, "c-" + seq, null);
        }
        MethodClass m = method(i);
        int roll = random.nextInt(1000);
        boolean interactive = alert || roll >= 300;
        SignInResult result = SignInResult.SUCCESS;
        String code = "0";
        String reason = null;
        MfaInfo mfa;
        if (alert) {
            mfa = MfaInfo.none();
        } else if (!interactive) {
            mfa = new MfaInfo(true, true, null, m, MfaResult.SUCCESS, SatisfiedBy.CLAIM_IN_TOKEN, "refreshToken");
        } else if (roll < 340) {
            String[] f = FAILURES[Math.min(FAILURES.length - 1, random.nextInt(8) / 2)];
            result = SignInResult.FAILURE;
            code = f[0];
            reason = f[1];
            mfa = code.equals("500121") ? new MfaInfo(true, false, methodName(m), m, MfaResult.DENIED, null, null)
                    : MfaInfo.none();
        } else if (roll < 345) {
            // Without MFA: half by an exception holder (covered), half by anyone (an alert).
            if (roll < 343 && i >= 100) {
                i = i - i % 100;
                id = id(i);
                lastPrincipal = i;
            }
            mfa = new MfaInfo(false, false, null, MethodClass.NONE, null, null, null);
        } else {
            mfa = new MfaInfo(true, true, methodName(m), m, MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null);
        }
        return new SignInEvent("b-" + seq, "entra-signin", t, new PrincipalRef(id, List.of(), PrincipalType.USER), app,
                new ClientInfo(interactive ? ClientProtocol.BROWSER : ClientProtocol.MOBILE_DESKTOP,
                        interactive ? "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/131.0" : "Microsoft Authentication Library",
                        interactive),
                result, code, reason, mfa, net, new DeviceInfo("d-" + (i % 100_000), m != MethodClass.SMS_VOICE, true),
                "s-" + seq, "c-" + seq, null);
    }

    public static byte[] bytes(SignInEvent e) {
        return Topics.SIGNIN_SERDE.write(e);
    }

    /** A poison record: one in two is not JSON at all, the other is JSON of the wrong type. */
    public static byte[] poison(long seq) {
        String s = seq % 2 == 0 ? "not json {" + seq : "{\"eventId\":" + seq + ",\"time\":[1,2],\"principal\":\"x\"}";
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
