package dev.mfawatch.detector.identity;

import dev.mfawatch.model.Checks;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.PrincipalRef;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Rewrites canonical records from an inventory alias to the inventory's principal id (see
 * {@code docs/PROVIDERS.md}, "One identity across providers"). Pure: the lookup (alias → principal
 * id, null when the name is no alias) is given, so tests need no store.
 *
 * <ul>
 *   <li>A sign-in's principal id is looked up first, then each of its aliases in order; the first hit
 *       becomes the id and the former id leads the aliases, so register entries naming either (or any
 *       provider alias the normalizer kept) still match through {@link PrincipalRef#names()}.</li>
 *   <li>A directory change naming exactly one target (what every change keyed by target is) gets the
 *       resolved target, and the original one in {@code details.resolvedFrom}; {@link #names} gives
 *       both to whoever matches register entries for the target. Changes naming no or several targets
 *       are left alone (several targets in one record break the one-record-per-target contract of
 *       {@code directory.changes}; such a record is judged per target as it stands).</li>
 * </ul>
 * A record nothing resolves is returned as the same instance, so callers can tell with {@code ==}.
 */
public final class AliasResolver {

    /** The detail key holding a change's target as the provider named it, when it was resolved. */
    public static final String RESOLVED_FROM = "resolvedFrom";

    private final UnaryOperator<String> lookup;

    /** @param lookup alias (lower-cased) → principal id, or null */
    public AliasResolver(UnaryOperator<String> lookup) {
        this.lookup = lookup;
    }

    /** The principal id {@code name} is an alias of, or null. */
    public String principalOf(String name) {
        if (name == null) {
            return null;
        }
        String alias = Checks.principalId(name); // canonical names are lower-cased already: no copy then
        String id = Checks.principalId(lookup.apply(alias));
        return id == null || id.isEmpty() || id.equals(alias) ? null : id;
    }

    public SignInEvent resolve(SignInEvent event) {
        PrincipalRef p = event.principal();
        // Runs on every sign-in: look up without building lists first.
        String id = principalOf(p.id());
        for (int i = 0; id == null && i < p.aliases().size(); i++) {
            id = principalOf(p.aliases().get(i));
        }
        if (id == null || id.equals(p.id())) {
            return event; // nothing resolves, or an alias the provider kept points back at the id itself
        }
        List<String> aliases = new ArrayList<>(p.names()); // the former id first, then its aliases
        aliases.remove(id);
        return new SignInEvent(event.eventId(), event.source(), event.time(), new PrincipalRef(id, aliases, p.type()),
                event.app(), event.client(), event.result(), event.errorCode(), event.failureReason(), event.mfa(),
                event.network(), event.device(), event.sessionId(), event.correlationId(), event.raw());
    }

    public DirectoryChange resolve(DirectoryChange change) {
        if (change.targets().size() != 1) {
            return change;
        }
        String target = change.targets().get(0);
        String id = principalOf(target);
        if (id == null) {
            // The provider's own id of the target (the Entra object id beside the UPN) may be the alias the inventory knows.
            String targetId = change.details().get(DirectoryChange.TARGET_ID);
            id = targetId == null || Checks.principalId(targetId).equals(target) ? null : principalOf(targetId);
        }
        if (id == null || id.equals(target)) {
            return change;
        }
        Map<String, String> details = new LinkedHashMap<>(change.details());
        details.put(RESOLVED_FROM, target);
        return new DirectoryChange(change.eventId(), change.source(), change.time(), change.actor(), change.operation(),
                List.of(id), change.policy(), change.ticket(), details, change.raw());
    }

    /**
     * The names under which register entries may cover {@code target} of {@code change}: the target, the
     * provider's name for it when it was resolved, and the provider's own id of it ({@link DirectoryChange#TARGET_ID}).
     */
    public static List<String> names(DirectoryChange change, String target) {
        if (target == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>(3);
        names.add(target);
        for (String other : new String[] {change.details().get(RESOLVED_FROM), change.details().get(DirectoryChange.TARGET_ID)}) {
            String name = Checks.principalId(other);
            if (name != null && !name.isEmpty() && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
