package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.kin.broker.session.SessionRegistry;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.kin.broker.mqtt.PublishTests.bytes;
import static io.kin.broker.mqtt.RawPackets.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * QoS 2 from the broker to a subscriber (MQTT 5 section 4.3.3, 4.9), the edge cases a library will not produce: the
 * subscriber refuses a message with PUBREC ≥ 0x80, or acknowledges a packet identifier the broker never used. The
 * normal flow and its window are in {@link FlowControlTests}. Default configuration.
 *
 * <p>Not tested: a subscriber that never answers PUBREC (the message simply stays in flight until it reconnects).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class OutgoingQos2Tests {

    private static final Duration QUIET = Duration.ofMillis(PublishTests.QUIET_MS);

    @Inject
    BrokerPorts broker;

    @Inject
    SessionRegistry sessions;

    @Test
    @DisplayName("[MQTT-4.3.3-4] a PUBREC with 0x80 ends the flow: no PUBREL, the window slot is freed, no redelivery after reconnecting")
    void pubrecWithAnErrorCodeEndsTheFlow() throws Exception {
        String id = BrokerPorts.uniqueId("refuser");
        String topic = id + "/t";
        MqttProperties connect = RawPackets.props(MqttPropertyType.RECEIVE_MAXIMUM, 1,
                MqttPropertyType.SESSION_EXPIRY_INTERVAL, 300);
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, true, connect)) {
            assertThat(RawPackets.subscribeAndAwait(raw, 1, topic, 2)).containsExactly(2);
            publish(topic, "refused", "next");

            MqttPublishMessage first = RawPackets.nextPublish(raw, WAIT);
            assertThat(first).isNotNull();
            assertThat(RawPackets.payload(first)).isEqualTo("refused");
            raw.send(pubrec(first.variableHeader().packetId(), 0x80));
            // Receive Maximum 1: the second message can only come once the refused one left the window (section 4.9);
            // a PUBREL for the refused one would arrive before it
            MqttMessage after = raw.receive(WAIT);
            assertThat(after).as("the next message takes the freed slot").isNotNull();
            assertThat(after.fixedHeader().messageType()).as("no PUBREL after PUBREC 0x80")
                    .isEqualTo(MqttMessageType.PUBLISH);
            MqttPublishMessage second = (MqttPublishMessage) after;
            assertThat(RawPackets.payload(second)).isEqualTo("next");
            raw.send(pubrec(second.variableHeader().packetId(), 0x00));
            assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREL, WAIT)))
                    .isEqualTo(second.variableHeader().packetId());
            raw.send(reply(MqttMessageType.PUBCOMP, second.variableHeader().packetId(), 0));
        }
        SessionWaits.awaitOffline(sessions, id);
        try (RawMqttClient again = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, false,
                RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0))) {
            MqttMessage m = again.receive(QUIET);
            assertThat(m).as("nothing is resent: neither the refused PUBLISH nor a PUBREL").isNull();
        }
    }

    @Test
    @DisplayName("a PUBREC for a packet identifier the broker did not use gets PUBREL 0x92 Packet Identifier not found (section 3.6.2.1)")
    void pubrecForAnUnknownPacketIdGetsPubrel0x92() throws Exception {
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("unk"),
                true, null)) {
            raw.send(pubrec(4711, 0x00));
            MqttMessage pubrel = raw.receive(MqttMessageType.PUBREL, WAIT);
            assertThat(RawPackets.replyPacketId(pubrel)).isEqualTo(4711);
            assertThat(RawPackets.replyReason(pubrel)).isEqualTo(0x92);
            assertThat(raw.awaitClosed(Duration.ZERO)).as("the connection stays open").isFalse();
        }
    }

    private void publish(String topic, String... payloads) {
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
        pub.connect();
        try {
            for (String p : payloads) {
                pub.publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE).payload(bytes(p)).send();
            }
        } finally {
            pub.disconnect();
        }
    }

    private static MqttMessage pubrec(int packetId, int reason) {
        return reply(MqttMessageType.PUBREC, packetId, reason);
    }

    private static MqttMessage reply(MqttMessageType type, int packetId, int reason) {
        return new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, (byte) reason, MqttProperties.NO_PROPERTIES));
    }
}
