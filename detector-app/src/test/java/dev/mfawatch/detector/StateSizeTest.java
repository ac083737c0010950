package dev.mfawatch.detector;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.alerting.DetectionProcessor;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.detector.inventory.InventoryFactsSerde;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.detector.travel.ImpossibleTravelDetector;
import dev.mfawatch.model.signin.MethodClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes of state per principal (DESIGN target: at most 200), measured on the stores after real
 * traffic: a principal with inventory facts and a full travel history.
 */
class StateSizeTest {

    @TempDir
    Path stateDir;

    @Test
    void aBusyPrincipalHoldsWellUnder200BytesOfState() {
        String user = "alice@example.com";
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            p.publish(Pipeline.principal(user, List.of(), false, "fido2", "microsoftAuthenticator"));
            for (int i = 0; i < 12; i++) {
                p.pipe(signIn("e" + i).principal(user).at(Instant.parse("2026-11-23T08:00:00Z").plusSeconds(1800L * i).toString())
                        .withMfa(MethodClass.PUSH, "push").build());
            }
            assertThat(p.alerts.isEmpty()).isTrue();
            KeyValueStore<String, byte[]> travel = p.driver.getKeyValueStore(
                    DetectionProcessor.storeName(new ImpossibleTravelDetector(DetectionSettings.DEFAULTS)));
            KeyValueStore<String, InventoryFacts> inventory = p.driver.getKeyValueStore("principals-inventory");
            int travelBytes = travel.get(user).length;
            int inventoryBytes = InventoryFactsSerde.encode(inventory.get(user)).length;
            int keyBytes = user.getBytes(StandardCharsets.UTF_8).length;
            assertThat(travelBytes).isEqualTo(2 + 4 * 20);
            assertThat(inventoryBytes).isEqualTo(3 + 6 + 23);
            // Values plus the key once per store.
            assertThat(travelBytes + inventoryBytes + 2 * keyBytes).isEqualTo(148).isLessThanOrEqualTo(200);
            assertThat(Detectors.all(DetectorConfig.from(Map.of()))).isNotEmpty();
        }
    }
}
