package io.kin.broker.cluster;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.kin.testkit.BrokerNodeProcess;
import io.kin.broker.mqtt.BrokerPorts;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A node on the minority side of a split (here: alone, with a quorum of 2) refuses to take sessions, so no client
 * id ever has two owners; it answers CONNACK 0x88 (server unavailable) and clients go to the majority side.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(SplitBrainProtectionTests.AloneWithQuorumTwo.class)
class SplitBrainProtectionTests {

    public static class AloneWithQuorumTwo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                int port = BrokerNodeProcess.freePort();
                return Map.of("kin.cluster.enabled", "true", "kin.cluster.host", "127.0.0.1",
                        "kin.cluster.port", Integer.toString(port), "kin.cluster.members", "127.0.0.1:" + port,
                        "kin.cluster.quorum", "2", "kin.node.id", "lonely");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    BrokerPorts broker;

    @Test
    void minoritySideRefusesSessionTakeovers() {
        Mqtt5BlockingClient c = broker.v5Blocking(BrokerPorts.uniqueId("split"));
        Mqtt5ConnAckException refused = catchThrowableOfType(Mqtt5ConnAckException.class, c::connect);
        assertThat(refused).as("CONNECT refused without quorum").isNotNull();
        assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SERVER_UNAVAILABLE);
    }
}
