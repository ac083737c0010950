package dev.mfawatch.detector.metrics;

import dev.mfawatch.model.signin.MfaResult;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.signin.SignInResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;

/**
 * Sign-in counters; coverage ratios are PromQL over these, never in-app gauges.
 * <ul>
 *   <li>{@code mfawatch_signins_total{source,result,mfa_satisfied,method_class,covered_by_exception,privileged}}:
 *   every parsed sign-in. {@code privileged} is {@code true}/{@code false} from the identity
 *   inventory ({@code directory.principals}), {@code unknown} when the inventory does not know the principal.</li>
 *   <li>{@code mfawatch_signin_failures_total{source,reason}}: sign-ins with result FAILURE. Reasons
 *   are bounded: {@code mfa_denied}, {@code mfa_timeout}, {@code mfa_code_incorrect},
 *   {@code mfa_clock_drift}, {@code mfa_desync}, {@code mfa_fraud_reported},
 *   {@code mfa_not_attempted}, {@code mfa_other} when the MFA step failed, else {@code other}
 *   (first factor, policy, lockout: providers' error codes are not comparable yet).</li>
 * </ul>
 * Tag values: {@code result} and {@code method_class} are the enum names, booleans are
 * {@code true}/{@code false}, {@code source} is the event's source lower-cased (at most
 * {@value #MAX_SOURCES} distinct values, then {@code other}).
 * Every recorded sign-in also feeds the {@link EventLagMetrics} histogram when one is given, so the
 * delay is measured at the one place every judged sign-in passes.
 */
public final class SignInMetrics implements MeterBinder {

    public static final String SIGNINS = "mfawatch.signins";
    public static final String FAILURES = "mfawatch.signin.failures";
    static final int MAX_SOURCES = 32;
    static final String PRIVILEGED_UNKNOWN = "unknown";

    private final BoundedTag sources = new BoundedTag(MAX_SOURCES);
    private final EventLagMetrics lag;
    private final Counters signIns = new Counters(SIGNINS, "Sign-ins seen by the detector",
            "source", "result", "mfa_satisfied", "method_class", "covered_by_exception", "privileged");
    private final Counters failures = new Counters(FAILURES, "Failed sign-ins by bounded reason",
            "source", "reason");

    /** Sign-in counters only, no lag histogram. */
    public SignInMetrics() {
        this(null);
    }

    /** @param lagOrNull the histogram every recorded sign-in's event time goes to (bound separately) */
    public SignInMetrics(EventLagMetrics lagOrNull) {
        this.lag = lagOrNull;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        signIns.bindTo(registry);
        failures.bindTo(registry);
    }

    public void record(SignInEvent event, boolean coveredByException) {
        record(event, coveredByException, null);
    }

    /** @param privileged the inventory's verdict, null when the inventory does not know the principal */
    public void record(SignInEvent event, boolean coveredByException, Boolean privileged) {
        String source = sources.of(event.source());
        signIns.get(source, event.result().name(), Boolean.toString(event.mfa().satisfied()),
                event.mfa().methodClass().name(), Boolean.toString(coveredByException),
                privileged == null ? PRIVILEGED_UNKNOWN : privileged.toString()).increment();
        if (event.result() == SignInResult.FAILURE) {
            failures.get(source, failureReason(event)).increment();
        }
        if (lag != null) {
            lag.observe(event.time());
        }
    }

    static String failureReason(SignInEvent event) {
        MfaResult r = event.mfa().result();
        if (r == null || r == MfaResult.SUCCESS) {
            return "other";
        }
        return "mfa_" + r.name().toLowerCase(Locale.ROOT);
    }
}
