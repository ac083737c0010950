package dev.mfawatch.detector.changes;

import dev.mfawatch.detector.identity.AliasResolver;
import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.directory.PolicyRef;
import dev.mfawatch.model.register.ExceptionEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every change by effect and runs the change detectors on each weakening one, once per
 * target (the raw path writes one record per target; a producer writing several targets in one
 * record is judged per target too), against the register entries naming that target — or, for a
 * change naming nobody, the entries naming its policy. Knows no rule; alerts are keyed by their principal.
 */
public final class ChangeDetectionProcessor implements Processor<String, DirectoryChange, String, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeDetectionProcessor.class);

    private final List<ChangeDetector> detectors;
    private final RegisterIndex register;
    private final DetectorMetrics metrics;
    private ProcessorContext<String, Alert> context;

    public ChangeDetectionProcessor(List<ChangeDetector> detectors, RegisterIndex register, DetectorMetrics metrics) {
        this.detectors = List.copyOf(detectors);
        this.register = register;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, DirectoryChange> record) {
        DirectoryChange change = record.value();
        ChangeEffect effect = ChangeEffect.of(change.operation());
        metrics.changes().change(change.source(), change.operation().name(), effect.tag());
        if (effect != ChangeEffect.WEAKENING) {
            return;
        }
        List<String> targets = change.targets().isEmpty() ? java.util.Collections.singletonList(null) : change.targets();
        Instant detectedAt = Instant.ofEpochMilli(record.timestamp());
        for (String target : targets) {
            List<ExceptionEntry> candidates = target != null ? register.entriesFor(AliasResolver.names(change, target))
                    : namingPolicy(change.policy());
            ChangeContext ctx = new ChangeContext(change, target, candidates);
            for (ChangeDetector detector : detectors) {
                String rule = detector.metadata().id();
                Optional<Finding> finding;
                try {
                    finding = detector.detect(ctx);
                } catch (RuntimeException e) {
                    metrics.alerts().detectorError(rule);
                    LOG.warn("detector {} failed on change {}: {}", rule, change.eventId(), e.getClass().getName());
                    LOG.debug("detector {} failure detail", rule, e);
                    continue;
                }
                if (finding.isEmpty()) {
                    continue;
                }
                Alert alert = ChangeAlerts.create(detector.metadata(), finding.get(), change, target, detectedAt);
                metrics.alerts().alert(alert.rule(), alert.severity());
                LOG.debug("alert {} {} on change {}", alert.rule(), alert.alertId(), change.eventId());
                context.forward(new Record<>(alert.principal(), alert, record.timestamp()));
            }
        }
    }

    private List<ExceptionEntry> namingPolicy(PolicyRef policy) {
        if (policy == null) {
            return List.of();
        }
        List<ExceptionEntry> out = new ArrayList<>();
        for (ExceptionEntry e : register.all()) {
            if (!e.scope().policies().isEmpty() && UnapprovedExclusionChangeDetector.policyInScope(e, policy)) {
                out.add(e);
            }
        }
        return out;
    }
}
