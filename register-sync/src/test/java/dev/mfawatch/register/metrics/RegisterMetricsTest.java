package dev.mfawatch.register.metrics;

import static dev.mfawatch.register.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.register.publish.EntryNormaliser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegisterMetricsTest {

    private static final Instant NOW = Instant.parse("2026-03-11T00:00:00Z");
    private static final long DAY = 86_400;

    /**
     * Three entries in force on 2026-03-11 and one expired:
     * A admin 2026-03-01..03-14 (13 d, age 10 d, expires in 3 d: expiring soon, never reviewed with
     * cadence 7: overdue since 03-08, no controls); B legacy 03-01..05-30 (90 d, age 10 d, has controls);
     * C legacy 03-05..04-04 (30 d, age 6 d, no controls); D testing 03-01..03-05 (expired).
     */
    private static RegisterStats stats() {
        var a = entry("A", ExceptionCategory.ADMIN_EXCLUSION, "2026-03-01T00:00:00Z", "2026-03-14T00:00:00Z", 7, null, List.of());
        var b = entry("B", ExceptionCategory.LEGACY_PROTOCOL, "2026-03-01T00:00:00Z", "2026-05-30T00:00:00Z", 30, null, List.of("allow-list"));
        var c = entry("C", ExceptionCategory.LEGACY_PROTOCOL, "2026-03-05T00:00:00Z", "2026-04-04T00:00:00Z", 30, null, List.of());
        var d = EntryNormaliser.normalise(entry("D", ExceptionCategory.TESTING, "2026-03-01T00:00:00Z", "2026-03-05T00:00:00Z", 7, null, List.of()), NOW);
        return RegisterStats.of(List.of(a, b, c, d), NOW, Duration.ofDays(7), 2, 1);
    }

    @Test
    void gaugesReadTheLatestStats() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RegisterMetrics metrics = new RegisterMetrics();
        metrics.bindTo(registry);
        metrics.update(stats());
        metrics.published(4, 1);
        metrics.noticed(NoticeKind.EXPIRED);

        assertThat(registry.get("mfawatch.register.exceptions").tags("category", "LEGACY_PROTOCOL", "status", "ACTIVE").gauge().value()).isEqualTo(2);
        assertThat(registry.get("mfawatch.register.exceptions").tags("category", "TESTING", "status", "EXPIRED").gauge().value()).isEqualTo(1);
        assertThat(registry.get("mfawatch.register.exceptions").tags("category", "TESTING", "status", "ACTIVE").gauge().value()).isZero();
        assertThat(registry.get("mfawatch.register.exceptions.in.force").tags("category", "LEGACY_PROTOCOL").gauge().value()).isEqualTo(2);
        assertThat(registry.get("mfawatch.register.exceptions.in.force").tags("category", "TESTING").gauge().value()).isZero();
        assertThat(registry.get("mfawatch.register.expiring.soon").gauge().value()).isEqualTo(1);
        assertThat(registry.get("mfawatch.register.review.overdue").gauge().value()).isEqualTo(1);
        assertThat(registry.get("mfawatch.register.without.compensating.controls").gauge().value()).isEqualTo(2);
        // Durations 13, 90 and 30 days: median 30, max 90, sum 133.
        assertThat(registry.get("mfawatch.register.exception.duration").tag("stat", "median").gauge().value()).isEqualTo(30 * DAY);
        assertThat(registry.get("mfawatch.register.exception.duration").tag("stat", "max").gauge().value()).isEqualTo(90 * DAY);
        assertThat(registry.get("mfawatch.register.exception.duration").tag("stat", "sum").gauge().value()).isEqualTo(133 * DAY);
        // Ages 10, 10 and 6 days.
        assertThat(registry.get("mfawatch.register.exception.age").tag("stat", "median").gauge().value()).isEqualTo(10 * DAY);
        assertThat(registry.get("mfawatch.register.exception.age").tag("stat", "sum").gauge().value()).isEqualTo(26 * DAY);
        assertThat(registry.get("mfawatch.register.problems").tag("severity", "error").gauge().value()).isEqualTo(2);
        assertThat(registry.get("mfawatch.register.problems").tag("severity", "warning").gauge().value()).isEqualTo(1);
        assertThat(registry.get("mfawatch.register.last.sync.timestamp").gauge().value()).isEqualTo(NOW.getEpochSecond());
        assertThat(registry.get("mfawatch.register.published").tag("kind", "upsert").functionCounter().count()).isEqualTo(4);
        assertThat(registry.get("mfawatch.register.published").tag("kind", "tombstone").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("mfawatch.register.notices").tag("kind", "EXPIRED").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("mfawatch.register.notices").tag("kind", "REVIEW_OVERDUE").functionCounter().count()).isZero();
    }

    @Test
    void prometheusNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RegisterMetrics metrics = new RegisterMetrics();
        metrics.bindTo(registry);
        metrics.update(stats());
        String scrape = registry.scrape();
        assertThat(scrape).contains(
                "mfawatch_register_exceptions{category=\"LEGACY_PROTOCOL\",status=\"ACTIVE\"} 2.0",
                "mfawatch_register_exceptions_in_force{category=\"ADMIN_EXCLUSION\"} 1.0",
                "mfawatch_register_expiring_soon 1.0",
                "mfawatch_register_review_overdue 1.0",
                "mfawatch_register_without_compensating_controls 2.0",
                "mfawatch_register_exception_duration_seconds{stat=\"median\"} 2592000.0",
                "mfawatch_register_exception_age_seconds{stat=\"max\"} 864000.0",
                "mfawatch_register_problems{severity=\"error\"} 2.0",
                "mfawatch_register_last_sync_timestamp_seconds 1.7731872E9",
                "mfawatch_register_published_total{kind=\"tombstone\"} 0.0",
                "mfawatch_register_notices_total{kind=\"ROTATION_DUE\"} 0.0");
    }
}
