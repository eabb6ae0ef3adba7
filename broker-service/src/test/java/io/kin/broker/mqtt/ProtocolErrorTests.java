package io.kin.broker.mqtt;

import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.kin.broker.mqtt.RawPackets.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol errors and invalid values a library client will not send, with the exact answer (MQTT 5 section 4.13):
 * Receive Maximum or Maximum Packet Size 0 in CONNECT, Subscription Identifier 0, SUBSCRIBE and UNSUBSCRIBE without
 * filters (0x82), malformed PUBLISH and SUBSCRIBE packets (DISCONNECT 0x81), malformed CONNECT packets (CONNACK
 * 0x81), an invalid filter in UNSUBSCRIBE, and Request Problem Information 0 on a server DISCONNECT. Default
 * configuration.
 *
 * <p>Other malformed input (bad lengths, garbage, oversize packets, ill-formed UTF-8) is in
 * {@link MalformedInputTests}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class ProtocolErrorTests {

    @Inject
    BrokerPorts broker;

    // ---- CONNECT ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-3.2.2-7] Receive Maximum 0 in CONNECT is a protocol error: CONNACK 0x82, then closed (section 3.1.2.11.3)")
    void receiveMaximumZeroIsRefused() throws Exception {
        assertConnectRefusedWithProtocolError(RawPackets.props(MqttPropertyType.RECEIVE_MAXIMUM, 0));
    }

    @Test
    @DisplayName("[MQTT-3.2.2-7] Maximum Packet Size 0 in CONNECT is a protocol error: CONNACK 0x82, then closed (section 3.1.2.11.4)")
    void maximumPacketSizeZeroIsRefused() throws Exception {
        assertConnectRefusedWithProtocolError(RawPackets.props(MqttPropertyType.MAXIMUM_PACKET_SIZE, 0));
    }

    private void assertConnectRefusedWithProtocolError(MqttProperties props) throws Exception {
        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("zero"),
                true, 60, props)) {
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).as("CONNACK").isNotNull();
            assertThat(ack.variableHeader().connectReturnCode().byteValue() & 0xff).isEqualTo(0x82);
            assertThat(raw.awaitClosed(WAIT)).as("closed after the refusal").isTrue();
        }
    }

    // ---- SUBSCRIBE / UNSUBSCRIBE --------------------------------------------------------------------------------

    @Test
    @DisplayName("Subscription Identifier 0 is a protocol error: DISCONNECT 0x82 (section 3.8.2.1.2)")
    void subscriptionIdentifierZeroIsAProtocolError() throws Exception {
        try (RawMqttClient raw = connected()) {
            raw.send(RawPackets.subscribe(1, RawPackets.props(MqttPropertyType.SUBSCRIPTION_IDENTIFIER, 0),
                    BrokerPorts.uniqueId("sid0") + "/t", RawPackets.qos(1)));
            assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT))).isEqualTo(0x82);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.8.3-2] a SUBSCRIBE without any filter is a Protocol Error (section 3.8.3): DISCONNECT 0x82, "
            + "then closed")
    void subscribeWithoutFiltersDisconnects() throws Exception {
        try (RawMqttClient raw = connected()) {
            // SUBSCRIBE, packet id 1, no properties, no payload: well-formed, so Netty's decoder passes it on with an
            // empty list and Kin's check answers
            raw.sendBytes(new byte[]{(byte) 0x82, 0x03, 0x00, 0x01, 0x00});
            assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT))).isEqualTo(0x82);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.10.3-2] an UNSUBSCRIBE without any filter is a Protocol Error (section 3.10.3): DISCONNECT "
            + "0x82, then closed")
    void unsubscribeWithoutFiltersDisconnects() throws Exception {
        try (RawMqttClient raw = connected()) {
            // UNSUBSCRIBE, packet id 1, no properties, no payload
            raw.sendBytes(new byte[]{(byte) 0xA2, 0x03, 0x00, 0x01, 0x00});
            assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT))).isEqualTo(0x82);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-14] a Response Topic with a wildcard is a Protocol Error (it parses, but the protocol "
            + "forbids it; section 1.2): DISCONNECT 0x82, and the message is not delivered nor acknowledged")
    void responseTopicWithAWildcardIsAProtocolError() throws Exception {
        String topic = BrokerPorts.uniqueId("resp") + "/t";
        com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("resp-sub"));
        sub.connect();
        try (var publishes = sub.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE).send();
            for (String responseTopic : new String[]{"replies/+", "replies/#"}) {
                try (RawMqttClient raw = connected()) {
                    raw.send(RawPackets.publish(topic, 1, false, 1,
                            RawPackets.props(MqttPropertyType.RESPONSE_TOPIC, responseTopic),
                            "request".getBytes(StandardCharsets.UTF_8)));
                    MqttMessage first = raw.receive(WAIT);
                    assertThat(first).as("an answer to %s", responseTopic).isNotNull();
                    assertThat(first.fixedHeader().messageType()).as("no PUBACK first").isEqualTo(MqttMessageType.DISCONNECT);
                    assertThat(RawPackets.disconnectReason(first)).isEqualTo(0x82);
                    assertThat(raw.awaitClosed(WAIT)).isTrue();
                }
            }
            assertThat(publishes.receive(PublishTests.QUIET_MS, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .as("not delivered").isEmpty();
        } finally {
            sub.disconnect();
        }
    }

    // ---- Malformed Packet: DISCONNECT 0x81 ----------------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-3.3.1-4] a PUBLISH with both QoS bits set is a Malformed Packet: DISCONNECT 0x81, then closed")
    void publishWithQos3IsMalformed() throws Exception {
        try (RawMqttClient raw = connected()) {
            // PUBLISH with flags 0x6 (QoS 3), topic "a", packet id 1, no properties, payload "x"
            raw.sendBytes(new byte[]{0x36, 0x07, 0x00, 0x01, 'a', 0x00, 0x01, 0x00, 'x'});
            assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT))).isEqualTo(0x81);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.8.1-1] a SUBSCRIBE whose fixed header flags are not 0010 is a Malformed Packet: "
            + "DISCONNECT 0x81, then closed")
    void subscribeWithWrongFixedHeaderFlagsIsMalformed() throws Exception {
        try (RawMqttClient raw = connected()) {
            // SUBSCRIBE with flags 0000, packet id 1, no properties, filter "ab", options QoS 1
            raw.sendBytes(new byte[]{(byte) 0x80, 0x08, 0x00, 0x01, 0x00, 0x00, 0x02, 'a', 'b', 0x01});
            assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT))).isEqualTo(0x81);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("a Malformed Packet from an MQTT 3.1.1 client closes the connection without a DISCONNECT")
    void malformedPacketClosesAn311ConnectionWithoutDisconnect() throws Exception {
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_3_1_1,
                BrokerPorts.uniqueId("raw311"), true, null)) {
            raw.sendBytes(new byte[]{0x36, 0x06, 0x00, 0x01, 'a', 0x00, 0x01, 'x'});
            assertThat(raw.awaitClosed(WAIT)).isTrue();
            assertThat(raw.receive(Duration.ZERO)).as("nothing sent before the close").isNull();
        }
    }

    // ---- Malformed CONNECT: CONNACK 0x81 ------------------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-3.1.2-12] Will QoS 3 is a Malformed Packet: CONNACK 0x81, then closed [MQTT-3.1.4-1]")
    void willQos3IsRefusedWithMalformedPacket() throws Exception {
        // flags 0x1E: will QoS 3, will flag, clean start
        assertConnackMalformed(v5ConnectBytes(0x1E, BrokerPorts.uniqueId("willqos3")));
    }

    @Test
    @DisplayName("[MQTT-3.1.2-3] a non-zero reserved flag in CONNECT is a Malformed Packet: CONNACK 0x81, then closed")
    void nonZeroReservedConnectFlagIsRefusedWithMalformedPacket() throws Exception {
        // flags 0x03: clean start and the reserved bit 0
        assertConnackMalformed(v5ConnectBytes(0x03, BrokerPorts.uniqueId("reserved")));
    }

    @Test
    @DisplayName("[MQTT-3.1.2-11] Will QoS without the Will Flag is a Malformed Packet: CONNACK 0x81 on MQTT 5")
    void willQosWithoutWillFlagIsRefusedWithMalformedPacket() throws Exception {
        // flags 0x0A: will QoS 1, clean start; no will flag
        assertConnackMalformed(v5ConnectBytes(0x0A, BrokerPorts.uniqueId("willqos")));
    }

    @Test
    @DisplayName("(3.1.1) a malformed CONNECT is closed without a CONNACK (3.1.1 has no return code for it)")
    void malformedConnectIsClosedWithoutConnackOn311() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_3_1_1)) {
            // flags 0x03: clean session and the reserved bit 0 [MQTT-3.1.2-3]
            raw.sendBytes(ConnectTests.connectBytes("MQTT", 4, 0x03, BrokerPorts.uniqueId("reserved311")));
            assertThat(raw.awaitClosed(WAIT)).isTrue();
            assertThat(raw.receive(Duration.ZERO)).as("no CONNACK").isNull();
        }
    }

    private void assertConnackMalformed(byte[] connect) throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_5)) {
            raw.sendBytes(connect);
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).as("CONNACK").isNotNull();
            assertThat(ack.variableHeader().connectReturnCode().byteValue() & 0xff).isEqualTo(0x81);
            assertThat(raw.awaitClosed(WAIT)).as("closed after the refusal").isTrue();
        }
    }

    /**
     * A raw MQTT 5 CONNECT ("MQTT", level 5, keep alive 60, no properties) with the given flags; with the Will Flag
     * (0x04) the payload carries a will: no will properties, topic "w/t", payload "bye".
     */
    static byte[] v5ConnectBytes(int flags, String clientId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(5);
        body.write(flags);
        body.write(0);
        body.write(60);
        body.write(0); // no properties
        writeString(body, clientId);
        if ((flags & 0x04) != 0) {
            body.write(0); // no will properties
            writeString(body, "w/t");
            writeString(body, "bye");
        }
        return RawPackets.connectPacket(body.toByteArray());
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xff);
        out.writeBytes(b);
    }

    @Test
    @DisplayName("[MQTT-3.11.3-1] UNSUBSCRIBE with an invalid filter gets UNSUBACK 0x8F for it; the valid one gets its own code")
    void invalidFilterInUnsubscribeGets0x8F() throws Exception {
        String topic = BrokerPorts.uniqueId("unsub") + "/t";
        try (RawMqttClient raw = connected()) {
            assertThat(RawPackets.subscribeAndAwait(raw, 1, topic, 1)).containsExactly(1);
            raw.send(MqttMessageBuilders.unsubscribe().messageId(2).addTopicFilter("a/#/b").addTopicFilter(topic)
                    .addTopicFilter("b/c+").build());
            MqttUnsubAckMessage unsuback = (MqttUnsubAckMessage) raw.receive(MqttMessageType.UNSUBACK, WAIT);
            assertThat(unsuback).as("UNSUBACK").isNotNull();
            assertThat(unsuback.payload().unsubscribeReasonCodes()).containsExactly((short) 0x8F, (short) 0x00,
                    (short) 0x8F);
            assertThat(raw.awaitClosed(Duration.ZERO)).as("the connection stays open").isFalse();
        }
    }

    // ---- Request Problem Information on DISCONNECT ---------------------------------------------------------

    @Test
    @DisplayName("Request Problem Information 0: a DISCONNECT from the server carries no Reason String (Kin policy; "
            + "[MQTT-3.1.2-29] would allow one on DISCONNECT)")
    void noReasonStringOnDisconnectWhenProblemInformationIsNotRequested() throws Exception {
        MqttMessage disconnect = disconnectAfterASecondConnect(
                RawPackets.props(MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 0));
        assertThat(RawPackets.disconnectReason(disconnect)).isEqualTo(0x82);
        assertThat(reasonString(disconnect)).isNull();
    }

    @Test
    @DisplayName("Request Problem Information 1 (the default): the same DISCONNECT carries a Reason String")
    void reasonStringOnDisconnectByDefault() throws Exception {
        MqttMessage disconnect = disconnectAfterASecondConnect(null);
        assertThat(RawPackets.disconnectReason(disconnect)).isEqualTo(0x82);
        assertThat(reasonString(disconnect)).isNotBlank();
    }

    /** A second CONNECT is a protocol error [MQTT-3.1.0-2]: the server answers with DISCONNECT 0x82. */
    private MqttMessage disconnectAfterASecondConnect(MqttProperties props) throws Exception {
        String id = BrokerPorts.uniqueId("rpi");
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, true, props)) {
            raw.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(id).cleanSession(true)
                    .keepAlive(60).build());
            MqttMessage disconnect = raw.receive(MqttMessageType.DISCONNECT, WAIT);
            assertThat(disconnect).as("DISCONNECT").isNotNull();
            assertThat(raw.awaitClosed(WAIT)).isTrue();
            return disconnect;
        }
    }

    private static String reasonString(MqttMessage disconnect) {
        MqttProperties props = ((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).properties();
        MqttProperties.MqttProperty<?> p = props.getProperty(MqttPropertyType.REASON_STRING.value());
        return p == null ? null : (String) p.value();
    }

    private RawMqttClient connected() throws Exception {
        return RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"), true, null);
    }
}
