package dev.mfawatch.detector.registration;

import dev.mfawatch.detector.registration.RegisteredMethods.Factor;
import dev.mfawatch.detector.registration.RegisteredMethods.Level;
import dev.mfawatch.detector.registration.RegisteredMethods.Strength;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One principal's MFA registration as the inventory states it and the factor changes since keep it current,
 * with each method's last use as sign-ins show it. Immutable; the transitions return the next value.
 *
 * <p>{@link #known()} is false until the inventory states the methods (possibly none) or a factor change shows
 * a registration or a reset of all factors: an inventory that does not carry the methods never makes anyone
 * "no method".
 *
 * <p>Encoding ({@link #encode}): version, flags, creation and last-alert seconds, then per method its name hash,
 * class, strength with the stale bit, and since when it counts as unused: 11 + 10 bytes per method, at most
 * {@value #MAX_METHODS} methods (a user with two methods takes 31 bytes).
 *
 * @param flags          {@link #IN_INVENTORY}, {@link #KNOWN}, {@link #PRIVILEGED}, {@link #BREAK_GLASS}, {@link #SERVICE},
 *                       {@link #ENROLLED_BEFORE}
 * @param createdSecond  the inventory's creation date in epoch seconds; 0 unknown
 * @param lastFiredSecond NO_MFA_REGISTERED's last alert for the principal; 0 never
 */
public record PrincipalRegistration(int flags, long createdSecond, long lastFiredSecond, List<Method> methods) {

    public static final int IN_INVENTORY = 1;
    public static final int KNOWN = 2;
    public static final int PRIVILEGED = 4;
    public static final int BREAK_GLASS = 8;
    /** Seen signing in as a service or workload principal. */
    public static final int SERVICE = 16;
    /** Has had a method at some point: a later registration is not the first enrolment. */
    public static final int ENROLLED_BEFORE = 32;

    static final int MAX_METHODS = 16;
    private static final byte VERSION = 1;
    /** A known method's last use is refreshed at most hourly: most sign-ins then cost no write. */
    private static final long REFRESH_SECONDS = 3600;
    private static final List<String> FACTOR_KEYS = List.of("factor", "methodAffected", "method", "factorType", "authenticator",
            "serialNumber");

    public PrincipalRegistration {
        methods = List.copyOf(methods);
    }

    /**
     * A registered method.
     *
     * @param sinceSecond  its last use, or when it was first seen registered if never used since (epoch seconds)
     * @param staleCounted whether the stale-factor gauge counts it (set by {@link #markStale}, cleared by a use)
     */
    public record Method(int nameHash, MethodClass methodClass, Strength strength, long sinceSecond, boolean staleCounted) {
    }

    /** The next state, and the time from creation to the first registration when this change was it. */
    public record Transition(PrincipalRegistration next, Optional<Duration> enrolledAfter) {
    }

    public static final PrincipalRegistration EMPTY = new PrincipalRegistration(0, 0, 0, List.of());

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public boolean known() {
        return has(KNOWN);
    }

    /** NONE when known and without any method; meaningless when not {@link #known()}. */
    public Level level() {
        return RegisteredMethods.level(methods.stream().map(Method::strength).toList());
    }

    /** Known to have no MFA method. */
    public boolean none() {
        return known() && methods.isEmpty();
    }

    public boolean privileged() {
        return has(PRIVILEGED) || has(BREAK_GLASS);
    }

    /** The metric label: {@code break_glass}, {@code service} or {@code user}. */
    public String principalType() {
        return has(BREAK_GLASS) ? "break_glass" : has(SERVICE) ? "service" : "user";
    }

    private PrincipalRegistration with(int newFlags, List<Method> newMethods) {
        int f = newMethods.isEmpty() ? newFlags : newFlags | ENROLLED_BEFORE;
        return new PrincipalRegistration(f, createdSecond, lastFiredSecond, newMethods);
    }

    /** The inventory's version of the principal, read at {@code at}: the methods it states replace ours. */
    public PrincipalRegistration withInventory(Principal p, Instant at) {
        int f = (flags & ~(PRIVILEGED | BREAK_GLASS)) | IN_INVENTORY
                | (p.privileged() ? PRIVILEGED : 0) | (p.breakGlass() ? BREAK_GLASS : 0);
        long created = p.createdAt() == null ? createdSecond : Math.max(0, p.createdAt().getEpochSecond());
        PrincipalRegistration base = new PrincipalRegistration(f, created, lastFiredSecond, methods);
        if (!p.registeredMethodsKnown()) {
            return base; // unknown: what the changes showed stays
        }
        List<Method> next = new ArrayList<>();
        for (String name : p.registeredMethods()) {
            Optional<Factor> factor = RegisteredMethods.classify(name);
            int hash = hash(name);
            if (factor.isEmpty() || next.stream().anyMatch(m -> m.nameHash() == hash) || next.size() >= MAX_METHODS) {
                continue;
            }
            Method known = methods.stream().filter(m -> m.nameHash() == hash).findFirst().orElse(null);
            next.add(known != null ? known : new Method(hash, factor.get().methodClass(), factor.get().strength(),
                    at.getEpochSecond(), false));
        }
        return base.with(f | KNOWN, next);
    }

    /** A directory change naming the principal as a target; only factor registrations, removals and resets count. */
    public Transition onChange(DirectoryChange c) {
        ChangeOperation op = c.operation();
        String name = factorName(c);
        boolean all = "all".equalsIgnoreCase(c.details().get("resetScope"));
        if (op == ChangeOperation.FACTOR_REGISTERED) {
            Optional<Factor> factor = RegisteredMethods.classify(name);
            if (factor.isEmpty()) {
                return new Transition(this, Optional.empty());
            }
            boolean first = none() && !has(ENROLLED_BEFORE);
            int hash = hash(name);
            List<Method> next = new ArrayList<>(methods);
            next.removeIf(m -> m.nameHash() == hash);
            if (next.size() >= MAX_METHODS) {
                next.remove(0);
            }
            next.add(new Method(hash, factor.get().methodClass(), factor.get().strength(), c.time().getEpochSecond(), false));
            PrincipalRegistration after = with(flags | KNOWN, next);
            Optional<Duration> enrolled = first && createdSecond > 0 && c.time().getEpochSecond() >= createdSecond
                    ? Optional.of(Duration.ofSeconds(c.time().getEpochSecond() - createdSecond)) : Optional.empty();
            return new Transition(after, enrolled);
        }
        if (op == ChangeOperation.FACTOR_RESET && (all || name == null)) {
            // A reset of every factor leaves none, whatever was known before.
            return new Transition(with(flags | KNOWN, List.of()), Optional.empty());
        }
        if (op == ChangeOperation.FACTOR_REMOVED || op == ChangeOperation.FACTOR_RESET) {
            if (all) {
                return new Transition(with(flags | KNOWN, List.of()), Optional.empty());
            }
            List<Method> next = new ArrayList<>(methods);
            if (name != null) {
                int hash = hash(name);
                if (!next.removeIf(m -> m.nameHash() == hash)) {
                    // Spelt differently than at registration: one method of the same class goes.
                    RegisteredMethods.classify(name).ifPresent(f -> next.stream()
                            .filter(m -> m.methodClass() == f.methodClass()).findFirst().ifPresent(next::remove));
                }
            } else if (next.size() == 1) {
                next.clear(); // the only method is the one removed
            }
            return new Transition(next.size() == methods.size() ? this : with(flags, next), Optional.empty());
        }
        return new Transition(this, Optional.empty());
    }

    /** A sign-in: marks a service principal, and refreshes the last use of the methods of the class it used. */
    public PrincipalRegistration onSignIn(SignInEvent e) {
        int f = e.principal().type() == PrincipalType.USER ? flags : flags | SERVICE;
        if (e.result() != SignInResult.SUCCESS || !e.mfa().satisfied() || methods.isEmpty()) {
            return f == flags ? this : new PrincipalRegistration(f, createdSecond, lastFiredSecond, methods);
        }
        long now = e.time().getEpochSecond();
        MethodClass used = e.mfa().methodClass();
        boolean changed = false;
        List<Method> next = new ArrayList<>(methods.size());
        for (Method m : methods) {
            if (m.methodClass() == used && (now - m.sinceSecond() >= REFRESH_SECONDS || m.staleCounted())) {
                next.add(new Method(m.nameHash(), m.methodClass(), m.strength(), Math.max(now, m.sinceSecond()), false));
                changed = true;
            } else {
                next.add(m);
            }
        }
        return !changed && f == flags ? this : new PrincipalRegistration(f, createdSecond, lastFiredSecond, changed ? next : methods);
    }

    public PrincipalRegistration withLastFired(Instant at) {
        return new PrincipalRegistration(flags, createdSecond, at.getEpochSecond(), methods);
    }

    public Instant lastFired() {
        return lastFiredSecond == 0 ? null : Instant.ofEpochSecond(lastFiredSecond);
    }

    /** The methods unused for {@code age} at {@code now} marked as counted stale. */
    public PrincipalRegistration markStale(Instant now, Duration age) {
        long limit = now.getEpochSecond() - age.getSeconds();
        if (methods.stream().noneMatch(m -> !m.staleCounted() && m.sinceSecond() <= limit)) {
            return this;
        }
        return new PrincipalRegistration(flags, createdSecond, lastFiredSecond, methods.stream()
                .map(m -> !m.staleCounted() && m.sinceSecond() <= limit
                        ? new Method(m.nameHash(), m.methodClass(), m.strength(), m.sinceSecond(), true) : m).toList());
    }

    /** When the first method not yet counted stale becomes stale; empty when none can. */
    public Optional<Instant> nextStaleAt(Duration age) {
        return methods.stream().filter(m -> !m.staleCounted()).mapToLong(Method::sinceSecond).min()
                .stream().mapToObj(s -> Instant.ofEpochSecond(s + age.getSeconds())).findFirst();
    }

    /** The factor a change names: Okta {@code factor}, Entra {@code methodAffected}, AWS the device's {@code serialNumber}. */
    public static String factorName(DirectoryChange c) {
        for (String key : FACTOR_KEYS) {
            String v = c.details().get(key);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static int hash(String name) {
        return name == null ? 0 : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "").hashCode();
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(11 + 10 * methods.size());
        b.put(VERSION).put((byte) flags).putInt((int) createdSecond).putInt((int) lastFiredSecond).put((byte) methods.size());
        for (Method m : methods) {
            b.putInt(m.nameHash()).put((byte) m.methodClass().ordinal())
                    .put((byte) (m.strength().ordinal() | (m.staleCounted() ? 0x80 : 0))).putInt((int) m.sinceSecond());
        }
        return b.array();
    }

    public static PrincipalRegistration decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.get() != VERSION) {
            throw new IllegalArgumentException("registration: unknown version");
        }
        int flags = Byte.toUnsignedInt(b.get());
        long created = Integer.toUnsignedLong(b.getInt());
        long fired = Integer.toUnsignedLong(b.getInt());
        int n = Byte.toUnsignedInt(b.get());
        MethodClass[] classes = MethodClass.values();
        Strength[] strengths = Strength.values();
        List<Method> methods = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int hash = b.getInt();
            int cls = Byte.toUnsignedInt(b.get());
            int s = Byte.toUnsignedInt(b.get());
            methods.add(new Method(hash, cls < classes.length ? classes[cls] : MethodClass.OTHER, strengths[s & 0x7f],
                    Integer.toUnsignedLong(b.getInt()), (s & 0x80) != 0));
        }
        return new PrincipalRegistration(flags, created, fired, methods);
    }
}
