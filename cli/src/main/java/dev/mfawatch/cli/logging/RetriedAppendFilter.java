package dev.mfawatch.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops one broker log line the demo's embedded broker prints at ERROR for a condition that is not
 * an error: with transactions v2 (Kafka 4.x) the broker rejects a transactional producer's batch that
 * arrives ahead of the batch its sequence must follow (e.g. when the earlier one was refused because
 * the previous transaction was still completing) with the retriable OutOfOrderSequenceException
 * (KAFKA-18202), and the producer resends it in order. The broker logs that rejection at ERROR
 * ("Error processing append operation on partition …"). Every other broker line, and the producer's
 * own report should a retry fail, pass untouched.
 */
public final class RetriedAppendFilter extends Filter<ILoggingEvent> {

    static final String LOGGER = "kafka.server.ReplicaManager";
    static final String EXCEPTION = "org.apache.kafka.common.errors.OutOfOrderSequenceException";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        return LOGGER.equals(event.getLoggerName()) && thrown != null && EXCEPTION.equals(thrown.getClassName())
                ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
