package dev.mfawatch.detector.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.model.config.EnvConfig;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReviewSettingsTest {

    private static Pattern pattern(Map<String, String> env) {
        return ReviewSettings.from(EnvConfig.of(env)).pattern();
    }

    @Test
    void theDefaultPatternsCoverEveryProvidersAdministratorRoles() {
        Pattern p = pattern(Map.of());
        assertThat(p.matcher("Global Administrator").matches()).isTrue();
        assertThat(p.matcher("Privileged Role Administrator").matches()).isTrue();
        assertThat(p.matcher("Security Administrator").matches()).isTrue();
        assertThat(p.matcher("Okta Super Administrator").matches()).isTrue();
        assertThat(p.matcher("SUPER_ADMIN").matches()).isTrue();
        assertThat(p.matcher("Google Super Admin").matches()).isTrue();
        assertThat(p.matcher("AdministratorAccess").matches()).isTrue();
        assertThat(p.matcher("IAMFullAccess").matches()).isTrue();
        assertThat(p.matcher("PowerUserAccess").matches()).isTrue();
        assertThat(p.matcher("Owner").matches()).isTrue();
        assertThat(p.matcher("Reports Reader").matches()).isFalse();
        assertThat(p.matcher("ReadOnlyAccess").matches()).isFalse();
        assertThat(p.matcher("Co-owner of the lunch rota").matches()).isFalse();
    }

    @Test
    void patternsAreWholeNameGlobs_caseInsensitive_andNoneTurnsNamesOff() {
        Pattern p = pattern(Map.of(ReviewSettings.PRIVILEGED_ROLES, " Tier0 * , Global Administrator,a.b"));
        assertThat(p.matcher("tier0 operator").matches()).isTrue();
        assertThat(p.matcher("GLOBAL ADMINISTRATOR").matches()).isTrue();
        assertThat(p.matcher("Global Administrator (eligible)").matches()).isFalse();
        // Only * is special: a dot is a dot.
        assertThat(p.matcher("a.b").matches()).isTrue();
        assertThat(p.matcher("axb").matches()).isFalse();
        assertThat(pattern(Map.of(ReviewSettings.PRIVILEGED_ROLES, "none")).matcher("Global Administrator").matches()).isFalse();
    }

    @Test
    void readByTheDetectorsConfiguration() {
        DetectorConfig config = DetectorConfig.from(Map.of(ReviewSettings.SAME_CHANGE_WINDOW, "2d",
                ReviewSettings.PRIVILEGED_ROLES, "Owner"));
        assertThat(config.review()).isEqualTo(new ReviewSettings(java.util.List.of("Owner"), Duration.ofDays(2)));
        assertThat(DetectorConfig.from(Map.of()).review()).isEqualTo(ReviewSettings.DEFAULTS);
        assertThatThrownBy(() -> DetectorConfig.from(Map.of(ReviewSettings.SAME_CHANGE_WINDOW, "-1d")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ReviewSettings.SAME_CHANGE_WINDOW);
    }
}
