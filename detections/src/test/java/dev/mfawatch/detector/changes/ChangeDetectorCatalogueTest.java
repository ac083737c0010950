package dev.mfawatch.detector.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.RuleDefaults;
import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.detector.rules.RuleConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Over {@link ChangeDetectors#all}: ids unique (also against the sign-in rules), metadata complete, a test class each. */
class ChangeDetectorCatalogueTest {

    private final RuleConfig config = () -> RuleDefaults.DEFAULTS;
    private final List<ChangeDetector> all = ChangeDetectors.all(config);

    @Test
    void idsAreUniqueAcrossBothCatalogues() {
        assertThat(all).extracting(d -> d.metadata().id()).containsExactly("UNAPPROVED_EXCLUSION_CHANGE");
        List<String> signInRules = Detectors.all(config).stream().map(d -> d.metadata().id()).toList();
        assertThat(all).extracting(d -> d.metadata().id()).doesNotContainAnyElementsOf(signInRules);
    }

    @Test
    void metadataIsCompleteAndEachDetectorHasItsOwnTestClass() throws Exception {
        for (ChangeDetector d : all) {
            DetectorMetadata m = d.metadata();
            assertThat(m.attack()).as(m.id()).isNotEmpty();
            assertThat(m.falsePositives()).as(m.id()).isNotEmpty();
            assertThat(m.references()).as(m.id()).isNotEmpty();
            assertThat(m.response().contain()).as(m.id()).isNotBlank();
            assertThat(m.response().eradicate()).as(m.id()).isNotBlank();
            assertThat(m.response().recover()).as(m.id()).isNotBlank();
            assertThat(Class.forName(d.getClass().getName() + "Test")).isNotNull();
        }
    }
}
