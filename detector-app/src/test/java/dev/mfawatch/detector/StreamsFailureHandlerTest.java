package dev.mfawatch.detector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.logging.LogCapture;
import java.util.Optional;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamsFailureHandlerTest {

    private static final String LINE = "not authorized: WRITE on topic mfa.alerts for the configured principal; "
            + "grant it or fix KAFKA_SASL_JAAS_CONFIG";

    @Test
    void aMissingAclShutsTheClientDownWithOneLine() {
        StreamsFailureHandler handler = new StreamsFailureHandler(3,
                e -> StreamsFailureHandler.fatalReason(e).isPresent() ? Optional.of(LINE) : Optional.empty());
        Throwable denied = new StreamsException("Error encountered sending record to topic mfa.alerts",
                new TopicAuthorizationException(java.util.Set.of("mfa.alerts")));
        try (LogCapture logs = LogCapture.of(StreamsFailureHandler.class.getName())) {
            assertThat(handler.handle(denied)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
            assertThat(logs.warnings()).containsExactly("ERROR " + StreamsFailureHandler.class.getName()
                    + " - shutting down Kafka Streams: " + LINE);
        }
        assertThat(handler.lastFailure()).contains(LINE);
    }

    @Test
    void aTransientFailureStillReplacesTheThread() {
        StreamsFailureHandler handler = new StreamsFailureHandler(3, e -> Optional.empty());
        assertThat(handler.handle(new StreamsException(new TimeoutException("broker away"))))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(handler.lastFailure()).isEmpty();
    }
}
