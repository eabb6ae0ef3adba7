package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Per-listener limits: at most {@code kin.mqtt.max-connections} sockets at a time. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(ListenerLimitsTests.ThreeConnections.class)
class ListenerLimitsTests {

    public static class ThreeConnections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.mqtt.max-connections", "3");
        }
    }

    @Inject
    BrokerPorts broker;

    @Test
    void connectionsBeyondTheLimitAreRefusedAndFreedSlotsAreReused() throws Exception {
        List<Mqtt5BlockingClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Mqtt5BlockingClient c = broker.v5Blocking(BrokerPorts.uniqueId("limit"));
            c.connect();
            clients.add(c);
        }
        Mqtt5BlockingClient fourth = broker.v5Blocking(BrokerPorts.uniqueId("limit-over"));
        assertThatThrownBy(fourth::connect).as("the fourth socket is closed").isNotNull();

        clients.remove(0).disconnect();
        // the slot comes back once the server has seen the close
        Mqtt5BlockingClient again = null;
        for (int i = 0; i < 50 && again == null; i++) {
            Mqtt5BlockingClient c = broker.v5Blocking(BrokerPorts.uniqueId("limit-again"));
            try {
                c.connect();
                again = c;
            } catch (RuntimeException e) {
                Thread.sleep(100);
            }
        }
        assertThat(again).as("a freed slot is reused").isNotNull();
        again.disconnect();
        clients.forEach(Mqtt5BlockingClient::disconnect);
    }
}
