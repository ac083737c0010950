package dev.mfawatch.detector.review;

import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.detector.state.StoreKind;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.Principal;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The review triggers, added by {@code DetectorTopology.build} beside the change detection:
 * <pre>
 * change-event ──► identity-change-… ──► review-change-input ─────┐
 * principals-loader-source ──► review-principal-input ────────────┴─► review-inputs ──► review [review-principals] ──► review-notices-sink ──► mfa.register.notices
 * </pre>
 * Both inputs are keyed by principal id and co-partitioned (like every per-principal path of the
 * detector), so one task sees a principal's changes and its inventory versions. See
 * {@link ReviewProcessor} for what is announced and {@link ReviewSettings} for the settings.
 */
public final class ReviewTopology {

    public static final String PROCESSOR = "review";
    public static final String STORE = ReviewProcessor.STORE;
    public static final String NOTICES_SINK = "review-notices-sink";

    private ReviewTopology() {
    }

    /**
     * @param changes    canonical directory changes, aliases resolved ({@code IdentityResolution.changes})
     * @param principals the inventory's versions as parsed ({@code InventoryJoin.principals}; null = tombstone)
     */
    public static void addTo(KStream<String, DirectoryChange> changes, KStream<String, Principal> principals,
                             RegisterIndex index, ReviewSettings settings, StoreKind stores) {
        changes.mapValues(c -> (ReviewInput) new ReviewInput.Change(c), Named.as("review-change-input"))
                .merge(principals.mapValues(p -> (ReviewInput) new ReviewInput.Version(p),
                        Named.as("review-principal-input")), Named.as("review-inputs"))
                .process(ReviewProcessor.supplier(index, settings, stores), Named.as(PROCESSOR))
                .to(Topics.NOTICES.name(), Produced.with(Topics.NOTICES.keySerde(), Topics.NOTICES.valueSerde())
                        .withName(NOTICES_SINK));
    }
}
