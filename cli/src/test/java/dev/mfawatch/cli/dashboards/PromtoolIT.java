package dev.mfawatch.cli.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code promtool check} and {@code promtool test rules} over {@code dashboards/}. Skipped where
 * promtool is not installed ({@code apt-get install prometheus}; {@code .ci/run} installs it).
 */
class PromtoolIT {

    private static Path promtool;

    @BeforeEach
    void findPromtool() {
        promtool = Binaries.find("promtool").orElse(null);
        assumeTrue(promtool != null, "promtool not installed (Debian package 'prometheus'): skipping");
    }

    @Test
    void ruleFilesPassPromtoolCheck() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(promtool.toString(), "check", "rules"));
        DashboardFiles.ruleFiles().forEach(f -> cmd.add(f.toString()));
        assertThat(DashboardFiles.ruleFiles()).hasSize(2);
        Binaries.Result r = Binaries.run(DashboardFiles.root(), cmd);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).doesNotContain("WARNING");
    }

    @Test
    void ruleUnitTestsPass() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
        DashboardFiles.ruleTestFiles().forEach(f -> cmd.add(f.getFileName().toString()));
        assertThat(DashboardFiles.ruleTestFiles()).extracting(f -> f.getFileName().toString())
                .contains("mfa-watch.rules.test.yml", "mfa-watch-baselines.rules.test.yml");
        // The baselines' scenarios evaluate every rule over 8 days of 10-minute steps: ~25 s of CPU.
        Binaries.Result r = Binaries.run(DashboardFiles.root().resolve("rules"), cmd, Duration.ofMinutes(5));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output().split("SUCCESS", -1)).as(r.output()).hasSize(DashboardFiles.ruleTestFiles().size() + 1);
    }

    @Test
    void prometheusConfigPassesPromtoolCheck() throws Exception {
        Binaries.Result r = Binaries.run(DashboardFiles.root(),
                List.of(promtool.toString(), "check", "config", "--syntax-only", "prometheus.yml"));
        assertThat(r.exitCode()).as(r.output()).isZero();
    }
}
