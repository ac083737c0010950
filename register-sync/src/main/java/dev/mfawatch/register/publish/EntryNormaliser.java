package dev.mfawatch.register.publish;

import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.register.HistoryEntry;
import dev.mfawatch.register.validate.CategoryRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a valid register entry into what is published: the category's review cadence filled in
 * when blank, and the status moved to EXPIRED once the expiry date has passed. Everything it adds
 * derives from the entry and the instant only, so the same file at the same state of time
 * publishes byte-identical values and a re-run publishes nothing.
 */
public final class EntryNormaliser {

    public static final String ACTOR = "register-sync";
    public static final String VALID = "valid";

    private EntryNormaliser() {
    }

    public static ExceptionEntry normalise(ExceptionEntry e, Instant now) {
        Integer cadence = e.reviewCadenceDays() != null ? e.reviewCadenceDays() : CategoryRules.defaultCadence(e);
        ExceptionStatus status = e.status();
        List<HistoryEntry> history = e.history();
        if (status.approved() && e.expiresAt() != null && !now.isBefore(e.expiresAt())) {
            // Expiry is a status change, not a deletion: detectors keep seeing the entry (and its
            // history) and can tell "expired exception used" from "no exception at all".
            status = ExceptionStatus.EXPIRED;
            history = new ArrayList<>(history);
            history.add(new HistoryEntry(e.expiresAt(), "EXPIRED", ACTOR, "expiry date passed"));
        }
        return new ExceptionEntry(e.id(), e.category(), status, e.requestor(), e.owner(), e.approvers(), e.implementer(),
                e.scope(), e.justification(), e.riskRating(), e.compensatingControls(), e.monitoringPlan(), e.createdAt(),
                e.activatedAt(), e.expiresAt(), cadence, e.lastReviewedAt(), e.nextReviewAt(), e.plannedRetirementAt(),
                e.ticket(), VALID, history);
    }

    /** The next instant at which {@link #normalise} would give a different result for this entry, if any. */
    public static Instant nextTransition(ExceptionEntry e, Instant now) {
        if (e.status().approved() && e.expiresAt() != null && now.isBefore(e.expiresAt())) {
            return e.expiresAt();
        }
        return null;
    }
}
