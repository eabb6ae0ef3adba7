package io.kin.broker.mqtt;

import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input closes the offending connection with the right reason code and nothing else. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class MalformedInputTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    BrokerPorts broker;

    @Test
    void packetBeforeConnectClosesTheConnection() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_3_1_1)) {
            raw.send(MqttMessageBuilders.publish().topicName("a/b").qos(MqttQoS.AT_MOST_ONCE)
                    .payload(io.netty.buffer.Unpooled.wrappedBuffer("x".getBytes())).build());
            assertThat(raw.awaitClosed(WAIT)).as("[MQTT-3.1.0-1] closed").isTrue();
        }
    }

    @Test
    void secondConnectIsAProtocolErrorOnMqtt5() throws Exception {
        String id = BrokerPorts.uniqueId("twice");
        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5, id, true, 60, null)) {
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            raw.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(id).build());
            MqttMessage disconnect = raw.receive(MqttMessageType.DISCONNECT, WAIT);
            assertThat(disconnect).as("[MQTT-3.1.0-2] DISCONNECT").isNotNull();
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode())
                    .isEqualTo((byte) 0x82);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    void garbageBytesCloseOnlyThatConnection() throws Exception {
        var bystander = broker.v5Blocking(BrokerPorts.uniqueId("bystander"));
        bystander.connect();
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_3_1_1)) {
            raw.sendBytes(new byte[]{(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01, 0x02});
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
        assertThat(bystander.getState().isConnected()).isTrue();
        bystander.disconnect();
    }
}
