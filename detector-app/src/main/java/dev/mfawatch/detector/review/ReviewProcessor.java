package dev.mfawatch.detector.review;

import dev.mfawatch.detector.identity.AliasResolver;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.detector.state.StoreKind;
import dev.mfawatch.model.JsonSerde;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Lifecycle;
import dev.mfawatch.model.register.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * {@code REVIEW_TRIGGERED}: a principal named by an exception in force changed in a way that calls
 * for the exception's review now. Reads directory changes and inventory versions keyed by principal
 * id; keeps {@link ReviewPrint}s ({@value #STORE}) only for principals some register entry names,
 * so its state is bounded by the register, not by the inventory. One notice per entry in force and
 * occurrence, keyed by exception id, with an id that a replay reproduces:
 * {@code <exception id>/REVIEW_TRIGGERED/<operation>/<change event id>} for a directory change,
 * {@code <exception id>/REVIEW_TRIGGERED/INVENTORY/<fingerprint of the two versions and their time>} for
 * an inventory version. Nothing about the principal is logged.
 */
final class ReviewProcessor implements Processor<String, ReviewInput, String, Notice> {

    static final String STORE = "review-principals";
    /** Announced tokens remember their input: only the other input's announcement makes one a repeat. */
    private static final String FROM_CHANGES = "c:";
    private static final String FROM_INVENTORY = "i:";

    private final RegisterIndex index;
    private final ReviewSettings settings;
    private final Pattern privileged;
    private ProcessorContext<String, Notice> context;
    private KeyValueStore<String, ReviewPrint> store;

    private ReviewProcessor(RegisterIndex index, ReviewSettings settings) {
        this.index = index;
        this.settings = settings;
        this.privileged = settings.pattern();
    }

    static ProcessorSupplier<String, ReviewInput, String, Notice> supplier(RegisterIndex index, ReviewSettings settings,
                                                                           StoreKind stores) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ReviewInput, String, Notice> get() {
                return new ReviewProcessor(index, settings);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(stores.keyValue(STORE, Serdes.String(), JsonSerde.of(ReviewPrint.class)));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Notice> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, ReviewInput> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        if (record.value() instanceof ReviewInput.Change c) {
            change(record.key(), c.change(), record.timestamp());
        } else if (record.value() instanceof ReviewInput.Version v) {
            if (v.principal() != null) {
                version(record.key(), v.principal(), record.timestamp());
            } else if (store.get(record.key()) != null) {
                store.delete(record.key()); // gone from the inventory: a later return is a first version again
            }
        }
    }

    private void change(String key, DirectoryChange c, long timestamp) {
        Set<String> sent = new HashSet<>();
        for (String target : c.targets()) {
            // Only the record's own key is on this partition: other targets are judged without their print.
            boolean local = target.equals(key);
            ReviewPrint print = local ? store.get(key) : null;
            Optional<ReviewTriggers.Trigger> trigger = ReviewTriggers.of(c, print, privileged);
            if (trigger.isEmpty()) {
                continue;
            }
            List<ExceptionEntry> entries = inForce(index.entriesFor(AliasResolver.names(c, target)), c.time());
            if (entries.isEmpty()) {
                continue;
            }
            if (local) {
                ReviewPrint p = print == null ? ReviewPrint.NONE : print;
                Map<String, Instant> recent = p.recent(c.time(), settings.sameChangeWindow());
                boolean shownByInventory = recent.remove(FROM_INVENTORY + trigger.get().token()) != null;
                if (!shownByInventory) {
                    recent.put(FROM_CHANGES + trigger.get().token(), c.time());
                }
                store.put(key, p.withAnnounced(recent));
                if (shownByInventory) {
                    continue;
                }
            }
            for (ExceptionEntry e : entries) {
                String id = e.id() + "/" + NoticeKind.REVIEW_TRIGGERED + "/" + c.operation() + "/" + c.eventId();
                if (sent.add(id)) {
                    String message = "Review " + e.id() + " now: " + target + " " + trigger.get().phrase()
                            + " (directory change " + c.eventId() + " at " + c.time() + ")";
                    context.forward(new Record<>(e.id(), new Notice(id, e.id(), NoticeKind.REVIEW_TRIGGERED, c.time(),
                            c.time(), e.owner(), message), timestamp));
                }
            }
        }
    }

    private void version(String key, Principal p, long timestamp) {
        List<String> names = new ArrayList<>(p.aliases().size() + 2);
        names.add(key);
        names.add(p.id());
        names.addAll(p.aliases());
        List<ExceptionEntry> entries = index.entriesFor(names);
        if (entries.isEmpty()) {
            return; // no entry names it: nothing to review, nothing to remember
        }
        ReviewPrint old = store.get(key);
        ReviewPrint next = ReviewPrint.of(p, old == null ? Map.of() : old.announced());
        if (old == null || !old.seen()) {
            store.put(key, next); // the first version is no change
            return;
        }
        if (old.sameVersion(next)) {
            return; // re-published unchanged
        }
        Instant at = Instant.ofEpochMilli(timestamp);
        Map<String, Instant> recent = old.recent(at, settings.sameChangeWindow());
        List<ReviewTriggers.Trigger> fresh = ReviewTriggers.between(old, next).stream()
                .filter(t -> recent.remove(FROM_CHANGES + t.token()) == null).toList();
        List<ExceptionEntry> inForce = inForce(entries, at);
        if (!fresh.isEmpty() && !inForce.isEmpty()) {
            fresh.forEach(t -> recent.put(FROM_INVENTORY + t.token(), at));
            String fingerprint = ReviewPrint.sha256(key + "|" + old.versionText() + "|" + next.versionText() + "|" + timestamp)
                    .substring(0, 16);
            String what = ReviewTriggers.phrases(fresh);
            for (ExceptionEntry e : inForce) {
                String id = e.id() + "/" + NoticeKind.REVIEW_TRIGGERED + "/INVENTORY/" + fingerprint;
                String message = "Review " + e.id() + " now: the inventory shows that " + key + " " + what
                        + " (version of " + at + ")";
                context.forward(new Record<>(e.id(), new Notice(id, e.id(), NoticeKind.REVIEW_TRIGGERED, at, at, e.owner(),
                        message), timestamp));
            }
        }
        store.put(key, next.withAnnounced(recent));
    }

    private static List<ExceptionEntry> inForce(List<ExceptionEntry> entries, Instant at) {
        return entries.stream().filter(e -> e.lifecycleAt(at) == Lifecycle.IN_FORCE).toList();
    }
}
