package dev.mfawatch.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

class RetriedAppendFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final RetriedAppendFilter filter = new RetriedAppendFilter();

    private FilterReply decide(String logger, Throwable thrown) {
        Logger l = context.getLogger(logger);
        return filter.decide(new LoggingEvent(Logger.class.getName(), l, Level.ERROR,
                "[ReplicaManager broker=0] Error processing append operation on partition p-0", thrown, null));
    }

    @Test
    void dropsTheBrokersReportOfARetriedOutOfSequenceAppend() {
        assertThat(decide("kafka.server.ReplicaManager", new OutOfOrderSequenceException("Invalid sequence number")))
                .isEqualTo(FilterReply.DENY);
    }

    @Test
    void keepsEveryOtherError() {
        assertThat(decide("kafka.server.ReplicaManager", new CorruptRecordException("corrupt"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("kafka.server.ReplicaManager", null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("org.apache.kafka.clients.producer.internals.Sender",
                new OutOfOrderSequenceException("Invalid sequence number"))).isEqualTo(FilterReply.NEUTRAL);
    }
}
