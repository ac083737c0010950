package dev.mfawatch.detector.alerting;

import dev.mfawatch.detector.metrics.DetectorMetrics;
import dev.mfawatch.detector.register.RegisterIndex;
import dev.mfawatch.detector.rules.Coverage;
import dev.mfawatch.detector.rules.DetectionContext;
import dev.mfawatch.detector.rules.Detector;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.detector.rules.MfaPolicy;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.SignInEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every detector on each parsed sign-in against the register entries naming its principal,
 * counts the sign-in and any exception usage, and forwards alerts keyed by principal id. Knows no
 * rule: it only turns findings into alerts.
 */
public final class DetectionProcessor implements Processor<String, SignInEvent, String, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(DetectionProcessor.class);

    private final List<Detector> detectors;
    private final RegisterIndex register;
    private final MfaPolicy policy;
    private final DetectorMetrics metrics;
    private ProcessorContext<String, Alert> context;

    public DetectionProcessor(List<Detector> detectors, RegisterIndex register, MfaPolicy policy, DetectorMetrics metrics) {
        this.detectors = List.copyOf(detectors);
        this.register = register;
        this.policy = policy;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, SignInEvent> record) {
        SignInEvent event = record.value();
        List<ExceptionEntry> entries = register.entriesFor(event.principal().names());
        DetectionContext ctx = DetectionContext.of(event, entries, policy);
        Coverage coverage = ctx.coverage();
        Optional<ExceptionEntry> covering = coverage.coveredBy();
        metrics.signIns().record(event, covering.isPresent());
        covering.ifPresent(entry -> {
            metrics.exceptionUsage().used(entry.category());
            LOG.debug("sign-in {} without MFA covered by exception {}", event.eventId(), entry.id());
        });
        Instant detectedAt = Instant.ofEpochMilli(record.timestamp());
        for (Detector detector : detectors) {
            String rule = detector.metadata().id();
            Optional<Finding> finding;
            try {
                finding = detector.detect(ctx);
            } catch (RuntimeException e) {
                // A detector bug must not stop the stream or the other detectors.
                metrics.alerts().detectorError(rule);
                // The exception's message may quote event data: WARN names its type only.
                LOG.warn("detector {} failed on sign-in {}: {}", rule, event.eventId(), e.getClass().getName());
                LOG.debug("detector {} failure detail", rule, e);
                continue;
            }
            if (finding.isEmpty()) {
                continue;
            }
            Alert alert = AlertFactory.create(detector.metadata(), finding.get(), event, detectedAt);
            metrics.alerts().alert(alert.rule(), alert.severity());
            LOG.debug("alert {} {} on sign-in {}", alert.rule(), alert.alertId(), event.eventId());
            // Fresh headers: the input's headers are not the alert's.
            context.forward(new Record<>(event.principal().id(), alert, record.timestamp()));
        }
    }
}
