package dev.mfawatch.detector.inventory;

import static dev.mfawatch.detector.fixtures.Pipeline.principal;
import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.signin.MethodClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code directory.principals} joined into the detection path as a co-partitioned KTable. */
class InventoryJoinTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void privilegedPrincipalsMakeMfaNotSatisfiedCritical_unknownAndUnprivilegedStayHigh() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            p.publish(principal("admin@example.com", List.of("Global Administrator"), false, "fido2"));
            p.publish(principal("bob@example.com", List.of(), false, "microsoftAuthenticator"));
            p.pipe(signIn("e-admin").principal("admin@example.com").at("2026-11-23T09:00:00Z").build());
            p.pipe(signIn("e-bob").principal("bob@example.com").at("2026-11-23T09:01:00Z").build());
            p.pipe(signIn("e-carol").principal("carol@example.com").at("2026-11-23T09:02:00Z").build());
            p.pipe(signIn("e-bob-mfa").principal("bob@example.com").at("2026-11-23T09:03:00Z")
                    .withMfa(MethodClass.PUSH, "microsoftAuthenticator").build());

            List<Alert> out = p.alerts.readValuesToList();
            assertThat(out).extracting(Alert::principal, Alert::rule, Alert::severity).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("admin@example.com", "MFA_NOT_SATISFIED", Severity.CRITICAL),
                    org.assertj.core.groups.Tuple.tuple("bob@example.com", "MFA_NOT_SATISFIED", Severity.HIGH),
                    org.assertj.core.groups.Tuple.tuple("carol@example.com", "MFA_NOT_SATISFIED", Severity.HIGH));
            assertThat(out).extracting(a -> a.details().get("privileged")).containsExactly("true", "false", "unknown");
            assertThat(p.alerts.isEmpty()).isTrue();

            assertThat(p.count("mfawatch.signins", "privileged", "true")).isEqualTo(1.0);
            assertThat(p.count("mfawatch.signins", "privileged", "false")).isEqualTo(2.0);
            assertThat(p.count("mfawatch.signins", "privileged", "unknown")).isEqualTo(1.0);
        }
    }

    @Test
    void anInventoryTombstoneOrAnInvalidRecordMakesThePrincipalUnknown_andIsCounted() {
        try (Pipeline p = new Pipeline(stateDir, Map.of())) {
            p.publish(principal("admin@example.com", List.of("Global Administrator"), false));
            p.principals.pipeInput("admin@example.com", null, Instant.parse("2026-11-02T00:00:00Z"));
            p.publish(principal("root@example.com", List.of("Security Administrator"), false));
            p.principals.pipeInput("root@example.com", "{\"id\":".getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-02T00:00:00Z"));
            p.pipe(signIn("e1").principal("admin@example.com").at("2026-11-23T09:00:00Z").build());
            p.pipe(signIn("e2").principal("root@example.com").at("2026-11-23T09:01:00Z").build());

            assertThat(p.alerts.readValuesToList()).extracting(Alert::severity).containsExactly(Severity.HIGH, Severity.HIGH);
            assertThat(p.alerts.isEmpty()).isTrue();
            assertThat(p.count("mfawatch.inventory.invalid")).isEqualTo(1.0);
            assertThat(p.count("mfawatch.signins", "privileged", "unknown")).isEqualTo(2.0);
        }
    }

    @Test
    void factsEncodeInAFewBytes_andRoundTrip() {
        InventoryFacts f = new InventoryFacts(true, false, List.of("fido2", "microsoftAuthenticator"));
        byte[] b = InventoryFactsSerde.encode(f);
        // version + flags + count + (1 + 5) + (1 + 22)
        assertThat(b).hasSize(3 + 6 + 23);
        assertThat(InventoryFactsSerde.decode(b)).isEqualTo(f);
    }

    /**
     * "Not stated" survives the store (a flag bit, version 2). Version 1 values could not tell unknown from none: an
     * empty list reads as unknown, a non-empty one as stated.
     */
    @Test
    void unknownMethodsRoundTrip_andOldEmptyValuesReadAsUnknown() {
        InventoryFacts unknown = new InventoryFacts(false, false, List.of(), false);
        assertThat(InventoryFactsSerde.decode(InventoryFactsSerde.encode(unknown))).isEqualTo(unknown);
        InventoryFacts none = new InventoryFacts(false, false, List.of(), true);
        assertThat(InventoryFactsSerde.decode(InventoryFactsSerde.encode(none))).isEqualTo(none);
        assertThat(InventoryFactsSerde.decode(new byte[] {1, 1, 0})).isEqualTo(new InventoryFacts(true, false, List.of(), false));
        assertThat(InventoryFactsSerde.decode(new byte[] {1, 0, 1, 3, 's', 'm', 's'}))
                .isEqualTo(new InventoryFacts(false, false, List.of("sms"), true));
        assertThat(InventoryFacts.of(new dev.mfawatch.model.register.Principal("a@example.com", List.of(), null, List.of(), false,
                null, null, true)).methodsKnown()).isFalse();
    }
}
