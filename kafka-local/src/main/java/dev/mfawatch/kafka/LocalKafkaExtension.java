package dev.mfawatch.kafka;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real broker per integration-test class:
 * {@code @RegisterExtension static final LocalKafkaExtension kafka = new LocalKafkaExtension();}
 * starts a {@link LocalKafka} before the class's first test and stops it after its last.
 */
public final class LocalKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private LocalKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = LocalKafka.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    public Map<String, Object> clientProps() {
        return broker().clientProps();
    }

    private LocalKafka broker() {
        if (kafka == null) {
            throw new IllegalStateException("the broker runs only between beforeAll and afterAll");
        }
        return kafka;
    }
}
