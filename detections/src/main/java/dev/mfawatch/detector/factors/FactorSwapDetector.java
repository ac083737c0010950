package dev.mfawatch.detector.factors;

import dev.mfawatch.detector.factors.FactorHistory.Change;
import dev.mfawatch.detector.factors.FactorHistory.Method;
import dev.mfawatch.detector.inventory.InventoryFacts;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.Phrases;
import dev.mfawatch.detector.rules.RuleSettings;
import dev.mfawatch.detector.rules.StatefulDetector;
import dev.mfawatch.model.alert.Response;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.MethodClass;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code FACTOR_SWAP}, from canonical {@code directory.changes} (keyed by target principal id) and
 * sign-ins:
 * <ul>
 *   <li>a factor registered, removed or reset without a ticket reference fires at once;</li>
 *   <li>a successful MFA with a method the principal has not used in its recent history, within
 *   {@code factorSwapWindow} after such a ticketless change, fires too (a ticketed change is an
 *   approved re-enrolment: the new method that follows it is expected).</li>
 * </ul>
 * HIGH when the move is from a phishing-resistant method (in the principal's recent history or
 * inventory) to OTP or SMS/voice, MEDIUM otherwise. Suppression folds the change and the sign-in
 * that follows it into one alert (same rule and principal), raised to HIGH if either is.
 */
public final class FactorSwapDetector implements StatefulDetector<FactorHistory> {

    public static final String ID = "FACTOR_SWAP";

    private static final List<ChangeOperation> FACTOR_CHANGES =
            List.of(ChangeOperation.FACTOR_REGISTERED, ChangeOperation.FACTOR_REMOVED, ChangeOperation.FACTOR_RESET);

    private static final DetectorMetadata METADATA = new DetectorMetadata(
            ID,
            "MFA factor changed without a ticket, or a new factor used right after",
            "An MFA factor registered, removed or reset without a ticket reference, or a successful MFA "
                    + "with a method the principal has not used recently shortly after such a change.",
            Severity.MEDIUM,
            List.of("T1556.006", "T1098.005"),
            List.of("Self-service registration of a new phone by its owner",
                    "Helpdesk resets whose ticket the provider does not carry into the audit log"),
            List.of("https://attack.mitre.org/techniques/T1556/006/", "https://attack.mitre.org/techniques/T1098/005/"),
            new Response(
                    "Confirm the change with the user out of band; if not theirs, revoke sessions and remove the new factor",
                    "Find who made the change and how (helpdesk social engineering, a compromised admin)",
                    "Re-enrol a phishing-resistant factor and require a ticket for every factor change"));

    private final RuleSettings settings;

    public FactorSwapDetector(RuleSettings settings) {
        this.settings = settings;
    }

    @Override
    public DetectorMetadata metadata() {
        return METADATA;
    }

    @Override
    public StateCodec<FactorHistory> codec() {
        return FactorHistory.CODEC;
    }

