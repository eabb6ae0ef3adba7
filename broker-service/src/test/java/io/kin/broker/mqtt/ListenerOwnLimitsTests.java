package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A listener's own limits ({@code kin.mqtt.listener.ws.*}) apply to that listener only; the others keep the common
 * {@code max-connections} and {@code max-packet-size}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(ListenerOwnLimitsTests.SmallWebSocketListener.class)
class ListenerOwnLimitsTests {

    public static class SmallWebSocketListener implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.mqtt.listener.ws.max-connections", "2",
                    "kin.mqtt.listener.ws.max-packet-size", "512",
                    "kin.mqtt.listener.tcp.max-packet-size", "4096");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    BrokerPorts broker;

    private Mqtt5BlockingClient overWebSocket(String id) {
        return MqttClient.builder().useMqttVersion5().identifier(BrokerPorts.uniqueId(id)).serverHost("127.0.0.1")
                .serverPort(broker.ws()).webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
    }

    @Test
    @DisplayName("the WebSocket listener refuses its third connection with 0x97 while TCP takes more")
    void webSocketListenerHasItsOwnConnectionLimit() {
        List<Mqtt5BlockingClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Mqtt5BlockingClient ws = overWebSocket("own-ws");
                ws.connect();
                open.add(ws);
            }
            Mqtt5BlockingClient third = overWebSocket("own-ws-3");
            assertThatThrownBy(third::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                    assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.QUOTA_EXCEEDED));
            for (int i = 0; i < 3; i++) {
                Mqtt5BlockingClient tcp = broker.v5Blocking(BrokerPorts.uniqueId("own-tcp"));
                tcp.connect();
                open.add(tcp);
            }
        } finally {
            open.forEach(Mqtt5BlockingClient::disconnect);
        }
    }

    @Test
    @DisplayName("CONNACK announces each listener's own Maximum Packet Size, and a bigger packet gets DISCONNECT 0x95")
    void eachListenerHasItsOwnPacketSize() throws Exception {
        Mqtt5BlockingClient tcp = broker.v5Blocking(BrokerPorts.uniqueId("own-tcp-size"));
        Mqtt5ConnAck tcpAck = tcp.connect();
        Mqtt5BlockingClient ws = overWebSocket("own-ws-size");
        Mqtt5ConnAck wsAck = ws.connect();
        try {
            assertThat(tcpAck.getRestrictions().getMaximumPacketSize()).isEqualTo(4096);
            assertThat(wsAck.getRestrictions().getMaximumPacketSize()).isEqualTo(512);
        } finally {
            tcp.disconnect();
            ws.disconnect();
        }
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("own-raw"),
                true, null)) {
            raw.send(RawPackets.publish(BrokerPorts.uniqueId("own") + "/t", 1, 1, "x".repeat(3000)));
            assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBACK, WAIT))).isEqualTo(1);
            raw.send(RawPackets.publish(BrokerPorts.uniqueId("own") + "/t", 1, 2, "x".repeat(5000)));
            assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT))).isEqualTo(0x95);
        }
    }
}
