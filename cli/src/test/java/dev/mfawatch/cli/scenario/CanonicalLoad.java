package dev.mfawatch.cli.scenario;

import dev.mfawatch.model.Json;
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
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A canonical sign-in load as a tenant produces it, written as JSON lines in event-time order (as
 * {@code replay --source canonical} and {@code backtest --input canonical:FILE} read it). Users
 * {@code user-N@contoso.example} sign in with MFA from Berlin, except the first {@code noMfaUsers},
 * who never do MFA (MFA_NOT_SATISFIED). Against {@code examples/register.csv} three more rules fire:
 * the break-glass account {@code bg-admin-01@northwind.example} signs in (BREAK_GLASS_SIGNIN), the
 * printer account {@code svc-scanner@northwind.example} sends SMTP from outside its approved network
 * (EXCEPTION_SCOPE_VIOLATION), and every {@code travelEvery}-th user also signs in from Sydney
 * minutes after Berlin (IMPOSSIBLE_TRAVEL).
 */
public final class CanonicalLoad {

    public static final String BREAK_GLASS = "bg-admin-01@northwind.example";
    public static final String SCANNER = "svc-scanner@northwind.example";

    private CanonicalLoad() {
    }

    /** What was written: the file, the events, and the principals the scenario makes fire each rule. */
    public record Written(Path file, int events, Set<String> noMfa, Set<String> travellers) {
    }

    public static Written write(Path file, int users, int noMfaUsers, int travelEvery, int events, Instant start,
                                Duration span, long seed) throws IOException {
        Random random = new Random(seed);
        List<SignInEvent> list = new ArrayList<>(events + users);
        Set<String> noMfa = new TreeSet<>();
        Set<String> travellers = new TreeSet<>();
        for (int i = 0; i < events; i++) {
            int u = random.nextInt(users);
            String user = user(u);
            boolean mfa = u >= noMfaUsers;
            if (!mfa) {
                noMfa.add(user);
            }
            Instant t = start.plusMillis((long) (random.nextDouble() * span.toMillis()));
            list.add(event("e-" + i, t, user, mfa, ClientProtocol.BROWSER, "203.0.113." + (1 + u % 200), "DE", "Berlin",
                    52.52, 13.40));
        }
        // Travel: Berlin, then Sydney 10 minutes later, with MFA (only the travel rule fires).
        for (int u = noMfaUsers; u < users; u += travelEvery) {
            Instant t = start.plusMillis((long) (random.nextDouble() * (span.toMillis() - 600_000)));
            String user = user(u);
            travellers.add(user);
            list.add(event("t-" + u + "-a", t, user, true, ClientProtocol.BROWSER, "203.0.113.9", "DE", "Berlin", 52.52, 13.40));
            list.add(event("t-" + u + "-b", t.plusSeconds(600), user, true, ClientProtocol.BROWSER, "198.51.100.9", "AU", "Sydney",
                    -33.87, 151.21));
        }
        for (int k = 0; k < 4; k++) {
            Instant t = start.plus(span.multipliedBy(k).dividedBy(4)).plusSeconds(37);
            list.add(event("bg-" + k, t, BREAK_GLASS, true, ClientProtocol.BROWSER, "192.0.2.10", "DE", "Berlin", 52.52, 13.40));
            list.add(event("sc-" + k, t.plusSeconds(11), SCANNER, false, ClientProtocol.SMTP, "198.51.100.77", "DE", "Berlin",
                    52.52, 13.40));
        }
        list.sort(Comparator.comparing(SignInEvent::time).thenComparing(SignInEvent::eventId));
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (SignInEvent e : list) {
                w.write(Json.MAPPER.writeValueAsString(e));
                w.write('\n');
            }
        }
        return new Written(file, list.size(), noMfa, travellers);
    }

    public static String user(int n) {
        return "user-" + n + "@contoso.example";
    }

    public static SignInEvent event(String id, Instant time, String principal, boolean mfa, ClientProtocol protocol, String ip,
                             String country, String city, double lat, double lon) {
        MfaInfo info = mfa
                ? new MfaInfo(true, true, "Mobile app notification", MethodClass.PUSH, MfaResult.SUCCESS, SatisfiedBy.MFA_STEP, null)
                : new MfaInfo(false, false, null, MethodClass.NONE, null, null, null);
        return new SignInEvent(id, "entra", time, new PrincipalRef(principal, List.of(), PrincipalType.USER),
                new AppRef("00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online"),
                new ClientInfo(protocol, "Mozilla/5.0", true), SignInResult.SUCCESS, "0", null, info,
                new NetworkInfo(ip, country, city, lat, lon, 10.0), new DeviceInfo(null, null, null), "sess-" + id,
                "corr-" + id, null);
    }
}
