package dev.mfawatch.detector.rules;

import dev.mfawatch.detector.scope.ScopeDimension;
import dev.mfawatch.detector.scope.ScopeMatcher;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.HistoryEntry;
import dev.mfawatch.model.register.Lifecycle;
import dev.mfawatch.model.signin.SignInEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the register stands towards one sign-in, decided once per event and shared by the
 * detectors (so exactly one of them can fire). Candidates are the entries whose
 * {@code scope.principals} names the principal's id or an alias; each is judged at the event's
 * time, never at processing time.
 *
 * <ol>
 *   <li>{@link Verdict#NO_GAP}: not a successful MFA-less sign-in our policy expects MFA on.</li>
 *   <li>{@link Verdict#COVERED}: a candidate is in force and the sign-in is inside its scope.</li>
 *   <li>{@link Verdict#OUT_OF_SCOPE}: a candidate is in force but the sign-in falls outside its
 *   app / protocol / network / country scope (the one with fewest mismatched dimensions is named).</li>
 *   <li>{@link Verdict#ENDED}: no candidate is in force and one had expired or been revoked (the
 *   most recently ended is named).</li>
 *   <li>{@link Verdict#UNCOVERED}: nothing applies; candidates not yet active or never approved
 *   are listed in {@link #pending()}.</li>
 * </ol>
 */
public final class Coverage {

    public enum Verdict { NO_GAP, COVERED, OUT_OF_SCOPE, ENDED, UNCOVERED }

    /** One candidate entry judged at the event's time; mismatches are computed for in-force entries only. */
    public record Candidate(ExceptionEntry entry, Lifecycle lifecycle, Set<ScopeDimension> mismatches) {

        /**
         * When an ended entry stopped applying: its revocation, its expiry date, or (status set to
         * EXPIRED/CLOSED by hand before the date) the latest history line before the event.
         */
        public Instant endedAt(Instant eventTime) {
            if (lifecycle == Lifecycle.REVOKED) {
                return entry.revokedAt().orElse(Instant.EPOCH);
            }
            if (entry.expiresAt() != null && !eventTime.isBefore(entry.expiresAt())) {
                return entry.expiresAt();
            }
            return entry.history().stream().map(HistoryEntry::at)
                    .filter(at -> at != null && !at.isAfter(eventTime))
                    .max(Comparator.naturalOrder())
                    .orElse(entry.activatedAt() != null ? entry.activatedAt() : Instant.EPOCH);
        }
    }

    private final SignInEvent event;
    private final boolean gap;
    private final List<Candidate> candidates;
    private final Verdict verdict;
    private final Candidate decisive;

    private Coverage(SignInEvent event, boolean gap, List<Candidate> candidates, Verdict verdict, Candidate decisive) {
        this.event = event;
        this.gap = gap;
        this.candidates = candidates;
        this.verdict = verdict;
        this.decisive = decisive;
    }

    /** Judges {@code event} against the entries of the register view (entries not naming the principal are ignored). */
    public static Coverage assess(SignInEvent event, List<ExceptionEntry> entries, MfaPolicy policy) {
        List<String> names = event.principal().names();
        List<Candidate> candidates = new ArrayList<>();
        for (ExceptionEntry entry : entries) {
            if (names.stream().noneMatch(entry::names)) {
                continue;
            }
            Lifecycle lc = entry.lifecycleAt(event.time());
            Set<ScopeDimension> mismatches = lc == Lifecycle.IN_FORCE ? ScopeMatcher.mismatches(entry.scope(), event) : Set.of();
            candidates.add(new Candidate(entry, lc, Set.copyOf(mismatches)));
        }
        candidates.sort(Comparator.comparing(c -> c.entry().id()));
        boolean gap = policy.mfaGap(event);
        if (!gap) {
            return new Coverage(event, false, List.copyOf(candidates), Verdict.NO_GAP, null);
        }
        Optional<Candidate> covering = candidates.stream()
                .filter(c -> c.lifecycle() == Lifecycle.IN_FORCE && c.mismatches().isEmpty())
                .findFirst();
        if (covering.isPresent()) {
            return new Coverage(event, true, List.copyOf(candidates), Verdict.COVERED, covering.get());
        }
        Optional<Candidate> outOfScope = candidates.stream()
                .filter(c -> c.lifecycle() == Lifecycle.IN_FORCE)
                .min(Comparator.comparingInt((Candidate c) -> c.mismatches().size()));
        if (outOfScope.isPresent()) {
            return new Coverage(event, true, List.copyOf(candidates), Verdict.OUT_OF_SCOPE, outOfScope.get());
        }
        Optional<Candidate> ended = candidates.stream()
                .filter(c -> c.lifecycle() == Lifecycle.EXPIRED || c.lifecycle() == Lifecycle.REVOKED)
                .max(Comparator.comparing((Candidate c) -> c.endedAt(event.time()))
                        .thenComparing(c -> c.entry().id(), Comparator.reverseOrder()));
        if (ended.isPresent()) {
            return new Coverage(event, true, List.copyOf(candidates), Verdict.ENDED, ended.get());
        }
        return new Coverage(event, true, List.copyOf(candidates), Verdict.UNCOVERED, null);
    }

    public Verdict verdict() {
        return verdict;
    }

    /** True for a successful, MFA-less sign-in that our policy expects MFA on. */
    public boolean mfaGap() {
        return gap;
    }

    /** The entry the verdict rests on: the covering, out-of-scope or ended one; empty otherwise. */
    public Optional<Candidate> decisive() {
        return Optional.ofNullable(decisive);
    }

    /** The covering entry when the verdict is {@link Verdict#COVERED}. */
    public Optional<ExceptionEntry> coveredBy() {
        return verdict == Verdict.COVERED ? Optional.of(decisive.entry()) : Optional.empty();
    }

    /** Candidates not yet active or never approved at the event's time. */
    public List<Candidate> pending() {
        return candidates.stream().filter(c -> c.lifecycle() == Lifecycle.NOT_YET_ACTIVE
                || c.lifecycle() == Lifecycle.NOT_APPROVED).toList();
    }

    public List<Candidate> candidates() {
        return candidates;
    }

    public SignInEvent event() {
        return event;
    }
}
