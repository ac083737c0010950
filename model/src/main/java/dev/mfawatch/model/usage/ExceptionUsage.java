package dev.mfawatch.model.usage;

import dev.mfawatch.model.Checks;
import java.time.Instant;
import java.util.List;

/**
 * What one register exception has been used for: the value of the compacted topic
 * {@code mfa.exception.usage}, keyed by exception id, and of the detector's usage ledger. A use is a
 * sign-in the exception covered (MFA-less, in force, in scope) or a directory change it approved.
 * Every list is bounded and ordered most frequent first (ties by value), so the record stays small
 * whatever the traffic; {@code lastEventIds} holds the newest events first.
 *
 * @param exceptionId    the register entry
 * @param signIns        covered sign-ins
 * @param changes        directory changes the entry approved
 * @param firstUse       event time of the first use, null before any
 * @param lastUse        event time of the latest use, null before any
 * @param apps           apps signed in to (display name, else id)
 * @param protocols      client protocols
 * @param countries      ISO country codes
 * @param ipPrefixes     IPv4 /24 or IPv6 /48 prefixes
 * @param principals     principals covered (useful for group-scoped entries)
 * @param lastEventIds   ids of the last uses, newest first (at most 10)
 * @param updatedAt      event time of the latest change to this record
 */
public record ExceptionUsage(String exceptionId, long signIns, long changes, Instant firstUse, Instant lastUse,
                             List<Count> apps, List<Count> protocols, List<Count> countries, List<Count> ipPrefixes,
                             List<Count> principals, List<String> lastEventIds, Instant updatedAt) {

    /** One value seen and how often. */
    public record Count(String value, long count) {
        public Count {
            Checks.requiredText(value, "value");
        }
    }

    public ExceptionUsage {
        Checks.requiredText(exceptionId, "exceptionId");
        apps = Checks.list(apps);
        protocols = Checks.list(protocols);
        countries = Checks.list(countries);
        ipPrefixes = Checks.list(ipPrefixes);
        principals = Checks.list(principals);
        lastEventIds = Checks.list(lastEventIds);
    }

    /** Every use: covered sign-ins plus approved changes. */
    public long uses() {
        return signIns + changes;
    }
}
