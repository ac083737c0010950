package dev.mfawatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The broker settings {@link StandaloneBroker} generates (the process itself is tested by BrokerCommandIT). */
class StandaloneBrokerTest {

    private final Properties props = StandaloneBroker.properties(Path.of("/data/kafka"), 19092, 19093,
            Map.of("num.partitions", "3"));

    @Test
    void clientsOnTheGivenPortAndTheControllerOnItsOwn() {
        assertThat(props.getProperty("listeners")).isEqualTo("PLAINTEXT://localhost:19092,CONTROLLER://localhost:19093");
        assertThat(props.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://localhost:19092");
        assertThat(props.getProperty("controller.quorum.voters")).isEqualTo("1@localhost:19093");
        assertThat(props.getProperty("log.dirs")).isEqualTo(Path.of("/data/kafka").toString());
    }

    @Test
    void singleNodeSettingsAndNoTimeBasedRetention() {
        LocalKafka.SINGLE_NODE.forEach((k, v) -> assertThat(props.getProperty(k)).as(k).isEqualTo(v));
        // Replayed records carry their events' (old) times: a 7-day retention would delete them.
        assertThat(props.getProperty("log.retention.ms")).isEqualTo("-1");
        assertThat(props.getProperty("num.partitions")).as("overrides win").isEqualTo("3");
    }
}
