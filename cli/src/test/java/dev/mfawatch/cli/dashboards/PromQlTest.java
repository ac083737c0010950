package dev.mfawatch.cli.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void selectorsSkipFunctionsKeywordsGroupingAndRanges() {
        String expr = "histogram_quantile(0.95, sum by (le) (rate(mfawatch_event_lag_seconds_bucket[$__rate_interval])))";
        assertThat(PromQl.selectors(expr)).containsExactly("mfawatch_event_lag_seconds_bucket");
    }

    @Test
    void selectorsKeepTheirMatchers() {
        String expr = "(sum(increase(mfawatch_alerts_total{rule=\"BREAK_GLASS_SIGNIN\"}[5m])) or vector(0)) > 0";
        assertThat(PromQl.selectors(expr)).containsExactly("mfawatch_alerts_total{rule=\"BREAK_GLASS_SIGNIN\"}");
    }

    @Test
    void recordingRuleNamesAndBinaryOperators() {
        String expr = "1 - sum(mfawatch_register_without_compensating_controls) / sum(mfawatch_register_exceptions_in_force)"
                + " and on() mfawatch:mfa_coverage:ratio_rate5m < bool 0.9";
        assertThat(PromQl.metricNames(expr)).containsExactly("mfawatch_register_without_compensating_controls",
                "mfawatch_register_exceptions_in_force", "mfawatch:mfa_coverage:ratio_rate5m");
    }

    @Test
    void matcherValuesAreNotNames() {
        String expr = "max(kafka_consumer_fetch_manager_records_lag_max{client_id=~\".*-StreamThread-[0-9]+-consumer\"}) / 1e3";
        assertThat(PromQl.metricNames(expr)).containsExactly("kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void grafanaVariablesBecomeFixedWindows() {
        assertThat(PromQl.expandGrafanaVariables("increase(x[$__range]) + rate(y[$__rate_interval])"))
                .isEqualTo("increase(x[5m]) + rate(y[1m])");
    }
}
