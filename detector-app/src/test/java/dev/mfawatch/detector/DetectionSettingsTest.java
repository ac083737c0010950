package dev.mfawatch.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectionSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        DetectionSettings d = DetectorConfig.from(Map.of()).detection();
        assertThat(d).isEqualTo(DetectionSettings.DEFAULTS);
        assertThat(d.suppressionWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(d.travelMinDistanceKm()).isEqualTo(500);
        assertThat(d.travelMaxSpeedKmh()).isEqualTo(1000);
        assertThat(d.travelLateGrace()).isEqualTo(Duration.ofMinutes(10));
        assertThat(d.oathThreshold()).isEqualTo(3);
        assertThat(d.oathWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(d.travelEgressNetworks()).isEmpty();
        assertThat(d.factorSwapWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(d.inMemoryStores()).isFalse();
        assertThat(d.grace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(d.futureTolerance()).isEqualTo(Duration.ofMinutes(5));
        assertThat(DetectorConfig.from(Map.of(DetectionSettings.STATE_STORES, "memory")).detection().inMemoryStores()).isTrue();
    }

    @Test
    void everySettingIsReadFromTheEnvironment() {
        DetectionSettings d = DetectorConfig.from(Map.of(
                DetectionSettings.SUPPRESSION_WINDOW, "0s",
                DetectionSettings.TRAVEL_MIN_DISTANCE_KM, "300.5",
                DetectionSettings.TRAVEL_MAX_SPEED_KMH, "900",
                DetectionSettings.TRAVEL_EGRESS_CIDRS, "10.0.0.0/8, 2001:db8::/32",
                DetectionSettings.TRAVEL_LATE_GRACE, "5m",
                DetectionSettings.OATH_THRESHOLD, "5",
                DetectionSettings.OATH_BRUTE_FORCE_FAILURES, "20",
                DetectionSettings.GRACE, "2m",
                DetectionSettings.FUTURE_TOLERANCE, "30s")).detection();
        assertThat(d.grace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(d.futureTolerance()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.suppressionWindow()).isZero();
        assertThat(d.travelMinDistanceKm()).isEqualTo(300.5);
        assertThat(d.travelMaxSpeedKmh()).isEqualTo(900);
        assertThat(d.travelEgressNetworks()).extracting(Object::toString).containsExactly("10.0.0.0/8", "2001:db8::/32");
        assertThat(d.travelLateGrace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.oathThreshold()).isEqualTo(5);
        assertThat(d.oathBruteForceFailures()).isEqualTo(20);
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> DetectorConfig.from(Map.of(DetectionSettings.TRAVEL_EGRESS_CIDRS, "10.0.0.0/33")))
                .hasMessageContaining(DetectionSettings.TRAVEL_EGRESS_CIDRS);
        assertThatThrownBy(() -> DetectorConfig.from(Map.of(DetectionSettings.TRAVEL_MAX_SPEED_KMH, "fast")))
                .hasMessageContaining(DetectionSettings.TRAVEL_MAX_SPEED_KMH);
        assertThatThrownBy(() -> DetectorConfig.from(Map.of(DetectionSettings.OATH_THRESHOLD, "50")))
                .hasMessageContaining(DetectionSettings.OATH_THRESHOLD);
        assertThatThrownBy(() -> DetectorConfig.from(Map.of(DetectionSettings.STATE_STORES, "disk")))
                .hasMessageContaining(DetectionSettings.STATE_STORES);
        assertThatThrownBy(() -> DetectorConfig.from(Map.of(DetectionSettings.GRACE, "PT-1M")))
                .hasMessageContaining(DetectionSettings.GRACE);
    }
}