    /**
     * Recently used methods by class and last use (the names are kept only as hashes, so only the
     * class can be shown) and the pending ticketless factor change, if any (the API's view).
     */
    @Override
    public Object view(FactorHistory state) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("recentMethods", state.methods().stream()
                .map(m -> new MethodView(className(m.methodClass()), Instant.ofEpochSecond(m.lastUsedSecond()))).toList());
        if (state.change() != null) {
            Change c = state.change();
            ChangeOperation[] ops = ChangeOperation.values();
            v.put("pendingChange", new ChangeView(Instant.ofEpochSecond(c.epochSecond()),
                    c.operation() >= 0 && c.operation() < ops.length ? ops[c.operation()].name() : "UNKNOWN",
                    className(c.methodClass())));
        }
        return v;
    }

    private static String className(byte ordinal) {
        MethodClass[] classes = MethodClass.values();
        return ordinal >= 0 && ordinal < classes.length ? classes[ordinal].name() : MethodClass.OTHER.name();
    }

    /** A recently used MFA method, as the API shows it. */
    public record MethodView(String methodClass, Instant lastUsed) {
    }

    /** A ticketless factor change still inside the swap window, as the API shows it. */
    public record ChangeView(Instant at, String operation, String methodClass) {
    }

    @Override
    public Step<FactorHistory> onChange(String principal, DirectoryChange c, FactorHistory state) {
        if (!FACTOR_CHANGES.contains(c.operation())) {
            return Step.quiet(state);
        }
        if (c.ticket() != null && !c.ticket().isBlank()) {
            return Step.quiet(state); // approved: the re-enrolment that follows is expected
        }
        String factorName = factorName(c);
        MethodClass cls = FactorClasses.of(factorName);
        List<Method> methods = state == null ? List.of() : state.methods();
        FactorHistory next = new FactorHistory(methods, new Change(c.time().getEpochSecond(), (byte) c.operation().ordinal(),
                (byte) cls.ordinal()));
        boolean downgrade = c.operation() == ChangeOperation.FACTOR_REGISTERED && FactorClasses.weak(cls) && hadStrong(methods, null);
        Map<String, String> d = new LinkedHashMap<>();
        d.put("trigger", "CHANGE");
        d.put("operation", c.operation().name());
        d.put("factor", Phrases.orUnknown(factorName));
        d.put("factorClass", cls.name());
        d.put("actor", Phrases.orUnknown(c.actor() == null ? null : c.actor().id()));
        d.put("ticket", "none");
        d.put("downgrade", Boolean.toString(downgrade));
        String summary = "MFA factor " + c.operation().name().toLowerCase(Locale.ROOT).replace("factor_", "")
                + (factorName == null || factorName.isBlank() ? "" : " (" + factorName + ")") + " for " + principal + " by "
                + Phrases.orUnknown(c.actor() == null ? null : c.actor().id(), "actor") + " without a ticket: confirm with the user out of band and remove the factor if it is not theirs.";
        return Step.fire(next, new Finding(downgrade ? Severity.HIGH : Severity.MEDIUM, null, summary, d));
    }

    private static final long LAST_USE_REFRESH_SECONDS = 3600;

    @Override
    public Step<FactorHistory> step(DetectionContext context, FactorHistory state) {
        SignInEvent e = context.event();
        if (e.result() != SignInResult.SUCCESS || !e.mfa().satisfied()
                || (e.mfa().method() == null && e.mfa().methodClass() == MethodClass.OTHER)) {
            return Step.quiet(state);
        }
        long now = e.time().getEpochSecond();
        String name = e.mfa().method() != null ? e.mfa().method().toLowerCase(Locale.ROOT) : e.mfa().methodClass().name();
        int hash = name.hashCode();
        List<Method> current = state == null ? List.of() : state.methods();
        boolean known = current.stream().anyMatch(m -> m.nameHash() == hash);
        Change change = state == null ? null : state.change();
        boolean recentChange = change != null && now >= change.epochSecond()
                && now - change.epochSecond() <= settings.factorSwapWindow().toSeconds();
        Optional<Finding> finding = Optional.empty();
        if (recentChange && !known) {
            MethodClass cls = e.mfa().methodClass();
            boolean downgrade = FactorClasses.weak(cls) && hadStrong(current, context.inventory().orElse(null));
            Map<String, String> d = new LinkedHashMap<>();
            d.put("trigger", "NEW_METHOD_AFTER_CHANGE");
            d.put("factor", e.mfa().method() == null ? cls.name() : e.mfa().method());
            d.put("factorClass", cls.name());
            d.put("changeOperation", ChangeOperation.values()[change.operation()].name());
            d.put("changeTime", Instant.ofEpochSecond(change.epochSecond()).toString());
            d.put("downgrade", Boolean.toString(downgrade));
            finding = Optional.of(new Finding(downgrade ? Severity.HIGH : Severity.MEDIUM, null,
                    e.principal().id() + " signed in with " + d.get("factor") + ", a method not used recently, "
                            + (now - change.epochSecond()) / 60 + " min after a ticketless factor change"
                            + (downgrade ? " that replaced a phishing-resistant method" : "")
                            + ": confirm with the user and revoke the sessions if it was not them.", d));
        }
        byte cls = (byte) e.mfa().methodClass().ordinal();
        if (known && current.stream().anyMatch(m -> m.nameHash() == hash && m.methodClass() == cls
                && now >= m.lastUsedSecond() && now - m.lastUsedSecond() < LAST_USE_REFRESH_SECONDS)) {
            // A known method's last use is refreshed at most hourly: exact to an hour in a history
            // kept for weeks, and most sign-ins then cost no state write and no changelog record.
            return Step.quiet(state);
        }
        List<Method> methods = new ArrayList<>(current);
        methods.removeIf(m -> m.nameHash() == hash);
        methods.add(new Method(hash, cls, now));
        methods.sort(Comparator.comparingLong(Method::lastUsedSecond));
        while (methods.size() > settings.factorHistory()) {
            methods.remove(0);
        }
        FactorHistory next = new FactorHistory(methods, change);
        return new Step<>(next, finding);
    }

    @Override
    public FactorHistory expire(FactorHistory state, Instant streamTime) {
        long now = streamTime.getEpochSecond();
        long age = settings.factorHistoryAge().toSeconds();
        if (state.methods().stream().allMatch(m -> now - m.lastUsedSecond() <= age)
                && (state.change() == null || now - state.change().epochSecond() <= settings.factorSwapWindow().toSeconds())) {
            return state.empty() ? null : state; // nothing aged out: no copy
        }
        List<Method> methods = state.methods().stream()
                .filter(m -> now - m.lastUsedSecond() <= settings.factorHistoryAge().toSeconds()).toList();
        Change change = state.change() != null && now - state.change().epochSecond() <= settings.factorSwapWindow().toSeconds()
                ? state.change() : null;
        FactorHistory next = new FactorHistory(methods, change);
        return next.empty() ? null : next.equals(state) ? state : next;
    }

    /**
     * The first whole second at which a method's last use is more than {@code factorHistoryAge} old or the
     * change more than {@code factorSwapWindow} old ({@link #expire} compares whole seconds).
     */
    @Override
    public Optional<Instant> wakeAt(FactorHistory state) {
        if (state.empty()) {
            return Optional.of(Instant.MIN);
        }
        long at = Long.MAX_VALUE;
        for (Method m : state.methods()) {
            at = Math.min(at, m.lastUsedSecond() + settings.factorHistoryAge().toSeconds() + 1);
        }
        if (state.change() != null) {
            at = Math.min(at, state.change().epochSecond() + settings.factorSwapWindow().toSeconds() + 1);
        }
        return Optional.of(Instant.ofEpochSecond(at));
    }

    private static boolean hadStrong(List<Method> methods, InventoryFacts inventory) {
        return methods.stream().anyMatch(m -> m.methodClass() == MethodClass.PHISHING_RESISTANT.ordinal())
                || (inventory != null && inventory.registeredMethods().stream()
                        .anyMatch(n -> FactorClasses.of(n) == MethodClass.PHISHING_RESISTANT));
    }

    private static String factorName(DirectoryChange c) {
        for (String key : List.of("factor", "method", "factorType", "authenticator")) {
            String v = c.details().get(key);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
