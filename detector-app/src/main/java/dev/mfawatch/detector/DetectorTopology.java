package dev.mfawatch.detector;

import dev.mfawatch.detector.alerting.DetectionInput;
import dev.mfawatch.detector.alerting.DetectionProcessor;
import dev.mfawatch.detector.changes.ChangeDetectors;
import dev.mfawatch.detector.changes.ChangeTopology;
import dev.mfawatch.detector.identity.IdentityResolution;
import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.detector.inventory.InventoryJoin;
import dev.mfawatch.detector.suppress.SuppressionProcessor;
import dev.mfawatch.detector.ingest.EventTimeExtractor;
import dev.mfawatch.detector.ingest.Parsed;
import dev.mfawatch.detector.ingest.SignInParser;
import dev.mfawatch.detector.ingest.raw.RawIngestTopology;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.ocsf.OcsfTopology;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.detector.register.RegisterLoader;
import dev.mfawatch.detector.registration.RegistrationTopology;
import dev.mfawatch.detector.review.ReviewTopology;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.Principal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The detector's topology, assembled here and nowhere else (tests build it through this too).
 *
 * <pre>
 * mfa.register ──► register-loader-source ──► register-loader ──► [register-store] + RegisterIndex
 *
 * directory.principals ──► principals-loader-source ──► principals-facts ──► principals-loader ──► [principals-inventory] (KTable of compact InventoryFacts)
 *                                                                                             │ left join by principal id (sign-ins and changes)
 * signin.events ──► signin-source ──► signin-parse ──► signin-branch- ─┬─► signin-branch-ok ──► signin-event ──► inventory-join ──► signin-input ─┐
 *                                                                     └─► signin-branch-failed ──► dlq-value ──► dlq-sink ──► mfa.dlq        │
 * directory.changes ──► changes-source ──► changes-parse ──► changes-branch- ─┬─► changes-branch-ok ──► change-event ──► inventory-change-join ──► change-input ──► detection-inputs ──► detect [principal-state, principal-state-due] ──► suppress [alert-suppression, alert-suppression-due] ──► alerts-sink ──► mfa.alerts
 *                                                                            └─► changes-branch-failed ──► changes-dlq-value ──► changes-dlq-sink ──► mfa.dlq
 * change-event also feeds changes-detect ──► mfa.alerts and exclusion-drift ──► mfa.register.notices (see {@link ChangeTopology})
 * the resolved changes and principals-loader-source also feed review ──► mfa.register.notices (REVIEW_TRIGGERED, see {@link ReviewTopology})
 * principals-loader-source, the resolved factor changes and sign-ins also feed registration [registration-state] ──► mfa.alerts
 * (NO_MFA_REGISTERED) and mfa.register.notices (ENROLMENT_OVERDUE), see {@link RegistrationTopology}
 *
 * idp.raw.&lt;source&gt; ──► normalize ──► signin.events / directory.changes / mfa.dlq   (see {@link RawIngestTopology})
 *
 * directory.aliases ──► aliases-loader ──► [identity-aliases] (global); signin-event and change-event pass
 * identity-&lt;signin|change&gt;-resolve first: an alias becomes its inventory id (see {@link IdentityResolution})
 *
 * mfa.alerts, mfa.register.notices, mfa.exception.usage ──► views-*-view ──► [principal-alerts], [exception-notices],
 * [exception-usage-view] for the query API (see {@link dev.mfawatch.detector.api.ApiViews})
 * with MFAWATCH_OCSF=true, views-alerts-source also feeds ocsf-finding ──► mfa.alerts.ocsf (see {@link OcsfTopology})
 * </pre>
 *
 * The identity inventory can hold millions of principals, so it is a co-partitioned KTable, never
 * a global table: {@code signin.events} and {@code directory.principals} are both keyed by
 * principal id and must have the same partition count (Kafka Streams refuses to start otherwise).
 * {@code detect} keeps every stateful rule's per-principal state in one record per principal
 * ({@code principal-state}) with a due index by wake time ({@code principal-state-due}), and
 * {@code suppress} the open suppression windows ({@code alert-suppression}) with a due index by
 * closing time ({@code alert-suppression-due}): stream-time sweeps read only the index entries due.
 *
 * The register is small and keyed by exception id, so every instance holds all of it: an
 * in-memory global store of the raw bytes plus an index by principal name, so a sign-in is matched
 * only against the entries naming its principal.
 */
public final class DetectorTopology {

    public static final String REGISTER_STORE = "register-store";
    /** Names the global processor; its source becomes {@code register-loader-source}. */
    public static final String REGISTER_LOADER = "register-loader";
    public static final String SIGNIN_SOURCE = "signin-source";
    public static final String PARSE = "signin-parse";
    public static final String BRANCH_PREFIX = "signin-branch-";
    public static final String DETECT = "detect";
    public static final String SUPPRESS = "suppress";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String DLQ_SINK = "dlq-sink";

    private DetectorTopology() {
    }

    public static Topology build(DetectorConfig config, List<Detector> detectors, DetectorMetrics metrics) {
        return build(config, detectors, metrics, new RegisterIndex());
    }

