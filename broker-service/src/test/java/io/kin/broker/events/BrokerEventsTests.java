package io.kin.broker.events;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.kin.broker.mqtt.BrokerPorts;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client, subscription and message events reach the broker's event stream. Its listener in the broker is the rule
 * engine; $SYS and the metrics read the {@code BrokerStats} counters instead.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class BrokerEventsTests {

    @Inject
    BrokerPorts broker;

    @Inject
    BrokerEvents events;

    @Test
    void lifecycleAndMessageEventsAreEmittedInOrder() throws Exception {
        String clientId = BrokerPorts.uniqueId("events");
        List<BrokerEvent> seen = new CopyOnWriteArrayList<>();
        Runnable stop = events.listenIncludingMessages(e -> {
            String id = e.clientId();
            if (clientId.equals(id)) {
                seen.add(e);
            }
        });
        try {
            Mqtt5BlockingClient client = broker.v5Blocking(clientId);
            client.connect();
            String topic = BrokerPorts.uniqueId("events/topic");
            client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            try (var publishes = client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("e".getBytes()).send();
                assertThat(publishes.receive(5, TimeUnit.SECONDS)).isPresent();
            }
            client.unsubscribeWith().topicFilter(topic).send();
            client.disconnect();
            for (int i = 0; i < 50 && seen.stream().noneMatch(e -> e instanceof BrokerEvent.ClientDisconnected); i++) {
                Thread.sleep(100);
            }
        } finally {
            stop.run();
        }
        assertThat(seen).extracting(e -> e.getClass().getSimpleName()).containsSubsequence(
                "ClientConnected", "SessionSubscribed", "MessageDelivered", "MessageAcked", "SessionUnsubscribed",
                "ClientDisconnected");
        BrokerEvent.ClientDisconnected bye = (BrokerEvent.ClientDisconnected) seen.get(seen.size() - 1);
        assertThat(bye.reason()).isEqualTo("normal disconnect");
    }
}
