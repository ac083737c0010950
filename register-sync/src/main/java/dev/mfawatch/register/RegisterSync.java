package dev.mfawatch.register;

import dev.mfawatch.model.AccessDenied;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.model.Topic;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.register.metrics.RegisterMetrics;
import dev.mfawatch.register.metrics.RegisterStats;
import dev.mfawatch.register.notice.NoticePlanner;
import dev.mfawatch.register.publish.Change;
import dev.mfawatch.register.publish.Diff;
import dev.mfawatch.register.publish.EntryNormaliser;
import dev.mfawatch.register.publish.Publisher;
import dev.mfawatch.register.publish.TopicReader;
import dev.mfawatch.register.read.InventoryFile;
import dev.mfawatch.register.read.InventoryReader;
import dev.mfawatch.register.read.RegisterFile;
import dev.mfawatch.register.read.RegisterReader;
import dev.mfawatch.register.validate.Problem;
import dev.mfawatch.register.validate.RegisterValidator;
import dev.mfawatch.register.validate.ValidationReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.serialization.Serde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code mfa.register} (and {@code directory.principals} and {@code directory.aliases}) match the register file: validates,
 * reads what the topic holds now, publishes only the difference, and announces the notices the
 * register calls for. Safe to call repeatedly: an unchanged file publishes nothing.
 */
