package dev.mfawatch.detector.metrics;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.MfaInfo;
import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.SignInResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each binder against a SimpleMeterRegistry with exact values, and the exported Prometheus names. */
class DetectorMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void signInsByEveryTag_failuresByBoundedReason() {
        SignInMetrics m = new SignInMetrics();
        m.bindTo(registry);
        m.record(signIn("e1").source("Entra").build(), false);
        m.record(signIn("e2").source("entra").build(), true);
        m.record(signIn("e3").source("okta").withMfa(MethodClass.PHISHING_RESISTANT, "FIDO2").build(), false);
        m.record(signIn("e4").source("okta").result(SignInResult.FAILURE)
                .mfa(new MfaInfo(true, false, "Okta Verify", MethodClass.PUSH, MfaResult.DENIED, null, null)).build(), false);
        m.record(signIn("e5").source("okta").result(SignInResult.FAILURE).build(), false);

        assertThat(registry.get(SignInMetrics.SIGNINS).tags("source", "entra", "result", "SUCCESS", "mfa_satisfied", "false",
                "method_class", "NONE", "covered_by_exception", "false", "privileged", "unknown").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(SignInMetrics.SIGNINS).tags("source", "entra", "covered_by_exception", "true").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get(SignInMetrics.SIGNINS).tags("source", "okta", "result", "SUCCESS", "mfa_satisfied", "true",
                "method_class", "PHISHING_RESISTANT").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(SignInMetrics.SIGNINS).tags("source", "okta", "result", "FAILURE").counters())
                .hasSize(2);
        assertThat(registry.get(SignInMetrics.FAILURES).tags("source", "okta", "reason", "mfa_denied").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(SignInMetrics.FAILURES).tags("source", "okta", "reason", "other").counter().count()).isEqualTo(1.0);
        assertThat(registry.find(SignInMetrics.FAILURES).tags("source", "entra").counters()).isEmpty();
    }

    @Test
    void sourceTagStaysBounded() {
        SignInMetrics m = new SignInMetrics();
        m.bindTo(registry);
        for (int i = 0; i < SignInMetrics.MAX_SOURCES + 10; i++) {
            m.record(signIn("e" + i).source("src-" + i).build(), false);
        }
        m.record(signIn("weird").source("not a source / with spaces").build(), false);
        assertThat(registry.find(SignInMetrics.SIGNINS).counters()).hasSize(SignInMetrics.MAX_SOURCES + 1);
        assertThat(registry.get(SignInMetrics.SIGNINS).tag("source", "other").counter().count()).isEqualTo(11.0);
    }

    @Test
    void exceptionUsageByCategory() {
        ExceptionUsageMetrics m = new ExceptionUsageMetrics();
        m.bindTo(registry);
        m.used(ExceptionCategory.LEGACY_PROTOCOL);
        m.used(ExceptionCategory.LEGACY_PROTOCOL);
        m.used(ExceptionCategory.BREAK_GLASS);
        assertThat(registry.get(ExceptionUsageMetrics.USAGE).tag("category", "LEGACY_PROTOCOL").counter().count()).isEqualTo(2.0);
        assertThat(registry.get(ExceptionUsageMetrics.USAGE).tag("category", "BREAK_GLASS").counter().count()).isEqualTo(1.0);
    }

    @Test
    void alertsByRuleAndSeverity_knownRulesStartAtZero() {
        AlertMetrics m = new AlertMetrics(Map.of("MFA_NOT_SATISFIED", Severity.HIGH, "EXPIRED_EXCEPTION_USED", Severity.HIGH));
        m.bindTo(registry);
        assertThat(registry.get(AlertMetrics.ALERTS).tags("rule", "EXPIRED_EXCEPTION_USED", "severity", "HIGH").counter().count())
                .isZero();
        m.alert("MFA_NOT_SATISFIED", Severity.HIGH);
        m.alert("MFA_NOT_SATISFIED", Severity.CRITICAL);
        m.detectorError("MFA_NOT_SATISFIED");
        assertThat(registry.get(AlertMetrics.ALERTS).tags("rule", "MFA_NOT_SATISFIED", "severity", "HIGH").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(AlertMetrics.ALERTS).tags("rule", "MFA_NOT_SATISFIED", "severity", "CRITICAL").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(AlertMetrics.DETECTOR_ERRORS).tag("rule", "MFA_NOT_SATISFIED").counter().count()).isEqualTo(1.0);
    }

    @Test
    void deadLettersBySourceTopicAndReason() {
        DeadLetterMetrics m = new DeadLetterMetrics();
        m.bindTo(registry);
        m.deadLettered("signin.events", "invalid_json");
        m.deadLettered("signin.events", "invalid_json");
        m.deadLettered("signin.events", "invalid_field");
        assertThat(registry.get(DeadLetterMetrics.DEAD_LETTERS).tags("source", "signin.events", "reason", "invalid_json")
                .counter().count()).isEqualTo(2.0);
        assertThat(registry.get(DeadLetterMetrics.DEAD_LETTERS).tags("source", "signin.events", "reason", "invalid_field")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void registerInvalidByReason() {
        RegisterMetrics m = new RegisterMetrics();
        m.bindTo(registry);
        m.invalid(RegisterMetrics.INVALID_VALUE);
        assertThat(registry.get(RegisterMetrics.INVALID).tag("reason", "invalid_value").counter().count()).isEqualTo(1.0);
    }

    @Test
    void prometheusExportsTheDocumentedNames() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DetectorMetrics m = DetectorMetrics.bindTo(prometheus, Map.of("MFA_NOT_SATISFIED", Severity.HIGH));
        m.signIns().record(signIn("e1").result(SignInResult.FAILURE).build(), false);
        m.exceptionUsage().used(ExceptionCategory.SERVICE_ACCOUNT);
        m.alerts().alert("MFA_NOT_SATISFIED", Severity.HIGH);
        m.deadLetters().deadLettered("signin.events", "invalid_json");
        m.register().invalid(RegisterMetrics.INVALID_VALUE);
        String scrape = prometheus.scrape();
        assertThat(scrape).contains(
                "mfawatch_signins_total{covered_by_exception=\"false\",method_class=\"NONE\",mfa_satisfied=\"false\","
                        + "privileged=\"unknown\",result=\"FAILURE\",source=\"entra\"} 1.0",
                "mfawatch_signin_failures_total{reason=\"other\",source=\"entra\"} 1.0",
                "mfawatch_exception_usage_total{category=\"SERVICE_ACCOUNT\"} 1.0",
                "mfawatch_alerts_total{rule=\"MFA_NOT_SATISFIED\",severity=\"HIGH\"} 1.0",
                "mfawatch_dead_letters_total{reason=\"invalid_json\",source=\"signin.events\"} 1.0",
                "mfawatch_register_invalid_total{reason=\"invalid_value\"} 1.0");
        prometheus.close();
    }

    /** The names and labels the Prometheus rules and dashboards are written against (dashboards/). */
    @Test
    void registrationMetricsExportTheDocumentedNamesAndLabels() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DetectorMetrics m = DetectorMetrics.bindTo(prometheus, Map.of());
        RegistrationMetrics.Counts task = m.registration().task("0_0");
        task.principal(dev.mfawatch.detector.registration.RegisteredMethods.Level.WEAK_ONLY, true, "break_glass", 1);
        task.backlog(2, 3);
        task.stale(dev.mfawatch.model.signin.MethodClass.SMS_VOICE, 4);
        m.registration().enrolled(java.time.Duration.ofDays(2));
        String scrape = prometheus.scrape();
        assertThat(scrape).contains(
                "mfawatch_registration_principals{principal_type=\"break_glass\",privileged=\"true\",state=\"weak_only\"} 1.0",
                "mfawatch_registration_principals{principal_type=\"user\",privileged=\"false\",state=\"none\"} 0.0",
                "mfawatch_enrolment_backlog{covered=\"true\"} 2.0",
                "mfawatch_enrolment_backlog{covered=\"false\"} 3.0",
                "mfawatch_registration_stale_factors{method_class=\"sms_voice\"} 4.0",
                "mfawatch_registration_stale_factors{method_class=\"phishing_resistant\"} 0.0",
                "mfawatch_time_to_enrol_seconds_bucket{le=\"86400.0\"} 0",
                "mfawatch_time_to_enrol_seconds_bucket{le=\"259200.0\"} 1",
                "mfawatch_time_to_enrol_seconds_count 1",
                "mfawatch_time_to_enrol_seconds_sum 172800.0");
        // Bounded: 4 states x 2 x 3 types, 2 backlog series, 5 method classes.
        assertThat(prometheus.find(RegistrationMetrics.PRINCIPALS).gauges()).hasSize(24);
        assertThat(prometheus.find(RegistrationMetrics.STALE_FACTORS).gauges()).hasSize(5);
        prometheus.close();
    }
}
