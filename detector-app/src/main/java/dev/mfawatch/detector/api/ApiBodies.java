package dev.mfawatch.detector.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.detector.registration.PrincipalRegistration;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.register.Lifecycle;
import dev.mfawatch.model.usage.ExceptionUsage;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The JSON bodies of the API (README, "API", shows one of each). */
public final class ApiBodies {

    /** How many of the most frequent apps and countries a usage summary names. */
    static final int TOP = 3;

    private ApiBodies() {
    }

    /** {@code GET /api/exceptions}. */
    public record ExceptionList(Instant at, int count, List<ExceptionSummary> exceptions) {
    }

    /** One register entry in the list: where it stands now and how much it is used. */
    public record ExceptionSummary(String id, ExceptionCategory category, ExceptionStatus status, Lifecycle lifecycle,
                                   String owner, List<String> principals, Instant activatedAt, Instant expiresAt,
                                   Instant nextReviewAt, UsageSummary usage) {

        static ExceptionSummary of(ExceptionEntry e, Instant now, ExceptionUsage usage) {
            return new ExceptionSummary(e.id(), e.category(), e.status(), e.lifecycleAt(now), e.owner(),
                    e.scope().principals(), e.activatedAt(), e.expiresAt(), e.nextReviewAt(), UsageSummary.of(usage));
        }
    }

    /** The usage ledger in short; zero uses when the ledger has none. */
    public record UsageSummary(long uses, long signIns, long changes, Instant firstUse, Instant lastUse,
                               List<ExceptionUsage.Count> topApps, List<ExceptionUsage.Count> topCountries) {

        static UsageSummary of(ExceptionUsage u) {
            if (u == null) {
                return new UsageSummary(0, 0, 0, null, null, List.of(), List.of());
            }
            return new UsageSummary(u.uses(), u.signIns(), u.changes(), u.firstUse(), u.lastUse(),
                    u.apps().subList(0, Math.min(TOP, u.apps().size())),
                    u.countries().subList(0, Math.min(TOP, u.countries().size())));
        }
    }

    /** {@code GET /api/exceptions/{id}}: the entry, its whole ledger, its latest notices (newest first). */
    public record ExceptionDetail(Instant at, Lifecycle lifecycle, ExceptionEntry entry, JsonNode usage, JsonNode notices) {
    }

    /**
     * {@code GET /api/principals/{id}}.
     *
     * @param principal the inventory id the request resolved to
     * @param names     every name it is matched under (its id, the alias asked for, aliases register entries use)
     * @param covered   an exception naming it is in force now (its app, protocol, network and country scope still apply per sign-in)
     * @param coveredBy those exceptions
     * @param inventory    its inventory facts
     * @param registration its MFA registration as the registration step knows it now (null before any is known)
     * @param rules        each stateful rule's current view of it, by rule id
     * @param alerts       its latest alerts, newest first
     */
    public record PrincipalView(Instant at, String principal, List<String> names, boolean covered, List<String> coveredBy,
                                List<ExceptionRef> exceptions, InventoryView inventory, JsonNode registration, JsonNode rules,
                                JsonNode alerts) {
    }

    /** An exception naming the principal, and where it stands now. */
    public record ExceptionRef(String id, ExceptionCategory category, ExceptionStatus status, Lifecycle lifecycle,
                               Instant activatedAt, Instant expiresAt) {

        static ExceptionRef of(ExceptionEntry e, Instant now) {
            return new ExceptionRef(e.id(), e.category(), e.status(), e.lifecycleAt(now), e.activatedAt(), e.expiresAt());
        }
    }

    /** The inventory's facts about the principal; {@code known} false when the inventory does not list it. */
    public record InventoryView(boolean known, Boolean privileged, Boolean breakGlass, List<String> registeredMethods) {
    }

    /**
     * A principal's MFA registration (issue 16): {@code state} is {@code none}, {@code weak_only}, {@code standard},
     * {@code phishing_resistant}, or {@code unknown} while neither the inventory nor a factor change has said which
     * methods it has; each method by class and strength, when it was last registered or used, and whether it counts as
     * stale (unused for {@code MFAWATCH_STALE_FACTOR_DAYS}); when NO_MFA_REGISTERED last fired for it.
     */
    public record RegistrationView(String state, String principalType, boolean privileged, List<MethodView> methods,
                                   Instant noMfaAlertAt) {

        public record MethodView(String methodClass, String strength, Instant lastRegisteredOrUsedAt, boolean stale) {
        }

        static RegistrationView of(PrincipalRegistration r) {
            String state = r.known() ? r.level().name().toLowerCase(Locale.ROOT) : "unknown";
            List<MethodView> methods = r.methods().stream().map(m -> new MethodView(m.methodClass().name(),
                    m.strength().name(), m.sinceSecond() == 0 ? null : Instant.ofEpochSecond(m.sinceSecond()),
                    m.staleCounted())).toList();
            return new RegistrationView(state, r.principalType(), r.privileged(), methods, r.lastFired());
        }
    }
}
