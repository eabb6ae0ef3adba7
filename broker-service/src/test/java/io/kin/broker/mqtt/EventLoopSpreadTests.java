package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Connections are spread over the event loops (one listener instance per core), not all on one thread. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class EventLoopSpreadTests {

    @Inject
    BrokerPorts broker;

    @Inject
    MqttConnections connections;

    @Test
    void connectionsUseMoreThanOneEventLoopWhenThereAreSeveralCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Mqtt5BlockingClient> clients = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = BrokerPorts.uniqueId("spread");
            Mqtt5BlockingClient c = broker.v5Blocking(id);
            c.connect();
            clients.add(c);
            ids.add(id);
        }
        Set<Object> loops = new HashSet<>();
        for (String id : ids) {
            loops.add(connections.connection(id).socket().channelHandlerContext().executor());
        }
        clients.forEach(Mqtt5BlockingClient::disconnect);
        assertThat(loops.size()).as("event loops serving 8 connections on %d cores", cores)
                .isEqualTo(Math.min(cores, 8));
    }
}
