package dev.mfawatch.cli.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
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
        Binaries.Result r = Binaries.run(DashboardFiles.root().resolve("rules"),
                List.of(promtool.toString(), "test", "rules", "mfa-watch.rules.test.yml"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void prometheusConfigPassesPromtoolCheck() throws Exception {
        Binaries.Result r = Binaries.run(DashboardFiles.root(),
                List.of(promtool.toString(), "check", "config", "--syntax-only", "prometheus.yml"));
        assertThat(r.exitCode()).as(r.output()).isZero();
    }
}
