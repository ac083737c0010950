package dev.mfawatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfawatch.model.AccessDenied;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SecuredListenerIT {

    @Test
    void scramUsersLogInOverTlsAndGetOnlyWhatTheirAclsAllow() throws Exception {
        try (LocalKafka kafka = LocalKafka.startSecured(Map.of("alice", "alice-pw", "bob", "bob-pw"))) {
            SecuredListener secured = kafka.secured().orElseThrow();
            assertThat(secured.bootstrapServers()).startsWith("localhost:").isNotEqualTo(kafka.bootstrapServers());
            try (Admin admin = Admin.create(kafka.clientProps())) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            kafka.grant(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "t", PatternType.LITERAL),
                    new AccessControlEntry("User:alice", "*", AclOperation.WRITE, AclPermissionType.ALLOW))));

            assertThat(send(secured.clientProps("alice", "alice-pw"))).isNull();
            Throwable denied = send(secured.clientProps("bob", "bob-pw"));
            assertThat(denied).isInstanceOf(TopicAuthorizationException.class);
            assertThat(send(secured.clientProps("alice", "wrong"))).isInstanceOf(SaslAuthenticationException.class);

            // Kafka names the topic; AccessDenied asks the broker which needed operation bob lacks there.
            AccessDenied.Needs writesT = AccessDenied.Needs.of(List.of(), List.of("t"), null, null);
            assertThat(AccessDenied.explain(denied, secured.clientProps("bob", "bob-pw"), writesT))
                    .contains("not authorized: WRITE on topic t for the configured principal; grant it or fix KAFKA_SASL_JAAS_CONFIG");
            kafka.grant(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "t", PatternType.LITERAL),
                    new AccessControlEntry("User:bob", "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW))));
            AccessDenied.Needs readsAndWritesT = AccessDenied.Needs.of(List.of("t"), List.of("t"), null, null);
            assertThat(AccessDenied.explain(denied, secured.clientProps("bob", "bob-pw"), readsAndWritesT))
                    .contains("not authorized: READ, WRITE on topic t for the configured principal; grant them or fix "
                            + "KAFKA_SASL_JAAS_CONFIG");
            assertThat(AccessDenied.explain(denied, secured.clientProps("alice", "alice-pw"), readsAndWritesT))
                    .contains("not authorized: READ on topic t for the configured principal; grant it or fix "
                            + "KAFKA_SASL_JAAS_CONFIG");
        }
    }

    /** The failure of one send to topic t, or null if it was acknowledged. */
    private static Throwable send(Map<String, Object> props) throws InterruptedException {
        Map<String, Object> p = new java.util.HashMap<>(props);
        p.put("max.block.ms", "15000");
        p.put("delivery.timeout.ms", "15000");
        p.put("request.timeout.ms", "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("t", "k", "v")).get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (org.apache.kafka.common.KafkaException | java.util.concurrent.TimeoutException e) {
            return e;
        }
    }
}
