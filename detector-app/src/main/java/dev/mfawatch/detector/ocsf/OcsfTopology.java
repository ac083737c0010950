package dev.mfawatch.detector.ocsf;

import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mfa.alerts} again as OCSF Detection Findings, added only with {@code MFAWATCH_OCSF=true}:
 * <pre>
 * mfa.alerts ──► views-alerts-source ──► ocsf-finding ──► ocsf-present ──► ocsf-sink ──► mfa.alerts.ocsf
 * </pre>
 *
 * It taps the stream the query API's views already read back from {@code mfa.alerts} (Kafka Streams allows one
 * source per topic) rather than branching the sinks that write it: every writer of {@code mfa.alerts} — the
 * sign-in path's {@code suppress}, the change path's {@code changes-detect}, and any rule path added later — is
 * covered without being named, and the OCSF topic carries exactly what was committed there, in the same order
 * per principal (same key). It joins the views' sub-topology, so enabling it adds no sub-topology and renumbers
 * no task. The cost is one hop: under exactly-once a finding follows its alert by about one commit interval.
 */
public final class OcsfTopology {

    public static final String MAP = "ocsf-finding";
    public static final String FILTER = "ocsf-present";
    public static final String SINK = "ocsf-sink";

    private static final Logger LOG = LoggerFactory.getLogger(OcsfTopology.class);

    private OcsfTopology() {
    }

    /** @param alerts {@code mfa.alerts} as read back, keyed by principal, values the alert JSON */
    public static void addTo(KStream<String, byte[]> alerts) {
        alerts.mapValues(OcsfTopology::finding, Named.as(MAP))
                .filter((key, finding) -> finding != null, Named.as(FILTER))
                .to(Topics.ALERTS_OCSF.name(), Produced.with(Topics.ALERTS_OCSF.keySerde(), Topics.ALERTS_OCSF.valueSerde())
                        .withName(SINK));
    }

    private static String finding(byte[] value) {
        if (value == null) {
            return null;
        }
        Alert alert;
        try {
            alert = Topics.ALERT_SERDE.read(value);
        } catch (SerializationException e) {
            // Its type only: the message may quote the value.
            LOG.warn("{}: skipped a record of {} that does not bind ({})", MAP, Topics.ALERTS.name(), e.getClass().getSimpleName());
            return null;
        }
        return DetectionFindings.json(alert);
    }
}
