package dev.mfawatch.detector.changes;

import java.time.Instant;

/**
 * An exclusion the directory changes say is in force for one principal: excluded from {@code policyId}
 * (kind {@code EXCLUSION}), or per-user MFA off (kind {@code MFA_DISABLED}, no policy). {@code notifiedFor}
 * is the register entry a drift notice was last published for, so each lapse is announced once.
 */
public record ExclusionInForce(String principal, String policyId, String policyName, String kind, Instant since,
                               String eventId, String notifiedFor) {

    public ExclusionInForce notified(String entryId) {
        return new ExclusionInForce(principal, policyId, policyName, kind, since, eventId, entryId);
    }
}
