package dev.mfawatch.detector.rules;

import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.List;
import java.util.Optional;

/**
 * What a detector may see about one sign-in: the event, the register entries naming its principal,
 * the principal's identity-inventory facts (when the inventory knows it) and our MFA policy.
 * Read-only and free of Kafka, so a test builds one with {@link #of}.
 */
public interface DetectionContext {

    SignInEvent event();

    /** The register view for this principal: entries whose scope names its id or an alias. */
    List<ExceptionEntry> exceptions();

    /** The principal's inventory facts from {@code directory.principals}; empty when the inventory does not know it. */
    Optional<InventoryFacts> inventory();

    MfaPolicy policy();

    /** The register's verdict on this event, computed once. */
    Coverage coverage();

    /** True / false from the inventory; empty when unknown. */
    default Optional<Boolean> privileged() {
        return inventory().map(InventoryFacts::privileged);
    }

    /**
     * Privileged or break-glass by the inventory, or named by a BREAK_GLASS register entry (whatever its lifecycle:
     * an emergency account stays one after its entry lapses): the escalation the rules apply to such accounts.
     */
    default boolean privilegedOrBreakGlass() {
        return inventory().map(f -> f.privileged() || f.breakGlass()).orElse(false)
                || exceptions().stream().anyMatch(x -> x.category() == ExceptionCategory.BREAK_GLASS
                        && event().principal().names().stream().anyMatch(x::names));
    }

    static DetectionContext of(SignInEvent event, List<ExceptionEntry> exceptions, MfaPolicy policy) {
        return new EventContext(event, exceptions, null, policy);
    }

    static DetectionContext of(SignInEvent event, List<ExceptionEntry> exceptions, InventoryFacts inventory, MfaPolicy policy) {
        return new EventContext(event, exceptions, inventory, policy);
    }

    /** The plain implementation: the coverage is assessed once at construction. */
    final class EventContext implements DetectionContext {
        private final SignInEvent event;
        private final List<ExceptionEntry> exceptions;
        private final Optional<InventoryFacts> inventory;
        private final MfaPolicy policy;
        private final Coverage coverage;

        private EventContext(SignInEvent event, List<ExceptionEntry> exceptions, InventoryFacts inventory, MfaPolicy policy) {
            this.event = event;
            this.exceptions = List.copyOf(exceptions);
            this.inventory = Optional.ofNullable(inventory);
            this.policy = policy;
            this.coverage = Coverage.assess(event, this.exceptions, policy);
        }

        @Override
        public SignInEvent event() {
            return event;
        }

        @Override
        public List<ExceptionEntry> exceptions() {
            return exceptions;
        }

        @Override
        public Optional<InventoryFacts> inventory() {
            return inventory;
        }

        @Override
        public MfaPolicy policy() {
            return policy;
        }

        @Override
        public Coverage coverage() {
            return coverage;
        }
    }
}
