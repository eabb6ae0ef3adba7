package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.kin.broker.session.SessionRegistry;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static io.kin.broker.mqtt.PublishTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** Message Expiry Interval (MQTT 5 section 3.3.2.3.3) for messages waiting in an offline session. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class MessageExpiryTests {

    @Inject
    BrokerPorts broker;

    @Inject
    SessionRegistry sessions;

    @Test
    @DisplayName("a queued message whose expiry passed is not delivered [MQTT-3.3.2-5]")
    void expiredQueuedMessageIsNotDelivered() throws Exception {
        String id = BrokerPorts.uniqueId("exp");
        String topic = id + "/t";
        goOffline(id, topic);
        publish(topic, "expires", 2L);
        publish(topic, "stays", null);
        Thread.sleep(3_000);

        Mqtt5BlockingClient again = broker.v5Blocking(id);
        try (Mqtt5BlockingClient.Mqtt5Publishes received = again.publishes(MqttGlobalPublishFilter.ALL)) {
            again.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
            Mqtt5Publish m = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(PublishTests.text(m.getPayloadAsBytes())).isEqualTo("stays");
            assertThat(received.receive(PublishTests.QUIET_MS, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            again.disconnectWith().sessionExpiryInterval(0).send();
        }
    }

    @Test
    @DisplayName("a message delivered before it expires carries the interval minus the time it waited [MQTT-3.3.2-6]")
    void deliveredMessageCarriesTheRemainingExpiry() throws Exception {
        String id = BrokerPorts.uniqueId("exp");
        String topic = id + "/t";
        goOffline(id, topic);
        publish(topic, "waits", 10L);
        Thread.sleep(2_100);

        Mqtt5BlockingClient again = broker.v5Blocking(id);
        try (Mqtt5BlockingClient.Mqtt5Publishes received = again.publishes(MqttGlobalPublishFilter.ALL)) {
            again.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
            Mqtt5Publish m = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(PublishTests.text(m.getPayloadAsBytes())).isEqualTo("waits");
            assertThat(m.getMessageExpiryInterval()).isPresent();
            assertThat(m.getMessageExpiryInterval().getAsLong()).as("waited at least 2.1 s of 10").isBetween(1L, 8L);
        } finally {
            again.disconnectWith().sessionExpiryInterval(0).send();
        }
    }

    private void goOffline(String id, String topic) throws InterruptedException {
        Mqtt5BlockingClient c = broker.v5Blocking(id);
        c.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        c.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        c.disconnect();
        SessionWaits.awaitOffline(sessions, id);
    }

    private void publish(String topic, String payload, Long expirySeconds) {
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
        pub.connect();
        try {
            var builder = pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(payload));
            if (expirySeconds != null) {
                builder.messageExpiryInterval(expirySeconds);
            }
            builder.send();
        } finally {
            pub.disconnect();
        }
    }
}
