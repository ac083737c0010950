package dev.mfawatch.detector;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a stream thread's uncaught exception does. Transient trouble (a broker bounce, a
 * timeout, a fenced producer) replaces the thread, and the task resumes from its last commit. A
 * fatal cause — a JVM {@link Error}, bad credentials or ACLs, a bad setting, a missing input topic,
 * a broker too old — shuts the client down, since a new thread would fail the same way; so does a
 * thread that keeps dying ({@code maxReplacements} in the life of the client), which is a bug, not
 * a blip. Every decision is logged with its reason; records are never logged.
 */
final class StreamsFailureHandler implements StreamsUncaughtExceptionHandler {

    static final int DEFAULT_MAX_REPLACEMENTS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(StreamsFailureHandler.class);

    private final int maxReplacements;
    private final Function<Throwable, Optional<String>> accessDenied;
    private final AtomicInteger replacements = new AtomicInteger();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();

    StreamsFailureHandler(int maxReplacements) {
        this(maxReplacements, e -> Optional.empty());
    }

    /** {@code accessDenied} explains an authentication or authorization failure in one line, or returns empty. */
    StreamsFailureHandler(int maxReplacements, Function<Throwable, Optional<String>> accessDenied) {
        this.maxReplacements = maxReplacements;
        this.accessDenied = accessDenied;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        Optional<String> denied = accessDenied.apply(exception);
        if (denied.isPresent()) {
            lastFailure.set(denied.get());
            LOG.error("shutting down Kafka Streams: {}", denied.get());
            LOG.debug("the failure behind it", exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        Optional<String> fatal = fatalReason(exception);
        if (fatal.isPresent()) {
            String reason = fatal.get() + ": " + describe(exception);
            lastFailure.set(reason);
            LOG.error("shutting down Kafka Streams: {}", reason, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        int n = replacements.incrementAndGet();
        if (n > maxReplacements) {
            String reason = "stream threads failed " + n + " times, last: " + describe(exception);
            lastFailure.set(reason);
            LOG.error("shutting down Kafka Streams: {}", reason, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.warn("replacing a failed stream thread ({} of at most {}): {}", n, maxReplacements, describe(exception), exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    static Optional<String> fatalReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Error) {
                return Optional.of("JVM error");
            }
            if (t instanceof AuthenticationException) {
                return Optional.of("authentication failed (check KAFKA_SASL_* / KAFKA_SSL_*)");
            }
            if (t instanceof AuthorizationException) {
                return Optional.of("not authorized (check the ACLs of the application id and topics)");
            }
            if (t instanceof ConfigException) {
                return Optional.of("invalid configuration");
            }
            if (t instanceof MissingSourceTopicException) {
                return Optional.of("an input topic is missing");
            }
            if (t instanceof UnsupportedVersionException) {
                return Optional.of("the broker does not support a required feature");
            }
        }
        return Optional.empty();
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root instanceof KafkaException) {
            root = root.getCause();
        }
        return root.getClass().getName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
