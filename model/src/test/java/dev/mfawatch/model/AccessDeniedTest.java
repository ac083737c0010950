package dev.mfawatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;

/** The explanations that need no broker; the topic case, which describes topics, is in kafka-local's SecuredListenerIT. */
class AccessDeniedTest {

    private static final AccessDenied.Needs NEEDS = AccessDenied.Needs.of(List.of("signin.events"), List.of("mfa.alerts"),
            "mfa-watch-detector", "mfa-watch-detector");

    @Test
    void aDeniedGroupOrTransactionalIdIsNamedWithItsOperation() {
        Throwable group = new KafkaException("poll failed", GroupAuthorizationException.forGroupId("mfa-watch-detector"));
        assertThat(AccessDenied.explain(group, Map.of(), NEEDS)).contains("not authorized: READ on group mfa-watch-detector "
                + "for the configured principal; grant it or fix KAFKA_SASL_JAAS_CONFIG");
        Throwable txn = new TransactionalIdAuthorizationException("Transactional Id authorization failed.");
        assertThat(AccessDenied.explain(txn, Map.of(), NEEDS)).contains("not authorized: WRITE on transactional ids prefixed "
                + "mfa-watch-detector for the configured principal; grant it or fix KAFKA_SASL_JAAS_CONFIG");
        assertThat(AccessDenied.fatal(group)).isTrue();
    }

    @Test
    void aRejectedLoginPointsAtTheCredentials() {
        Throwable login = new SaslAuthenticationException("Authentication failed during authentication due to invalid "
                + "credentials with SASL mechanism SCRAM-SHA-512");
        assertThat(AccessDenied.explain(login, Map.of(), NEEDS)).hasValueSatisfying(line -> assertThat(line)
                .startsWith("authentication failed for the configured principal (").endsWith("fix KAFKA_SASL_JAAS_CONFIG "
                        + "or the KAFKA_SSL_* settings"));
        assertThat(AccessDenied.fatal(login)).isTrue();
    }

    @Test
    void otherFailuresAreNotExplainedHereAndStayRetriable() {
        Throwable timeout = new KafkaException(new TimeoutException("Timed out waiting for a node assignment"));
        assertThat(AccessDenied.explain(timeout, Map.of(), NEEDS)).isEmpty();
        assertThat(AccessDenied.fatal(timeout)).isFalse();
    }

    @Test
    void needsListEachTopicOnceWithEveryOperation() {
        AccessDenied.Needs needs = AccessDenied.Needs.of(List.of("a", "b"), List.of("b", "c"), null, null);
        assertThat(needs.topics()).isEqualTo(Map.of("a", Set.of(AclOperation.READ),
                "b", Set.of(AclOperation.READ, AclOperation.WRITE), "c", Set.of(AclOperation.WRITE)));
    }
}
