package dev.mfawatch.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics mfa-watch needs when they are missing; compacted ones with {@code cleanup.policy=compact}. */
public final class TopicSetup {

    private TopicSetup() {
    }

    /**
     * Creates every missing topic in {@code names} with {@code partitions} partitions and the
     * broker's default replication factor. Existing topics are left as they are.
     */
    public static void ensure(Admin admin, Collection<String> names, int partitions) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : names) {
                if (!existing.contains(name)) {
                    NewTopic topic = new NewTopic(name, java.util.Optional.of(partitions), java.util.Optional.empty());
                    if (Topics.COMPACTED.contains(name)) {
                        topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    }
                    missing.add(topic);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // Another instance may have created it between the listing and now.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitMetadata(admin, missing.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + names + ": " + Reasons.of(e), e);
        }
    }

    /**
     * The controller has created the topics when createTopics completes, but a broker may not know
     * their partitions yet: a client that looks them up at once (Kafka Streams' global thread does)
     * would fail with "no partitions available". Wait until the broker describes them all.
     */
    private static void awaitMetadata(Admin admin, List<String> names) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    // Created, but not ours to describe (a missing DESCRIBE/READ/WRITE ACL): the clients that use
                    // the topic report that in their own words; waiting here would only hide it behind a timeout.
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("created topics " + names + " are not visible yet: " + Reasons.of(e));
                }
                // Not visible yet (UnknownTopicOrPartitionException): the broker's metadata catches up within ms.
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }

    public static void ensureAll(Map<String, Object> clientProps, int partitions) {
        try (Admin admin = Admin.create(clientProps)) {
            ensure(admin, Topics.ALL, partitions);
        }
    }
}
