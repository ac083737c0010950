package dev.mfawatch.model.register;

import dev.mfawatch.model.Checks;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One approved (or requested) MFA exception from the governance register. The constructor only
 * normalises; register-sync's validator enforces the register rules before anything is published.
 */
public record ExceptionEntry(
        String id,
        ExceptionCategory category,
        ExceptionStatus status,
        String requestor,
        String owner,
        List<String> approvers,
        String implementer,
        Scope scope,
        String justification,
        RiskRating riskRating,
        List<String> compensatingControls,
        String monitoringPlan,
        Instant createdAt,
        Instant activatedAt,
        Instant expiresAt,
        Integer reviewCadenceDays,
        Instant lastReviewedAt,
        Instant nextReviewAt,
        Instant plannedRetirementAt,
        String ticket,
        String lastValidationResult,
        List<HistoryEntry> history) {

    public ExceptionEntry {
        Checks.requiredText(id, "id");
        approvers = Checks.list(approvers);
        compensatingControls = Checks.list(compensatingControls);
        history = Checks.list(history);
        scope = scope == null ? new Scope(null, null, null, null, null, null) : scope;
    }

    /**
     * When governance revoked the entry: the latest REVOKED line of its history. An entry with
     * status REVOKED and no dated history line is treated as revoked from its activation on.
     */
    public Optional<Instant> revokedAt() {
        Optional<Instant> fromHistory = history.stream()
                .filter(h -> h.at() != null && h.action() != null
                        && h.action().trim().toUpperCase(Locale.ROOT).startsWith("REVOKE"))
                .map(HistoryEntry::at)
                .max(Comparator.naturalOrder());
        if (fromHistory.isPresent()) {
            return fromHistory;
        }
        return status == ExceptionStatus.REVOKED ? Optional.ofNullable(activatedAt != null ? activatedAt : createdAt)
                .or(() -> Optional.of(Instant.EPOCH)) : Optional.empty();
    }

    /** Where this entry stood at {@code t}; time, not the status column alone, decides. */
    public Lifecycle lifecycleAt(Instant t) {
        Optional<Instant> revoked = revokedAt();
        if (revoked.isPresent() && !t.isBefore(revoked.get())) {
            return Lifecycle.REVOKED;
        }
        if (status == null || status == ExceptionStatus.REQUESTED) {
            return Lifecycle.NOT_APPROVED;
        }
        if (activatedAt == null || t.isBefore(activatedAt)) {
            return status == ExceptionStatus.CLOSED ? Lifecycle.NOT_APPROVED : Lifecycle.NOT_YET_ACTIVE;
        }
        if (expiresAt != null && !t.isBefore(expiresAt)) {
            return Lifecycle.EXPIRED;
        }
        // EXPIRED / CLOSED set by hand before the expiry date end the exception at once; a
        // REVOKED status is handled above through its revocation time.
        if (status == ExceptionStatus.EXPIRED || status == ExceptionStatus.CLOSED) {
            return Lifecycle.EXPIRED;
        }
        return expiresAt == null ? Lifecycle.EXPIRED : Lifecycle.IN_FORCE;
    }

    /**
     * Whether the entry stayed in force up to its expiry date, judged after the fact. register-sync republishes an
     * entry past {@code expiresAt} with status EXPIRED and a history line dated {@code expiresAt}; that status ends
     * the entry at once in {@link #lifecycleAt}, so the history line is what shows it ran to its date.
     */
    public boolean ranToExpiry() {
        if (expiresAt == null) {
            return false;
        }
        Instant before = expiresAt.minusMillis(1);
        if (lifecycleAt(before) == Lifecycle.IN_FORCE) {
            return true;
        }
        if (status != ExceptionStatus.EXPIRED || activatedAt == null || !activatedAt.isBefore(expiresAt)
                || revokedAt().filter(r -> !r.isAfter(before)).isPresent()) {
            return false;
        }
        return history.stream().anyMatch(h -> expiresAt.equals(h.at()) && h.action() != null
                && h.action().trim().toUpperCase(Locale.ROOT).startsWith("EXPIRE"));
    }

    public boolean names(String principal) {
        return scope.principals().contains(Checks.principalId(principal));
    }
}