    /** The topology, its register loaded into {@code index} (which the running app's API reads too). */
    public static Topology build(DetectorConfig config, List<Detector> detectors, DetectorMetrics metrics, RegisterIndex index) {
        Set<String> ids = new HashSet<>();
        for (Detector d : detectors) {
            if (!ids.add(d.metadata().id())) {
                throw new IllegalArgumentException("two detectors share the rule id " + d.metadata().id());
            }
        }
        // Registration rules (NO_MFA_REGISTERED) are judged by the registration step, which holds what they read.
        List<Detector> engineRules = detectors.stream().filter(d -> !RegistrationTopology.isRegistrationRule(d)).toList();
        StreamsBuilder builder = new StreamsBuilder();

        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(REGISTER_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                Topics.REGISTER.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(REGISTER_LOADER),
                () -> new RegisterLoader(REGISTER_STORE, index, metrics.register()));

        var settings = config.detection();
        // Stream time on the canonical topics is the events' own time, whatever the producer stamped
        // (see EventTimeExtractor). Records re-keyed through repartition topics keep that timestamp,
        // so every stateful step downstream runs on event time.
        EventTimeExtractor eventTime = new EventTimeExtractor(settings.futureTolerance(), metrics.eventTime());
        // Values are read as bytes and parsed once by a processor, so a bad record becomes a dead
        // letter with its origin instead of a deserialization error that stops the app.
        KStream<String, byte[]> raw = builder.stream(Topics.SIGNIN_EVENTS.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withTimestampExtractor(eventTime).withName(SIGNIN_SOURCE));
        Map<String, KStream<String, Parsed>> branches = raw
                .processValues(() -> new SignInParser(metrics.deadLetters()), Named.as(PARSE))
                .split(Named.as(BRANCH_PREFIX))
                .branch((key, parsed) -> parsed.ok(), Branched.as("ok"))
                .defaultBranch(Branched.as("failed"));

        branches.get(BRANCH_PREFIX + "failed")
                .mapValues(parsed -> ((Parsed.Failed) parsed).original(), Named.as("dlq-value"))
                .to(Topics.DLQ.name(), Produced.with(Serdes.String(), Topics.DLQ.valueSerde()).withName(DLQ_SINK));

        // Aliases resolve to inventory ids before any join or per-principal state (see IdentityResolution).
        IdentityResolution.addAliasStore(builder, settings.stores());
        KStream<String, DirectoryChange> changes = IdentityResolution.changes(ChangeTopology.intake(builder, metrics, eventTime));
        KStream<String, Principal> principals = InventoryJoin.principals(builder, metrics.inventory());
        KTable<String, InventoryFacts> inventory = InventoryJoin.table(principals, settings.stores());
        KStream<String, dev.mfawatch.model.signin.SignInEvent> signIns = IdentityResolution.signIns(branches.get(BRANCH_PREFIX + "ok")
                .mapValues(parsed -> ((Parsed.Ok) parsed).event(), Named.as("signin-event")));
        KStream<String, DetectionInput> inputs = InventoryJoin.join(signIns, inventory)
                .mapValues(enriched -> (DetectionInput) new DetectionInput.SignIn(enriched), Named.as("signin-input"))
                .merge(InventoryJoin.joinChanges(changes, inventory).mapValues(joined -> (DetectionInput) new DetectionInput.Change(joined),
                        Named.as("change-input")), Named.as("detection-inputs"));
        inputs
                .process(DetectionProcessor.supplier(engineRules, index, config.mfaPolicy(), metrics,
                        settings.stateExpiryInterval(), settings.grace(), settings.stores()), Named.as(DETECT))
                .process(SuppressionProcessor.supplier(settings.suppressionWindow(), settings.grace(),
                        settings.suppressionSweepInterval(), metrics.alerts(), metrics.eventTime(), metrics.stateSweeps(),
                        settings.stores()),
                        Named.as(SUPPRESS))
                .to(Topics.ALERTS.name(), Produced.with(Topics.ALERTS.keySerde(), Topics.ALERTS.valueSerde())
                        .withName(ALERTS_SINK));

        // Provider logs (idp.raw.<source>) normalized into signin.events and directory.changes.
        RawIngestTopology.addTo(builder, config, metrics);
        // Directory changes compared with the register (UNAPPROVED_EXCLUSION_CHANGE) and the drift report.
        ChangeTopology.addDetection(changes, ChangeDetectors.all(config), index, metrics);
        // Every use of an exception counted per exception id, published to mfa.exception.usage (see UsageTopology).
        dev.mfawatch.detector.usage.UsageTopology.addTo(inputs, index, config, metrics);
        // Role, status, department or manager changes of principals named by exceptions in force (REVIEW_TRIGGERED).
        ReviewTopology.addTo(changes, principals, index, config.review(), settings.stores());
        // The detector's alerts, notices and usage ledgers read back for the query API (see ApiViews). Added last:
        // sub-topologies are numbered in the order they are added, and task ids (state directories) follow them.
        KStream<String, byte[]> alertsReadBack = dev.mfawatch.detector.api.ApiViews.addTo(builder, settings.stores());
        // With MFAWATCH_OCSF=true, every alert of mfa.alerts (both writers) again as an OCSF Detection Finding (see OcsfTopology).
        if (config.ocsf().enabled()) { OcsfTopology.addTo(alertsReadBack); }
        // Rules that judge who made a change (RESET_BURST): the changes they take, re-keyed by actor (see ActorTopology).
        // After the views, for the same reason: its sub-topology takes the next number and no existing task id moves.
        dev.mfawatch.detector.actors.ActorTopology.addTo(changes, detectors, settings, metrics);
        // Registration coverage per principal (NO_MFA_REGISTERED, ENROLMENT_OVERDUE, the registration gauges). Its
        // inputs are already read by the per-principal sub-topology, so it joins it: no sub-topology is renumbered.
        RegistrationTopology.addTo(principals, changes, signIns, detectors, index, config, metrics);

        return builder.build(config.streamsProperties());
    }
}
