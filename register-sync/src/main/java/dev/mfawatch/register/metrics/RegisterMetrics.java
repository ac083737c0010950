package dev.mfawatch.register.metrics;

import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * register-sync's metrics, prefix {@code mfawatch_register_}. Gauges read the latest
 * {@link RegisterStats}; counters count what was published. Tags are closed sets (category,
 * status, kind, stat, severity): never an exception id or a principal.
 */
public final class RegisterMetrics implements MeterBinder {

    private final AtomicReference<RegisterStats> stats = new AtomicReference<>(RegisterStats.EMPTY);
    private final AtomicLong upserts = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();
    private final Map<NoticeKind, AtomicLong> notices = new EnumMap<>(NoticeKind.class);

    public RegisterMetrics() {
        for (NoticeKind k : NoticeKind.values()) {
            notices.put(k, new AtomicLong());
        }
    }

    public void update(RegisterStats latest) {
        stats.set(latest);
    }

    public RegisterStats stats() {
        return stats.get();
    }

    public void published(int upsertCount, int tombstoneCount) {
        upserts.addAndGet(upsertCount);
        tombstones.addAndGet(tombstoneCount);
    }

    public void noticed(NoticeKind kind) {
        notices.get(kind).incrementAndGet();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ExceptionCategory c : ExceptionCategory.values()) {
            for (ExceptionStatus s : ExceptionStatus.values()) {
                gauge("mfawatch.register.exceptions", "Register entries by category and status",
                        st -> st.byCategoryAndStatus().get(c).get(s))
                        .tag("category", c.name()).tag("status", s.name()).register(registry);
            }
            gauge("mfawatch.register.exceptions.in.force", "Entries in force now, by category",
                    st -> st.inForce().get(c)).tag("category", c.name()).register(registry);
        }
        gauge("mfawatch.register.expiring.soon", "Entries in force that expire within the notice horizon",
                RegisterStats::expiringSoon).register(registry);
        gauge("mfawatch.register.review.overdue", "Entries in force whose review is overdue",
                RegisterStats::reviewOverdue).register(registry);
        gauge("mfawatch.register.without.compensating.controls",
                "Entries in force without any compensating control", RegisterStats::withoutCompensatingControls)
                .register(registry);
        summary(registry, "mfawatch.register.exception.duration", "Planned duration (activation to expiry) of entries in force",
                RegisterStats::durationSeconds);
        summary(registry, "mfawatch.register.exception.age", "Time since activation of entries in force",
                RegisterStats::ageSeconds);
        gauge("mfawatch.register.problems", "Problems found by the latest validation", RegisterStats::errors)
                .tag("severity", "error").register(registry);
        gauge("mfawatch.register.problems", "Problems found by the latest validation", RegisterStats::warnings)
                .tag("severity", "warning").register(registry);
        gauge("mfawatch.register.last.sync.timestamp", "When the register was last evaluated",
                st -> st.at().getEpochSecond()).baseUnit("seconds").register(registry);
        FunctionCounter.builder("mfawatch.register.published", upserts, AtomicLong::get)
                .description("Records published to mfa.register").tag("kind", "upsert").register(registry);
        FunctionCounter.builder("mfawatch.register.published", tombstones, AtomicLong::get)
                .description("Records published to mfa.register").tag("kind", "tombstone").register(registry);
        notices.forEach((kind, count) -> FunctionCounter.builder("mfawatch.register.notices", count, AtomicLong::get)
                .description("Notices published to mfa.register.notices").tag("kind", kind.name()).register(registry));
    }

    private Gauge.Builder<AtomicReference<RegisterStats>> gauge(String name, String description,
                                                                ToDoubleFunction<RegisterStats> value) {
        return Gauge.builder(name, stats, ref -> value.applyAsDouble(ref.get())).description(description);
    }

    private void summary(MeterRegistry registry, String name, String description,
                         java.util.function.Function<RegisterStats, RegisterStats.Summary> summary) {
        for (String stat : new String[] {"median", "max", "sum"}) {
            gauge(name, description, st -> switch (stat) {
                case "median" -> summary.apply(st).median();
                case "max" -> summary.apply(st).max();
                default -> summary.apply(st).sum();
            }).tag("stat", stat.toLowerCase(Locale.ROOT)).baseUnit("seconds").register(registry);
        }
    }
}
