package dev.mfawatch.detector;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.alerting.DetectionProcessor;
import dev.mfawatch.detector.alerting.PrincipalRecord;
import dev.mfawatch.detector.factors.FactorSwapDetector;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.detector.inventory.InventoryFactsSerde;
import dev.mfawatch.detector.rules.Detectors;
import dev.mfawatch.detector.travel.ImpossibleTravelDetector;
import dev.mfawatch.model.signin.MethodClass;
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
            KeyValueStore<String, byte[]> state = p.driver.getKeyValueStore(DetectionProcessor.STORE);
            KeyValueStore<String, InventoryFacts> inventory = p.driver.getKeyValueStore("principals-inventory");
            byte[] record = state.get(user);
            int travelBytes = PrincipalRecord.part(record, ImpossibleTravelDetector.ID).length;
            int inventoryBytes = InventoryFactsSerde.encode(inventory.get(user)).length;
            int factorBytes = PrincipalRecord.part(record, FactorSwapDetector.ID).length;
            int resetBytes = PrincipalRecord.part(record, dev.mfawatch.detector.resets.MfaResetAbuseDetector.ID).length;
            // One record holds every rule's state: a 9-byte header, and per rule its id, a 1-byte length and the 1-byte id length.
            assertThat(record.length).isEqualTo(9 + (2 + ImpossibleTravelDetector.ID.length() + travelBytes)
                    + (2 + FactorSwapDetector.ID.length() + factorBytes)
                    + (2 + dev.mfawatch.detector.resets.MfaResetAbuseDetector.ID.length() + resetBytes));
            assertThat(travelBytes).isEqualTo(2 + 4 * 20);
            assertThat(inventoryBytes).isEqualTo(3 + 6 + 23);
            // One method used ("push"), no factor change.
            assertThat(factorBytes).isEqualTo(3 + 9);
            // The values a principal holds; the key (its id, 17 bytes here) is stored once for all rules and once in the inventory.
            // MFA_RESET_ABUSE's history of where it signs in from: country, IP prefix, user agent (the fixture has no device).
            assertThat(resetBytes).isEqualTo(4 + 3 * 9 + 5);
            assertThat(travelBytes + inventoryBytes + factorBytes + resetBytes).isEqualTo(162).isLessThanOrEqualTo(200);
            // The worst steady case: three methods and a recent change: 36 bytes for factors, 150 in all.
            assertThat(travelBytes + inventoryBytes + 3 + 3 * 9 + 6).isEqualTo(150);
            // The registration step's record: 11 bytes + 10 per registered method (two here).
            KeyValueStore<String, byte[]> registration = p.driver.getKeyValueStore(
                    dev.mfawatch.detector.registration.RegistrationProcessor.STORE);
            assertThat(registration.get(user)).hasSize(11 + 2 * 10);
            assertThat(Detectors.all(DetectorConfig.from(Map.of()))).isNotEmpty();
        }
    }
}
