package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.kin.broker.config.BrokerConfig;
import io.kin.testkit.PostgresResource;
import io.netty.buffer.Unpooled;
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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input closes the offending connection with the right reason code and nothing else. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class MalformedInputTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    BrokerPorts broker;

    @Inject
    BrokerConfig config;

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

    @Test
    @DisplayName("[MQTT-3.2.2-15] a packet larger than kin.mqtt.max-packet-size gets DISCONNECT 0x95 and is closed")
    void oversizePacketIsRefusedWithPacketTooLarge() throws Exception {
        try (RawMqttClient raw = connectedV5("oversize")) {
            byte[] payload = new byte[config.mqtt().maxPacketSize() + 1];
            sendUntilClosed(raw, MqttMessageBuilders.publish().topicName("malformed/oversize")
                    .qos(MqttQoS.AT_MOST_ONCE).payload(Unpooled.wrappedBuffer(payload)).build());
            MqttMessage disconnect = raw.receive(MqttMessageType.DISCONNECT, WAIT);
            assertThat(disconnect).isNotNull();
            assertThat(reasonCode(disconnect)).isEqualTo(0x95);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-1.5.4-1] ill-formed UTF-8 in a topic name closes the connection, and only that one")
    void invalidUtf8InATopicNameClosesTheConnection() throws Exception {
        Mqtt5BlockingClient bystander = broker.v5Blocking(BrokerPorts.uniqueId("bystander"));
        bystander.connect();
        try (RawMqttClient raw = connectedV5("bad-utf8")) {
            // PUBLISH QoS 0, topic "a/" + 0xC3 0x28 (a lead byte followed by a non-continuation byte), payload "x"
            raw.sendBytes(new byte[]{0x30, 0x08, 0x00, 0x04, 'a', '/', (byte) 0xC3, 0x28, 0x00, 'x'});
            MqttMessage disconnect = raw.receive(MqttMessageType.DISCONNECT, WAIT);
            assertThat(disconnect).as("DISCONNECT before the close").isNotNull();
            assertThat(reasonCode(disconnect)).as("malformed packet").isEqualTo(0x81);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
        assertThat(bystander.getState().isConnected()).isTrue();
        bystander.disconnect();
    }

    @Test
    @DisplayName("[MQTT-1.5.4-1] ill-formed UTF-8 in a SUBSCRIBE filter is a malformed packet (0x81)")
    void invalidUtf8InASubscribeFilterIsMalformed() throws Exception {
        try (RawMqttClient raw = connectedV5("bad-utf8-sub")) {
            // SUBSCRIBE id 1, no properties, filter "a" + 0xFF, options QoS 0
            raw.sendBytes(new byte[]{(byte) 0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x02, 'a', (byte) 0xFF, 0x00});
            MqttMessage disconnect = raw.receive(MqttMessageType.DISCONNECT, WAIT);
            assertThat(disconnect).isNotNull();
            assertThat(reasonCode(disconnect)).isEqualTo(0x81);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-1.5.4-3] a well-formed U+FFFD in a topic is an ordinary character and is delivered")
    void replacementCharacterEncodedCorrectlyIsAValidTopicCharacter() throws Exception {
        String topic = BrokerPorts.uniqueId("utf8") + "/\uFFFD";
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("fffd-sub"));
        sub.connect();
        try (var publishes = sub.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).send();
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("fffd-pub"));
            pub.connect();
            pub.publishWith().topic(topic).payload("ok".getBytes(StandardCharsets.UTF_8)).send();
            pub.disconnect();
            assertThat(publishes.receive(5, java.util.concurrent.TimeUnit.SECONDS)).isPresent();
        }
        sub.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-2] a wildcard (+ or #) in a PUBLISH topic name: DISCONNECT 0x90 Topic Name invalid, "
            + "then close; the message is not delivered")
    void wildcardInAPublishTopicClosesTheConnection() throws Exception {
        String base = BrokerPorts.uniqueId("malformed");
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("wild-sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(base + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
            for (String topic : new String[]{base + "/+/x", base + "/#"}) {
                try (RawMqttClient raw = connectedV5("wildcard")) {
                    raw.send(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE).messageId(1)
                            .payload(Unpooled.wrappedBuffer("x".getBytes(StandardCharsets.UTF_8))).build());
                    MqttMessage disconnect = raw.receive(WAIT);
                    assertThat(disconnect).as("answer to %s", topic).isNotNull();
                    assertThat(disconnect.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
                    assertThat(reasonCode(disconnect)).as("Topic Name invalid").isEqualTo(0x90);
                    assertThat(raw.awaitClosed(WAIT)).isTrue();
                }
            }
            assertThat(publishes.receive(PublishTests.QUIET_MS, TimeUnit.MILLISECONDS)).as("not delivered").isEmpty();
        } finally {
            sub.disconnect();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-2] (3.1.1) a wildcard in a PUBLISH topic name closes the connection without an answer")
    void wildcardInAPublishTopicClosesAn311Connection() throws Exception {
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_3_1_1,
                BrokerPorts.uniqueId("wild311"), true, null)) {
            raw.send(MqttMessageBuilders.publish().topicName("malformed/+/x").qos(MqttQoS.AT_LEAST_ONCE).messageId(1)
                    .payload(Unpooled.wrappedBuffer("x".getBytes(StandardCharsets.UTF_8))).build());
            assertThat(raw.awaitClosed(WAIT)).isTrue();
            assertThat(raw.receive(Duration.ZERO)).as("no PUBACK").isNull();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-2] an unknown protocol level (6) gets CONNACK 0x01 and is closed")
    void unknownProtocolLevelIsRefused() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_3_1_1)) {
            // CONNECT "MQTT" level 6, clean start, keep alive 60, no properties, client id "id"
            raw.sendBytes(new byte[]{0x10, 0x0F, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x06, 0x02, 0x00, 0x3C, 0x00,
                    0x00, 0x02, 'i', 'd'});
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).isNotNull();
            assertThat(ack.variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("100 malformed connections in a row leave a well-behaved client connected and working")
    void manyMalformedConnectionsLeaveOthersWorking() throws Exception {
        String id = BrokerPorts.uniqueId("survivor");
        String topic = "malformed/" + id;
        Mqtt5BlockingClient survivor = broker.v5Blocking(id);
        survivor.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = survivor.publishes(MqttGlobalPublishFilter.ALL)) {
            survivor.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            byte[][] bad = {
                    {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01},     // bad length
                    {0x10, 0x0C, 0x00, 0x04, 'X', 'X', 'X', 'X', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x00}, // bad name
                    {0x30, 0x05, 0x00, 0x01, 'a', 'b', 'c'},                                      // no CONNECT
                    {0x10, 0x0C, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x03, 0x00, 0x3C, 0x00, 0x00}, // reserved flag
            };
            for (int i = 0; i < 100; i++) {
                try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_3_1_1)) {
                    raw.sendBytes(bad[i % bad.length]);
                    assertThat(raw.awaitClosed(WAIT)).as("malformed connection %d closed", i).isTrue();
                }
            }
            assertThat(survivor.getState().isConnected()).isTrue();
            survivor.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("still here".getBytes(StandardCharsets.UTF_8)).send();
            Optional<Mqtt5Publish> back = received.receive(5, TimeUnit.SECONDS);
            assertThat(back).isPresent();
            assertThat(new String(back.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("still here");
        } finally {
            survivor.disconnect();
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-15] Maximum Packet Size counts the whole packet: exactly the maximum is accepted, "
            + "one byte more gets DISCONNECT 0x95")
    void maximumPacketSizeIsEnforcedToTheByte() throws Exception {
        int max = config.mqtt().maxPacketSize();
        try (RawMqttClient raw = connectedV5("at-max")) {
            raw.send(publishOfTotalSize(max));
            raw.send(new MqttMessage(new io.netty.handler.codec.mqtt.MqttFixedHeader(MqttMessageType.PINGREQ, false,
                    MqttQoS.AT_MOST_ONCE, false, 0)));
            assertThat(raw.receive(MqttMessageType.PINGRESP, WAIT)).as("a packet of exactly the maximum is fine")
                    .isNotNull();
        }
        try (RawMqttClient raw = connectedV5("over-max")) {
            sendUntilClosed(raw, publishOfTotalSize(max + 1));
            MqttMessage disconnect = raw.receive(MqttMessageType.DISCONNECT, WAIT);
            assertThat(disconnect).as("one byte over the maximum").isNotNull();
            assertThat(reasonCode(disconnect)).isEqualTo(0x95);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    /** A QoS 0 MQTT 5 PUBLISH without properties whose encoded size, fixed header included, is {@code total}. */
    private static MqttMessage publishOfTotalSize(int total) {
        String topic = "malformed/edge";
        int remaining = total - 1 - 4;
        while (1 + varIntLength(remaining) + remaining < total) {
            remaining++;
        }
        while (1 + varIntLength(remaining) + remaining > total) {
            remaining--;
        }
        int payload = remaining - 2 - topic.length() - 1;
        return MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_MOST_ONCE)
                .payload(Unpooled.wrappedBuffer(new byte[payload])).build();
    }

    private static int varIntLength(int n) {
        return n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4;
    }

    /** Sends a large packet; the broker may answer and close before the last bytes are written. */
    private static void sendUntilClosed(RawMqttClient raw, MqttMessage packet) {
        try {
            raw.send(packet);
        } catch (java.io.IOException closedWhileWriting) {
            // the answer, if any, has been read by then
        }
    }

    private RawMqttClient connectedV5(String prefix) throws Exception {
        RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId(prefix),
                true, 60, null);
        MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
        assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return raw;
    }

    private static int reasonCode(MqttMessage disconnect) {
        return ((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode() & 0xff;
    }
}
