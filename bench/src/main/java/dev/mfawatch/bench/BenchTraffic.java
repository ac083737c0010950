package dev.mfawatch.bench;

import dev.mfawatch.model.Topics;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.register.RiskRating;
import dev.mfawatch.model.register.Scope;
import dev.mfawatch.model.signin.AppRef;
import dev.mfawatch.model.signin.ClientInfo;
import dev.mfawatch.model.signin.ClientProtocol;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.NetworkInfo;
import dev.mfawatch.model.signin.PrincipalRef;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SatisfiedBy;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Canonical sign-ins for a tenant of {@code users} principals with a realistic mix: ~90 % complete
 * MFA, ~5 % fail, ~5 % succeed without MFA (half of those covered by a register exception).
 */
final class BenchTraffic {

    private static final AppRef APP = new AppRef("00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online");
    private static final MfaInfo PUSH = new MfaInfo(true, true, "Mobile app notification", MethodClass.PUSH,
            MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null);
    private static final MfaInfo NONE = new MfaInfo(false, false, null, MethodClass.NONE, null, null, null);

    private final int users;
    private final SplittableRandom random;

    BenchTraffic(int users, long seed) {
        this.users = users;
        this.random = new SplittableRandom(seed);
    }

    static String user(int i) {
        return "user" + i + "@bench.example";
    }

    /** Every 100th user holds an active exception, so exception lookups hit as often as they miss. */
    static List<ExceptionEntry> register(int users, Instant now) {
        return java.util.stream.IntStream.range(0, users).filter(i -> i % 100 == 0)
                .mapToObj(i -> new ExceptionEntry("EXC-B-" + i, ExceptionCategory.ENROLLMENT_PENDING,
                        ExceptionStatus.ACTIVE, "req@bench.example", "own@bench.example", List.of("appr@bench.example"),
                        "impl@bench.example", Scope.ofPrincipals(user(i)), "bench", RiskRating.LOW, null, null,
                        now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(13)), 14,
                        null, null, null, "B-" + i, null, null))
                .toList();
    }

    /** A sign-in of a random user; {@code alert} forces one that no exception covers. */
    SignInEvent next(long seq, Instant t, boolean alert) {
        int u = random.nextInt(users);
        int roll = random.nextInt(100);
        SignInResult result = SignInResult.SUCCESS;
        MfaInfo mfa = PUSH;
        if (alert) {
            u = u % 100 == 0 ? u + 1 : u;
            mfa = NONE;
        } else if (roll < 5) {
            result = SignInResult.FAILURE;
            mfa = MfaInfo.none();
        } else if (roll < 10) {
            mfa = NONE;
            u = roll < 8 ? u - u % 100 : u; // 3 in 5 of the MFA-less go to a covered user
        }
        return new SignInEvent("bench-" + seq, "entra-signin", t, new PrincipalRef(user(u), List.of(), PrincipalType.USER),
                APP, new ClientInfo(ClientProtocol.BROWSER, "Mozilla/5.0", true), result,
                result == SignInResult.SUCCESS ? "0" : "50126", null, mfa,
                new NetworkInfo("192.0.2." + (u % 250 + 1), "GB", "London", 51.5, -0.12, 10.0), null,
                "s-" + seq, null, null);
    }

    static byte[] bytes(SignInEvent e) {
        return Topics.SIGNIN_SERDE.write(e);
    }
}
