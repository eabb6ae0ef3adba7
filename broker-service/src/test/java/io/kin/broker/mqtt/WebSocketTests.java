package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.kin.broker.mqtt.PublishTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** MQTT over WebSocket (section 6): the same broker, reached on the WebSocket listener at path /mqtt. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class WebSocketTests {

    @Inject
    BrokerPorts broker;

    @Test
    @DisplayName("a HiveMQ MQTT 5 client over WebSocket publishes to a TCP subscriber and receives from a TCP publisher")
    void hivemqOverWebSocketTalksToTcpClients() throws Exception {
        String base = BrokerPorts.uniqueId("ws");
        Mqtt5BlockingClient ws = MqttClient.builder().useMqttVersion5().identifier(BrokerPorts.uniqueId("ws5"))
                .serverHost("127.0.0.1").serverPort(broker.ws())
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                .buildBlocking();
        Mqtt5BlockingClient tcp = broker.v5Blocking(BrokerPorts.uniqueId("tcp"));
        ws.connect();
        tcp.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes wsReceived = ws.publishes(MqttGlobalPublishFilter.ALL);
             Mqtt5BlockingClient.Mqtt5Publishes tcpReceived = tcp.publishes(MqttGlobalPublishFilter.ALL)) {
            tcp.subscribeWith().topicFilter(base + "/up").qos(MqttQos.AT_LEAST_ONCE).send();
            ws.subscribeWith().topicFilter(base + "/down").qos(MqttQos.EXACTLY_ONCE).send();

            ws.publishWith().topic(base + "/up").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("from ws")).send();
            Mqtt5Publish up = tcpReceived.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(PublishTests.text(up.getPayloadAsBytes())).isEqualTo("from ws");

            tcp.publishWith().topic(base + "/down").qos(MqttQos.EXACTLY_ONCE).payload(bytes("from tcp")).send();
            Mqtt5Publish down = wsReceived.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(PublishTests.text(down.getPayloadAsBytes())).isEqualTo("from tcp");
            assertThat(down.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
        } finally {
            ws.disconnect();
            tcp.disconnect();
        }
    }

    @Test
    @DisplayName("Paho MQTT 3.1.1 over ws://127.0.0.1:port/mqtt subscribes and publishes")
    void pahoOverWebSocket() throws Exception {
        String base = BrokerPorts.uniqueId("pahows");
        org.eclipse.paho.client.mqttv3.MqttClient paho = new org.eclipse.paho.client.mqttv3.MqttClient(
                "ws://127.0.0.1:" + broker.ws() + "/mqtt", BrokerPorts.uniqueId("pahows"), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        paho.connect(options);
        BlockingQueue<String> pahoReceived = new ArrayBlockingQueue<>(10);
        Mqtt5BlockingClient tcp = broker.v5Blocking(BrokerPorts.uniqueId("tcp"));
        tcp.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes tcpReceived = tcp.publishes(MqttGlobalPublishFilter.ALL)) {
            paho.subscribe(base + "/down", 1, (topic, message) -> pahoReceived.add(new String(message.getPayload())));
            tcp.subscribeWith().topicFilter(base + "/up").qos(MqttQos.AT_LEAST_ONCE).send();

            paho.publish(base + "/up", bytes("from paho ws"), 1, false);
            assertThat(PublishTests.text(tcpReceived.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()))
                    .isEqualTo("from paho ws");

            tcp.publishWith().topic(base + "/down").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("to paho ws")).send();
            assertThat(pahoReceived.poll(5, TimeUnit.SECONDS)).isEqualTo("to paho ws");
        } finally {
            tcp.disconnect();
            paho.disconnect();
            paho.close();
        }
    }
}
