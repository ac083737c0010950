package dev.mfawatch.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Turns a Kafka authentication or authorization failure into one line an operator can act on,
 * naming the resource and the missing operation: {@code not authorized: WRITE on topic mfa.alerts
 * for the configured principal; grant it or fix KAFKA_SASL_JAAS_CONFIG}. Kafka's own exceptions
 * name the topics but not the operation, so the topics are described once more with the
 * principal's authorized operations and compared with what the app needs ({@link Needs}). Such a
 * failure is {@linkplain #fatal fatal}: retrying cannot grant an ACL.
 */
public final class AccessDenied {

    private static final String FIX = "KAFKA_SASL_JAAS_CONFIG";

    /**
     * What an app does on Kafka: operations per topic (DESCRIBE is implied by READ and WRITE), the
     * consumer group it reads as, and the prefix of its transactional ids (either may be null).
     */
    public record Needs(Map<String, Set<AclOperation>> topics, String group, String transactionalIdPrefix) {

        public Needs {
            Map<String, Set<AclOperation>> copy = new TreeMap<>();
            topics.forEach((t, ops) -> copy.put(t, Set.copyOf(ops)));
            topics = Map.copyOf(copy);
        }

        /** Needs built from topic lists: {@code reads} get READ, {@code writes} WRITE (a topic in both gets both). */
        public static Needs of(Collection<String> reads, Collection<String> writes, String group, String transactionalIdPrefix) {
            Map<String, Set<AclOperation>> topics = new HashMap<>();
            reads.forEach(t -> topics.computeIfAbsent(t, k -> EnumSet.noneOf(AclOperation.class)).add(AclOperation.READ));
            writes.forEach(t -> topics.computeIfAbsent(t, k -> EnumSet.noneOf(AclOperation.class)).add(AclOperation.WRITE));
            return new Needs(topics, group, transactionalIdPrefix);
        }
    }

    private AccessDenied() {
    }

    /** True if {@code e} or a cause is an authentication or authorization failure. */
    public static boolean fatal(Throwable e) {
        return find(e, AuthorizationException.class).isPresent() || find(e, AuthenticationException.class).isPresent();
    }

    /**
     * The one-line explanation of {@code e}, if it is (or is caused by) an authentication or
     * authorization failure. {@code clientProps} reach the cluster as the same principal; they are
     * used for one describe call, never printed.
     */
    public static Optional<String> explain(Throwable e, Map<String, ?> clientProps, Needs needs) {
        Optional<AuthorizationException> denied = find(e, AuthorizationException.class);
        if (denied.isEmpty()) {
            return find(e, AuthenticationException.class).map(a -> "authentication failed for the configured principal ("
                    + a.getMessage() + "); fix " + FIX + " or the KAFKA_SSL_* settings");
        }
        AuthorizationException a = denied.get();
        String what;
        boolean one = true;
        if (a instanceof TopicAuthorizationException t) {
            Set<String> topics = t.unauthorizedTopics().isEmpty() ? needs.topics().keySet() : t.unauthorizedTopics();
            Map<String, Set<AclOperation>> missing = missingOnTopics(topics, clientProps, needs);
            if (missing.isEmpty()) {
                what = "access to topics " + new java.util.TreeSet<>(topics) + " (" + a.getMessage() + ")";
            } else {
                List<String> parts = new ArrayList<>();
                missing.forEach((topic, ops) -> parts.add(names(ops) + " on topic " + topic));
                what = String.join(" and ", parts);
                one = parts.size() == 1 && missing.values().iterator().next().size() == 1;
            }
        } else if (a instanceof GroupAuthorizationException g) {
            what = "READ on group " + (g.groupId() != null ? g.groupId() : needs.group());
        } else if (a instanceof TransactionalIdAuthorizationException) {
            what = "WRITE on transactional ids prefixed " + needs.transactionalIdPrefix();
        } else if (a instanceof ClusterAuthorizationException) {
            what = "an operation on the cluster (" + a.getMessage() + ")";
        } else {
            what = a.getMessage();
        }
        return Optional.of("not authorized: " + what + " for the configured principal; grant " + (one ? "it" : "them")
                + " or fix " + FIX);
    }

    /** Per topic, the needed operations the principal lacks; empty when nothing can be told. */
    private static Map<String, Set<AclOperation>> missingOnTopics(Set<String> topics, Map<String, ?> clientProps, Needs needs) {
        Map<String, Set<AclOperation>> missing = new TreeMap<>();
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "mfawatch-access-check");
        try (Admin admin = Admin.create(props)) {
            Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(new java.util.TreeSet<>(topics),
                    new DescribeTopicsOptions().includeAuthorizedOperations(true)).topicNameValues();
            for (Map.Entry<String, KafkaFuture<TopicDescription>> d : described.entrySet()) {
                Set<AclOperation> needed = needs.topics().getOrDefault(d.getKey(), Set.of(AclOperation.DESCRIBE));
                Set<AclOperation> lacking = EnumSet.noneOf(AclOperation.class);
                try {
                    Set<AclOperation> allowed = d.getValue().get(15, TimeUnit.SECONDS).authorizedOperations();
                    if (allowed != null) {
                        needed.stream().filter(op -> !allowed.contains(op)).forEach(lacking::add);
                    }
                } catch (ExecutionException ex) {
                    if (ex.getCause() instanceof TopicAuthorizationException) {
                        // Not even DESCRIBE: everything the app needs there is missing.
                        lacking.addAll(needed);
                    }
                }
                if (!lacking.isEmpty()) {
                    missing.put(d.getKey(), lacking);
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | java.util.concurrent.TimeoutException ex) {
            // The cluster cannot say more: the caller reports Kafka's own message.
        }
        return missing;
    }

    private static String names(Set<AclOperation> ops) {
        return String.join(", ", ops.stream().map(Enum::name).sorted().toList());
    }

    private static <T extends Throwable> Optional<T> find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