public final class RegisterSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegisterSync.class);

    private final Map<String, Object> clientProps;
    private final Clock clock;
    private final SyncOptions options;
    private final RegisterMetrics metrics;
    private final TopicReader reader;
    private final NoticePlanner planner;
    private Admin admin;
    private Publisher publisher;
    private boolean topicsEnsured;
    private volatile Instant nextTransition;

    public RegisterSync(Map<String, Object> kafkaClientProps, Clock clock) {
        this(kafkaClientProps, clock, SyncOptions.defaults(), new RegisterMetrics());
    }

    public RegisterSync(Map<String, Object> kafkaClientProps, Clock clock, SyncOptions options, RegisterMetrics metrics) {
        this.clientProps = Map.copyOf(kafkaClientProps);
        this.clock = Objects.requireNonNull(clock, "clock == null");
        this.options = options;
        this.metrics = metrics;
        this.reader = new TopicReader(clientProps, options.kafkaTimeout());
        this.planner = new NoticePlanner(options.noticeHorizon(), options.reRequestThreshold());
    }

    /** Validation only, no broker: what {@code register validate} prints. */
    public static ValidationReport validate(Path registerFile, Path principalsFileOrNull, Instant now) {
        InventoryFile inventory = principalsFileOrNull == null ? null : InventoryReader.read(principalsFileOrNull);
        ValidationReport report = RegisterValidator.validate(RegisterReader.read(registerFile), inventory, now);
        if (inventory == null) {
            return report;
        }
        List<Problem> all = new ArrayList<>(report.problems());
        all.addAll(inventory.problems());
        return new ValidationReport(report.readable(), all, report.valid(), report.idsInFile(), report.invalidIds());
    }

    /** Validates, diffs against the current mfa.register topic content, publishes upserts/tombstones (unless dryRun), publishes principals and notices. */
    public SyncResult syncOnce(Path registerFile, Path principalsFileOrNull, boolean dryRun) {
        Instant now = clock.instant();
        InventoryFile inventory = principalsFileOrNull == null ? null : InventoryReader.read(principalsFileOrNull);
        ValidationReport report = RegisterValidator.validate(RegisterReader.read(registerFile), inventory, now);
        List<Problem> problems = new ArrayList<>(report.problems());
        if (inventory != null) {
            problems.addAll(inventory.problems());
        }
        if (!dryRun) {
            ensureTopics();
        }
        List<String> changes = new ArrayList<>();

        // The register: desired = valid entries as they should be published at this instant.
        Current<ExceptionEntry> current = current(Topics.REGISTER);
        Map<String, ExceptionEntry> desired = new LinkedHashMap<>();
        report.valid().forEach(e -> desired.put(e.id(), EntryNormaliser.normalise(e, now)));
        Diff<ExceptionEntry> diff = report.readable()
                ? Diff.of(current.values(), current.keys(), desired, report.idsInFile())
                // An unreadable file says nothing about what should be on the topic: change nothing.
                : new Diff<>(List.of(), 0);
        publish(Topics.REGISTER, diff, dryRun, changes);

        // Principals, when an inventory is given and readable.
        Diff<Principal> principalDiff = new Diff<>(List.of(), 0);
        Diff<String> aliasDiff = new Diff<>(List.of(), 0);
        if (inventory != null && inventory.readable()) {
            Current<Principal> principals = current(Topics.PRINCIPALS);
            Map<String, Principal> wanted = new LinkedHashMap<>();
            inventory.principals().forEach(p -> wanted.put(p.id(), p));
            principalDiff = Diff.of(principals.values(), principals.keys(), wanted, Set.of());
            publish(Topics.PRINCIPALS, principalDiff, dryRun, changes);
            // Aliases after their principals; one that left the inventory (or became contested) is tombstoned.
            Current<String> aliases = current(Topics.ALIASES);
            aliasDiff = Diff.of(aliases.values(), aliases.keys(), inventory.aliases(), Set.of());
            publish(Topics.ALIASES, aliasDiff, dryRun, changes);
        }

        // Notices and metrics look at the register as it stands after this sync, including the last
        // good version of entries that are invalid in this edit.
        Map<String, ExceptionEntry> effective = new LinkedHashMap<>();
        current.values().forEach((k, v) -> {
            if (v != null) {
                effective.put(k, v);
            }
        });
        for (Change<ExceptionEntry> c : diff.changes()) {
            if (c.tombstone()) {
                effective.remove(c.key());
            } else {
                effective.put(c.key(), c.value());
            }
        }
        int notices = notices(effective.values(), now, dryRun, changes);

        long errors = problems.stream().filter(Problem::isError).count();
        metrics.update(RegisterStats.of(effective.values(), now, options.noticeHorizon(), (int) errors,
                problems.size() - (int) errors));
        if (!dryRun) {
            metrics.published(diff.upserts(), diff.tombstones());
        }
        nextTransition = desired.values().stream().map(e -> EntryNormaliser.nextTransition(e, now))
                .filter(Objects::nonNull).min(Instant::compareTo).orElse(null);

        SyncResult result = new SyncResult(diff.upserts(), diff.tombstones(), diff.unchanged(),
                problems.stream().map(Problem::line).toList(), errors > 0, changes, principalDiff.upserts(),
                principalDiff.tombstones(), aliasDiff.upserts(), aliasDiff.tombstones(), notices, dryRun);
        LOG.info("register sync: {}", result.summary());
        return result;
    }

    /**
     * What register-sync does on Kafka, to name a missing ACL precisely: it reads and writes its four
     * topics and describes signin.events (whose partition count directory.principals follows). No
     * consumer group, no transactions: its reads assign partitions, its producer is idempotent.
     */
    public static AccessDenied.Needs accessNeeds() {
        List<String> own = List.of(Topics.REGISTER.name(), Topics.PRINCIPALS.name(), Topics.ALIASES.name(),
                Topics.NOTICES.name());
        Map<String, Set<AclOperation>> topics = new HashMap<>(AccessDenied.Needs.of(own, own, null, null).topics());
        topics.put(Topics.SIGNIN_EVENTS.name(), Set.of(AclOperation.DESCRIBE));
        return new AccessDenied.Needs(topics, null, null);
    }

    /** The earliest future instant at which an entry's published form changes by time alone (its expiry). */
    public Optional<Instant> nextTransition() {
        return Optional.ofNullable(nextTransition);
    }

    public RegisterMetrics metrics() {
        return metrics;
    }

    private record Current<V>(Map<String, V> values, Set<String> keys) {
    }

    private <V> Current<V> current(Topic<String, V> topic) {
        if (!TopicReader.exists(admin(), topic.name(), options.kafkaTimeout())) {
            return new Current<>(Map.of(), Set.of());
        }
        Map<String, byte[]> raw = reader.latestByKey(topic.name());
        Map<String, V> values = new HashMap<>();
        Serde<V> serde = topic.valueSerde();
        raw.forEach((key, bytes) -> {
            try {
                values.put(key, serde.deserializer().deserialize(topic.name(), bytes));
            } catch (RuntimeException e) {
                // Unreadable on the topic: it is rewritten if the file has it, removed if not.
                LOG.warn("{}: value of key {} does not decode ({})", topic.name(), key, Reasons.of(e));
                values.put(key, null);
            }
        });
        return new Current<>(values, new HashSet<>(raw.keySet()));
    }

    private <V> void publish(Topic<String, V> topic, Diff<V> diff, boolean dryRun, List<String> changes) {
        diff.changes().forEach(c -> changes.add(c.describe(topic.name())));
        if (!dryRun) {
            publisher().publish(topic, diff.changes());
        }
    }

    private int notices(java.util.Collection<ExceptionEntry> register, Instant now, boolean dryRun, List<String> changes) {
        List<Notice> due = planner.plan(register, now);
        if (due.isEmpty()) {
            return 0;
        }
        Set<String> announced = new HashSet<>();
        if (TopicReader.exists(admin(), Topics.NOTICES.name(), options.kafkaTimeout())) {
            reader.forEachValue(Topics.NOTICES.name(), bytes -> {
                try {
                    announced.add(Topics.NOTICE_SERDE.read(bytes).noticeId());
                } catch (RuntimeException e) {
                    LOG.warn("{}: a notice does not decode ({})", Topics.NOTICES.name(), Reasons.of(e));
                }
            });
        }
        List<Change<Notice>> fresh = new ArrayList<>();
        for (Notice n : due) {
            if (announced.add(n.noticeId())) {
                fresh.add(new Change<>(n.exceptionId(), n, Change.Kind.ADD));
                changes.add("notice " + n.kind() + " for " + n.exceptionId() + " to " + Topics.NOTICES.name());
            }
        }
        if (!dryRun) {
            publisher().publish(Topics.NOTICES, fresh);
            fresh.forEach(c -> metrics.noticed(c.value().kind()));
        }
        return fresh.size();
    }

    private void ensureTopics() {
        if (topicsEnsured) {
            return;
        }
        // directory.aliases is read whole by every detector instance (a global store): any partition count does.
        TopicSetup.ensure(admin(), List.of(Topics.REGISTER.name(), Topics.NOTICES.name(), Topics.ALIASES.name()),
                options.partitions());
        TopicSetup.ensure(admin(), List.of(Topics.PRINCIPALS.name()), principalPartitions());
        topicsEnsured = true;
    }

    /** Detectors join sign-ins with principals as co-partitioned tables: follow signin.events when it exists. */
    private int principalPartitions() {
        String signins = Topics.SIGNIN_EVENTS.name();
        if (!TopicReader.exists(admin(), signins, options.kafkaTimeout())) {
            return options.partitions();
        }
        try {
            TopicDescription d = admin().describeTopics(List.of(signins)).allTopicNames()
                    .get(options.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS).get(signins);
            return d.partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + signins, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not describe " + signins + ": " + Reasons.of(e), e);
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(clientProps);
        }
        return admin;
    }

    private Publisher publisher() {
        if (publisher == null) {
            publisher = new Publisher(clientProps, options.kafkaTimeout());
        }
        return publisher;
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
        if (admin != null) {
            admin.close();
        }
    }
}
