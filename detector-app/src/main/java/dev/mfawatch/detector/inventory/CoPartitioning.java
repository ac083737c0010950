package dev.mfawatch.detector.inventory;

import dev.mfawatch.model.Reasons;
import dev.mfawatch.model.Topics;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The partition count for topics the detector creates. {@code signin.events},
 * {@code directory.principals} and {@code directory.changes} are joined by principal id and must be
 * co-partitioned: when {@code signin.events} already exists, its count wins over
 * {@code MFAWATCH_TOPIC_PARTITIONS} (register-sync follows the same rule for the inventory topic).
 */
public final class CoPartitioning {

    private CoPartitioning() {
    }

    public static int partitions(Admin admin, int configured) {
        String signins = Topics.SIGNIN_EVENTS.name();
        try {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(signins)) {
                return configured;
            }
            TopicDescription d = admin.describeTopics(List.of(signins)).allTopicNames().get(30, TimeUnit.SECONDS).get(signins);
            return d.partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + signins, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not describe " + signins + ": " + Reasons.of(e), e);
        }
    }
}
