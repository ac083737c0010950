package dev.mfawatch.detector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.RuleDefaults;
import dev.mfawatch.detector.rules.RuleSettings;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** The rule tests in detections run at RuleDefaults: they must be the detector's own defaults, threshold by threshold. */
class RuleDefaultsTest {

    @Test
    void theRuleTestsDefaultsAreTheDetectorsDefaults() throws ReflectiveOperationException {
        Method[] thresholds = RuleSettings.class.getMethods();
        assertThat(thresholds).hasSizeGreaterThanOrEqualTo(14);
        for (Method m : thresholds) {
            assertThat(m.invoke(RuleDefaults.DEFAULTS)).as(m.getName()).isEqualTo(m.invoke(DetectionSettings.DEFAULTS));
        }
    }
}
