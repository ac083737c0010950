package dev.mfawatch.detector.metrics;

import dev.mfawatch.detector.registration.RegisteredMethods.Level;
import dev.mfawatch.model.signin.MethodClass;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * MFA registration coverage, from the registration step's store ({@code registration-state}):
 * <ul>
 *   <li>{@code mfawatch_registration_principals{state,privileged,principal_type}} (gauge): principals whose
 *   methods are known, by state ({@code none}, {@code weak_only}, {@code standard}, {@code phishing_resistant}),
 *   privileged ({@code true}/{@code false}) and type ({@code user}, {@code service}, {@code break_glass});</li>
 *   <li>{@code mfawatch_enrolment_backlog{covered}} (gauge): principals with no method (service principals left out),
 *   {@code covered="true"} when
 *   an ENROLLMENT_PENDING entry in force names them;</li>
 *   <li>{@code mfawatch_time_to_enrol_seconds} (histogram): from the inventory's creation date to the first
 *   registration the factor changes show, once per principal;</li>
 *   <li>{@code mfawatch_registration_stale_factors{method_class}} (gauge): registered methods no sign-in of the
 *   principal has used for {@code MFAWATCH_STALE_FACTOR_DAYS}, by class ({@code phishing_resistant}, {@code otp},
 *   {@code sms_voice}, {@code push}, {@code other}).</li>
 * </ul>
 * Each gauge is this instance's share: the sum over the tasks it runs, each counted from its own store when
 * the task starts (so a restart or a rebalance recounts rather than carrying stale numbers) and kept by every
 * change after. Summing the gauges over instances gives the whole inventory. All labels are fixed sets.
 */
public final class RegistrationMetrics implements MeterBinder {

    public static final String PRINCIPALS = "mfawatch.registration.principals";
    public static final String BACKLOG = "mfawatch.enrolment.backlog";
    public static final String TIME_TO_ENROL = "mfawatch.time.to.enrol";
    public static final String STALE_FACTORS = "mfawatch.registration.stale.factors";
    public static final List<String> TYPES = List.of("user", "service", "break_glass");
    /** The classes a registered method can have (see {@code RegisteredMethods}). */
    public static final List<MethodClass> STALE_CLASSES = List.of(MethodClass.PHISHING_RESISTANT, MethodClass.OTP,
            MethodClass.SMS_VOICE, MethodClass.PUSH, MethodClass.OTHER);
    public static final Duration[] TIME_TO_ENROL_BUCKETS = {Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7),
            Duration.ofDays(14), Duration.ofDays(30), Duration.ofDays(90)};

    private static final int LEVELS = Level.values().length;
    private static final int CELLS = LEVELS * 2 * 3;

    /** Per task: principals by cell, backlog (covered, not covered), stale factors by method class ordinal. */
    private final Map<Object, Counts> tasks = new ConcurrentHashMap<>();
    private volatile Timer timeToEnrol;

    /** One task's counts; written by the task's stream thread only, read by scrapes. */
    public static final class Counts {
        private final AtomicLongArray principals = new AtomicLongArray(CELLS);
        private final AtomicLongArray backlog = new AtomicLongArray(2);
        private final AtomicLongArray stale = new AtomicLongArray(MethodClass.values().length);

        public void principal(Level level, boolean privileged, String type, int delta) {
            principals.addAndGet(cell(level, privileged, type), delta);
        }

        public void stale(MethodClass c, int delta) {
            stale.addAndGet(c.ordinal(), delta);
        }

        public void backlog(long covered, long uncovered) {
            backlog.set(0, covered);
            backlog.set(1, uncovered);
        }
    }

    private static int cell(Level level, boolean privileged, String type) {
        return (level.ordinal() * 2 + (privileged ? 1 : 0)) * 3 + Math.max(0, TYPES.indexOf(type));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Level level : Level.values()) {
            for (boolean privileged : new boolean[] {false, true}) {
                for (String type : TYPES) {
                    int cell = cell(level, privileged, type);
                    Gauge.builder(PRINCIPALS, this, m -> m.sum(c -> c.principals.get(cell)))
                            .description("Principals whose MFA methods are known, by registration state")
                            .tags("state", level.label(), "privileged", Boolean.toString(privileged), "principal_type", type)
                            .register(registry);
                }
            }
        }
        for (int i = 0; i < 2; i++) {
            int slot = i;
            Gauge.builder(BACKLOG, this, m -> m.sum(c -> c.backlog.get(slot)))
                    .description("Principals with no MFA method, covered or not by an ENROLLMENT_PENDING exception in force")
                    .tags("covered", Boolean.toString(slot == 0)).register(registry);
        }
        for (MethodClass mc : STALE_CLASSES) {
            Gauge.builder(STALE_FACTORS, this, m -> m.sum(c -> c.stale.get(mc.ordinal())))
                    .description("Registered MFA methods unused for MFAWATCH_STALE_FACTOR_DAYS")
                    .tags("method_class", mc.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        timeToEnrol = Timer.builder(TIME_TO_ENROL)
                .description("From the inventory's creation date to the principal's first registered MFA method")
                .serviceLevelObjectives(TIME_TO_ENROL_BUCKETS)
                .register(registry);
    }

    private double sum(java.util.function.ToLongFunction<Counts> f) {
        long total = 0;
        for (Counts c : tasks.values()) {
            total += f.applyAsLong(c);
        }
        return total;
    }

    /** Fresh counts for a task starting (or restarting) on this instance; they replace any it had. */
    public Counts task(Object taskId) {
        Counts c = new Counts();
        tasks.put(taskId, c);
        return c;
    }

    /** The task left this instance (closed, revoked in a rebalance): its counts go with it. */
    public void closed(Object taskId, Counts counts) {
        tasks.remove(taskId, counts);
    }

    public void enrolled(Duration d) {
        Timer t = timeToEnrol;
        if (t != null) {
            t.record(d);
        }
    }
}
