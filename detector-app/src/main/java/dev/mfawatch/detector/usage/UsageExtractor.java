package dev.mfawatch.detector.usage;

import dev.mfawatch.detector.alerting.DetectionInput;
import dev.mfawatch.detector.changes.UnapprovedExclusionChangeDetector;
import dev.mfawatch.detector.identity.AliasResolver;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.detector.rules.Coverage;
import dev.mfawatch.detector.rules.MfaPolicy;
import dev.mfawatch.detector.scope.Cidr;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.SignInEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Finds the uses of exceptions among the detection inputs (keyed by principal) and forwards each keyed
 * by its exception id: a sign-in the register covers ({@link Coverage.Verdict#COVERED}) and a weakening
 * directory change a register entry approves ({@link UnapprovedExclusionChangeDetector#approving}). The
 * MFA-gap test comes first and is cheap: a sign-in with MFA, the usual case, costs nothing more. The
 * coverage is assessed again here rather than taken from the detection step, so that step stays as it is.
 *
 * <p>It also forwards one {@link Use#clock clock tick} per publication interval of its own stream time
 * (at most one a minute), so the ledger (one task behind a single-partition repartition) follows event
 * time even when nothing is used, and a use is published within about one interval of the next tick.
 */
public final class UsageExtractor implements Processor<String, DetectionInput, String, Use> {

    static final Duration CLOCK_AT_MOST_EVERY = Duration.ofMinutes(1);
    private static final Duration CLOCK_AT_LEAST_EVERY = Duration.ofSeconds(1);

    private final RegisterIndex register;
    private final MfaPolicy policy;
    private final Duration clockEvery;
    private ProcessorContext<String, Use> context;

    public UsageExtractor(RegisterIndex register, MfaPolicy policy, Duration publishInterval) {
        this.register = register;
        this.policy = policy;
        Duration every = publishInterval.compareTo(CLOCK_AT_MOST_EVERY) > 0 ? CLOCK_AT_MOST_EVERY : publishInterval;
        this.clockEvery = every.compareTo(CLOCK_AT_LEAST_EVERY) < 0 ? CLOCK_AT_LEAST_EVERY : every;
    }

    @Override
    public void init(ProcessorContext<String, Use> context) {
        this.context = context;
        // Fires at most once per interval of stream time, however far a record moves it.
        context.schedule(clockEvery, PunctuationType.STREAM_TIME,
                t -> context.forward(new Record<>(Use.CLOCK_KEY, Use.clock(t), t)));
    }

    @Override
    public void process(Record<String, DetectionInput> record) {
        if (record.value() instanceof DetectionInput.SignIn s) {
            signIn(s.enriched().event(), record.timestamp());
        } else if (record.value() instanceof DetectionInput.Change c) {
            change(c.change(), record.timestamp());
        }
    }

    private void signIn(SignInEvent event, long timestamp) {
        if (!policy.mfaGap(event)) {
            return;
        }
        List<ExceptionEntry> entries = register.entriesFor(event.principal().names());
        if (entries.isEmpty()) {
            return;
        }
        Optional<ExceptionEntry> covering = Coverage.assess(event, entries, policy).coveredBy();
        if (covering.isEmpty()) {
            return;
        }
        String app = event.app() == null ? null : firstText(event.app().name(), event.app().id());
        String protocol = event.client() == null || event.client().protocol() == null ? null : event.client().protocol().name();
        String country = event.network() == null ? null : event.network().country();
        String prefix = event.network() == null ? null : Cidr.sitePrefix(event.network().ip());
        Use use = new Use(Use.Kind.SIGN_IN, event.time().toEpochMilli(), Use.Text.bound(event.eventId()), Use.Text.bound(app),
                protocol, Use.Text.bound(country), prefix, Use.Text.bound(event.principal().id()));
        context.forward(new Record<>(covering.get().id(), use, timestamp));
    }

    /** One use per approving entry, whatever the number of targets it approved the change for. */
    private void change(DirectoryChange change, long timestamp) {
        if (change.time() == null) {
            return;
        }
        List<String> targets = change.targets().isEmpty() ? Collections.singletonList(null) : change.targets();
        Set<String> counted = new LinkedHashSet<>();
        for (String target : targets) {
            List<ExceptionEntry> candidates = target != null ? register.entriesFor(AliasResolver.names(change, target))
                    : namingPolicies();
            Optional<ExceptionEntry> approving = UnapprovedExclusionChangeDetector.approving(change, candidates);
            if (approving.isPresent() && counted.add(approving.get().id())) {
                Use use = new Use(Use.Kind.CHANGE, change.time().toEpochMilli(), Use.Text.bound(change.eventId()), null, null,
                        null, null, Use.Text.bound(target));
                context.forward(new Record<>(approving.get().id(), use, timestamp));
            }
        }
    }

    /** For a change naming nobody: the entries restricted to policies (approving() checks it is this one). */
    private List<ExceptionEntry> namingPolicies() {
        List<ExceptionEntry> out = new ArrayList<>();
        for (ExceptionEntry e : register.all()) {
            if (!e.scope().policies().isEmpty()) {
                out.add(e);
            }
        }
        return out;
    }

    private static String firstText(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
