package dev.mfawatch.detector.changes;

import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.directory.PolicyRef;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Lifecycle;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The drift report's logic, free of Kafka so the live processor and the offline {@code drift}
 * command share it: which exclusions a directory change starts or ends, and whether one still in
 * force has outlived every register entry for it.
 */
public final class ExclusionLedger {

    /** Exclusion from a policy (or from an unnamed one). */
    public static final String EXCLUSION = "EXCLUSION";
    /** Per-user MFA turned off. */
    public static final String MFA_DISABLED = "MFA_DISABLED";

    /** Where the exclusions in force are kept: a Kafka Streams store live, a map offline. */
    public interface Store {
        ExclusionInForce get(String key);

        void put(String key, ExclusionInForce value);

        void delete(String key);
    }

    private ExclusionLedger() {
    }

    /** Added or extended → in force; removed → gone; per-user MFA disabled → in force until enabled. */
    public static void apply(DirectoryChange c, Store store) {
        for (String target : c.targets()) {
            switch (c.operation()) {
                case EXCLUSION_ADDED, EXCLUSION_EXTENDED -> put(store, target, EXCLUSION, c.policy(), c);
                case EXCLUSION_REMOVED -> store.delete(key(target, EXCLUSION, c.policy()));
                case MFA_DISABLED -> put(store, target, MFA_DISABLED, null, c);
                case MFA_ENABLED -> store.delete(key(target, MFA_DISABLED, null));
                default -> {
                    // other operations neither start nor end an exclusion
                }
            }
        }
    }

    private static void put(Store store, String target, String kind, PolicyRef policy, DirectoryChange c) {
        String key = key(target, kind, policy);
        ExclusionInForce old = store.get(key);
        store.put(key, new ExclusionInForce(target, policy == null ? null : policy.id(),
                policy == null ? null : policy.name(), kind, old != null ? old.since() : c.time(), c.eventId(),
                old != null ? old.notifiedFor() : null));
    }

    static String key(String target, String kind, PolicyRef policy) {
        return target + "|" + kind + "|" + (policy == null || policy.id() == null ? "-" : policy.id());
    }

    /**
     * The entry that ended most recently, when entries named the exclusion (its principal, and its
     * policy if they restrict policies) but none is in force at {@code now}; empty otherwise — also
     * when no entry ever named it, which is the change detector's finding, not drift.
     */
    public static Optional<ExceptionEntry> lapsed(ExclusionInForce x, List<ExceptionEntry> namingPrincipal, Instant now) {
        PolicyRef policy = x.policyId() == null ? null : new PolicyRef(x.policyId(), x.policyName());
        List<ExceptionEntry> entries = namingPrincipal.stream()
                .filter(e -> UnapprovedExclusionChangeDetector.policyInScope(e, policy))
                .toList();
        if (entries.isEmpty() || entries.stream().anyMatch(e -> e.lifecycleAt(now) == Lifecycle.IN_FORCE)) {
            return Optional.empty();
        }
        return entries.stream()
                .filter(e -> e.lifecycleAt(now) == Lifecycle.EXPIRED || e.lifecycleAt(now) == Lifecycle.REVOKED)
                .max(Comparator.comparing((ExceptionEntry e) -> endedAt(e, now)).thenComparing(ExceptionEntry::id));
    }

    static Instant endedAt(ExceptionEntry e, Instant now) {
        Instant revoked = e.revokedAt().orElse(null);
        Instant expired = e.expiresAt();
        if (revoked != null && !revoked.isAfter(now) && (expired == null || revoked.isBefore(expired))) {
            return revoked;
        }
        return expired != null ? expired : Instant.EPOCH;
    }

    /** The notice, with an id deterministic per entry, principal, kind and policy: each lapse is announced once. */
    public static Notice notice(ExclusionInForce x, ExceptionEntry entry, Instant now) {
        String what = MFA_DISABLED.equals(x.kind()) ? "MFA is still disabled for " + x.principal()
                : x.principal() + " is still excluded from MFA policy \"" + (x.policyName() != null ? x.policyName()
                        : x.policyId()) + "\"";
        String how = entry.lifecycleAt(now) == Lifecycle.REVOKED ? " was revoked" : " expired";
        String message = what + " (since " + x.since() + ", change " + x.eventId() + ") although register entry "
                + entry.id() + how + " at " + endedAt(entry, now) + ": remove the exclusion or renew the entry.";
        String id = UUID.nameUUIDFromBytes((NoticeKind.EXCLUSION_OUTLIVED_APPROVAL + "|" + entry.id() + "|"
                + x.principal() + "|" + x.kind() + "|" + x.policyId()).getBytes(StandardCharsets.UTF_8)).toString();
        return new Notice(id, entry.id(), NoticeKind.EXCLUSION_OUTLIVED_APPROVAL, now, null, entry.owner(), message);
    }
}
