package dev.mfawatch.detector.registration;

import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.inventory.InventoryJoin;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * MFA registration coverage, added by {@code DetectorTopology.build}:
 * <pre>
 * principals-loader-source ──► registration-principal-input ──┐
 * change-event (resolved) ──► registration-changes ──► registration-change-input ─┼─► registration-inputs ──► registration [registration-state, registration-state-due]
 * signin-event (resolved) ──► registration-signin-input ──────┘        ──► registration-out- ─┬─► registration-alerts ──► registration-alerts-sink ──► mfa.alerts
 *                                                                                              └─► registration-notices ──► registration-notices-sink ──► mfa.register.notices
 * </pre>
 * All three inputs are keyed by principal id and co-partitioned, so they join the per-principal sub-topology
 * and add no repartition topic. The step also reads {@code principals-inventory} (the join's table, same task)
 * once, to seed an empty store after an upgrade. See {@link RegistrationProcessor}.
 */
public final class RegistrationTopology {

    public static final String PROCESSOR = "registration";
    public static final String ALERTS_SINK = "registration-alerts-sink";
    public static final String NOTICES_SINK = "registration-notices-sink";

    private static final Set<ChangeOperation> FACTOR_CHANGES =
            Set.of(ChangeOperation.FACTOR_REGISTERED, ChangeOperation.FACTOR_REMOVED, ChangeOperation.FACTOR_RESET);

    private RegistrationTopology() {
    }

    /** The detectors the registration step runs; the per-principal engine must not run them too. */
    public static boolean isRegistrationRule(Detector d) {
        return d instanceof RegistrationRule;
    }

    public static void addTo(KStream<String, Principal> principals, KStream<String, DirectoryChange> changes,
                             KStream<String, SignInEvent> signIns, List<Detector> detectors, RegisterIndex index,
                             DetectorConfig config, DetectorMetrics metrics) {
        List<RegistrationRule> rules = detectors.stream().filter(RegistrationTopology::isRegistrationRule)
                .map(d -> (RegistrationRule) d).toList();
        var settings = config.detection();
        principals.mapValues(p -> (RegistrationInput) new RegistrationInput.Version(p), Named.as("registration-principal-input"))
                .merge(changes.filter((k, c) -> FACTOR_CHANGES.contains(c.operation()), Named.as("registration-changes"))
                        .mapValues(c -> (RegistrationInput) new RegistrationInput.Change(c), Named.as("registration-change-input")),
                        Named.as("registration-principals-changes"))
                .merge(signIns.mapValues(e -> (RegistrationInput) new RegistrationInput.SignIn(e), Named.as("registration-signin-input")),
                        Named.as("registration-inputs"))
                .process(RegistrationProcessor.supplier(rules, index, config.mfaPolicy(), settings.registration(), metrics,
                        settings.stateExpiryInterval(), settings.grace(), settings.stores(), InventoryJoin.STORE),
                        Named.as(PROCESSOR), InventoryJoin.STORE)
                .split(Named.as("registration-out-"))
                .branch((k, out) -> out.alert() != null, Branched.withConsumer(alerts -> alerts
                        .mapValues(RegistrationOut::alert, Named.as("registration-alerts"))
                        .to(Topics.ALERTS.name(), Produced.with(Topics.ALERTS.keySerde(), Topics.ALERTS.valueSerde())
                                .withName(ALERTS_SINK)), "alert"))
                .defaultBranch(Branched.withConsumer(notices -> notices
                        .mapValues(RegistrationOut::notice, Named.as("registration-notices"))
                        .to(Topics.NOTICES.name(), Produced.with(Topics.NOTICES.keySerde(), Topics.NOTICES.valueSerde())
                                .withName(NOTICES_SINK)), "notice"));
    }
}
