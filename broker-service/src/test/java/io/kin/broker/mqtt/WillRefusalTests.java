package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.kin.broker.mqtt.RawPackets.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A CONNECT whose will the server cannot accept is refused with a CONNACK reason code and closed (MQTT 5 section
 * 3.1.2.5 – 3.1.3.3, 3.2.2.2): a will topic with wildcards (0x90) and a will payload that is not UTF-8 although its
 * Payload Format Indicator says so (0x99). Default configuration.
 *
 * <p>Will QoS above Maximum QoS (0x9B) and Will Retain without Retain Available (0x9A) need another configuration and
 * are in {@link ServerLimitsTests}; a will to a denied topic (0x87) is in {@code AuthorizationTests}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class WillRefusalTests {

    @Inject
    BrokerPorts broker;

    @Test
    @DisplayName("[MQTT-4.7.0-1] [MQTT-3.2.2-7] a will topic with a wildcard is refused with CONNACK 0x90 Topic Name invalid, then closed")
    void willTopicWithAWildcardIsRefused() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_5)) {
            raw.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5)
                    .clientId(BrokerPorts.uniqueId("willwild")).cleanSession(true).keepAlive(60)
                    .willFlag(true).willQoS(MqttQoS.AT_LEAST_ONCE).willTopic(BrokerPorts.uniqueId("will") + "/+")
                    .willMessage(PublishTests.bytes("bye")).build());
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).as("CONNACK").isNotNull();
            assertThat(ack.variableHeader().connectReturnCode().byteValue() & 0xff).isEqualTo(0x90);
            assertThat(raw.awaitClosed(WAIT)).as("closed after the refusal").isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-14] a will whose Response Topic has a wildcard is refused with CONNACK 0x82 Protocol "
            + "Error (as a PUBLISH with one gets DISCONNECT 0x82), then closed; the client was never connected")
    void willResponseTopicWithAWildcardIsRefused() throws Exception {
        MqttProperties willProps = RawPackets.props(MqttPropertyType.RESPONSE_TOPIC, "replies/+/x");
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_5)) {
            raw.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5)
                    .clientId(BrokerPorts.uniqueId("willresp")).cleanSession(true).keepAlive(60)
                    .willFlag(true).willQoS(MqttQoS.AT_LEAST_ONCE).willTopic(BrokerPorts.uniqueId("will") + "/t")
                    .willProperties(willProps).willMessage(PublishTests.bytes("bye")).build());
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).as("CONNACK").isNotNull();
            assertThat(ack.variableHeader().connectReturnCode().byteValue() & 0xff).isEqualTo(0x82);
            assertThat(raw.awaitClosed(WAIT)).as("closed after the refusal").isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-7] a will with Payload Format Indicator 1 and ill-formed UTF-8 is refused with CONNACK 0x99 "
            + "Payload format invalid (section 3.1.3.2.3), then closed — raw")
    void willPayloadThatIsNotUtf8IsRefused() throws Exception {
        MqttProperties willProps = RawPackets.props(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR, 1);
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_5)) {
            raw.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5)
                    .clientId(BrokerPorts.uniqueId("willutf")).cleanSession(true).keepAlive(60)
                    .willFlag(true).willQoS(MqttQoS.AT_LEAST_ONCE).willTopic(BrokerPorts.uniqueId("will") + "/t")
                    .willProperties(willProps).willMessage(new byte[]{'o', 'k', (byte) 0xC3, 0x28}).build());
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).as("CONNACK").isNotNull();
            assertThat(ack.variableHeader().connectReturnCode().byteValue() & 0xff).isEqualTo(0x99);
            assertThat(raw.awaitClosed(WAIT)).as("closed after the refusal").isTrue();
        }
    }

    @Test
    @DisplayName("section 3.1.3.2.3: the same will refused with CONNACK 0x99 Payload format invalid — HiveMQ v5")
    void willPayloadThatIsNotUtf8IsRefusedForALibraryClient() {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("willutf"));
        assertThatThrownBy(() -> client.connectWith().willPublish()
                .topic(BrokerPorts.uniqueId("will") + "/t").qos(MqttQos.AT_LEAST_ONCE)
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .payload(new byte[]{'o', 'k', (byte) 0xC3, 0x28}).applyWillPublish().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.PAYLOAD_FORMAT_INVALID));
    }
}
