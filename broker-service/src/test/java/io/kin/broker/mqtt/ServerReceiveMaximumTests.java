package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.kin.broker.session.SessionRegistry;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static io.kin.broker.mqtt.RawPackets.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's Receive Maximum (MQTT 5 section 3.2.2.3.3, 4.9): announced in CONNACK, and a client that has more
 * unacknowledged QoS 2 PUBLISH packets than that is disconnected with 0x93 Receive Maximum exceeded. QoS 1 is
 * acknowledged at once, so only QoS 2 publishes waiting for PUBREL count. Runs on its own broker (a test profile)
 * with {@code receive-maximum=2}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(ServerReceiveMaximumTests.ReceiveMaximumTwo.class)
class ServerReceiveMaximumTests {

    public static class ReceiveMaximumTwo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.mqtt.receive-maximum", "2");
        }
    }

    private static final Duration QUIET = Duration.ofMillis(PublishTests.QUIET_MS);

    @Inject
    BrokerPorts broker;

    @Inject
    SessionRegistry sessions;

    @Test
    @DisplayName("CONNACK announces Receive Maximum 2 — HiveMQ v5")
    void connackAnnouncesReceiveMaximum() {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("rm"));
        Mqtt5ConnAck ack = client.connect();
        try {
            assertThat(ack.getRestrictions().getReceiveMaximum()).isEqualTo(2);
        } finally {
            client.disconnect();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.4-7] a third QoS 2 PUBLISH while two wait for PUBREL gets DISCONNECT 0x93 Receive Maximum exceeded")
    void exceedingTheReceiveMaximumDisconnects() throws Exception {
        String topic = BrokerPorts.uniqueId("rmx") + "/t";
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("rmx"),
                true, null)) {
            raw.send(RawPackets.publish(topic, 2, 1, "a"));
            raw.send(RawPackets.publish(topic, 2, 2, "b"));
            assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREC, WAIT))).isEqualTo(1);
            assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREC, WAIT))).isEqualTo(2);
            raw.send(RawPackets.publish(topic, 2, 3, "c"));
            assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT))).isEqualTo(0x93);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.4-7] QoS 1 counts too: a QoS 1 PUBLISH while two QoS 2 flows wait for PUBREL gets DISCONNECT 0x93")
    void aQos1PublishBeyondTheReceiveMaximumDisconnects() throws Exception {
        String topic = BrokerPorts.uniqueId("rmq1") + "/t";
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("rmq1"),
                true, null)) {
            raw.send(RawPackets.publish(topic, 1, 1, "a"));
            assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBACK, WAIT)))
                    .as("an acknowledged QoS 1 PUBLISH no longer counts").isEqualTo(1);
            raw.send(RawPackets.publish(topic, 2, 2, "b"));
            raw.send(RawPackets.publish(topic, 2, 3, "c"));
            assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREC, WAIT))).isEqualTo(2);
            assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREC, WAIT))).isEqualTo(3);
            raw.send(RawPackets.publish(topic, 1, 4, "d"));
            assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT))).isEqualTo(0x93);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("a PUBREL frees a slot: with two QoS 2 flows open, releasing one lets a third PUBLISH in")
    void pubrelFreesASlot() throws Exception {
        String topic = BrokerPorts.uniqueId("rmok") + "/t";
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("rmok"),
                true, null)) {
            raw.send(RawPackets.publish(topic, 2, 1, "a"));
            raw.send(RawPackets.publish(topic, 2, 2, "b"));
            assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREC, WAIT))).isEqualTo(1);
            assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREC, WAIT))).isEqualTo(2);
            raw.send(RawPackets.pubrel(1));
            assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBCOMP, WAIT))).isEqualTo(1);
            raw.send(RawPackets.publish(topic, 2, 3, "c"));
            MqttMessage pubrec = raw.receive(MqttMessageType.PUBREC, WAIT);
            assertThat(RawPackets.replyPacketId(pubrec)).isEqualTo(3);
            assertThat(RawPackets.replyReason(pubrec)).isLessThan(0x80);
            assertThat(raw.awaitClosed(Duration.ZERO)).isFalse();
        }
    }

    @Test
    @DisplayName("the PUBLISH refused with 0x93 was not taken: sent again after reconnecting, it is delivered (section 4.3.3)")
    void publishRefusedForReceiveMaximumIsDeliveredWhenResent() throws Exception {
        String id = BrokerPorts.uniqueId("rmre");
        String topic = id + "/t";
        try (SubscriptionTests.Receiver sub = new SubscriptionTests.Receiver(broker)) {
            sub.client.subscribeWith().topicFilter(topic)
                    .qos(com.hivemq.client.mqtt.datatypes.MqttQos.EXACTLY_ONCE).send();
            try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, true,
                    RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 300))) {
                raw.send(RawPackets.publish(topic, 2, 1, "a"));
                raw.send(RawPackets.publish(topic, 2, 2, "b"));
                assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREC, WAIT))).isEqualTo(1);
                assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREC, WAIT))).isEqualTo(2);
                raw.send(RawPackets.publish(topic, 2, 3, "c"));
                assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT)))
                        .isEqualTo(0x93);
            }
            SessionWaits.awaitOffline(sessions, id);
            try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, false,
                    RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0))) {
                // finish the two accepted flows, then send the refused PUBLISH again, as a client does [MQTT-4.4.0-1]
                raw.send(RawPackets.pubrel(1));
                raw.send(RawPackets.pubrel(2));
                assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBCOMP, WAIT))).isEqualTo(1);
                assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBCOMP, WAIT))).isEqualTo(2);
                raw.send(RawPackets.publish(topic, 2, true, 3, null, "c".getBytes(StandardCharsets.UTF_8)));
                assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREC, WAIT))).isEqualTo(3);
                raw.send(RawPackets.pubrel(3));
                assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBCOMP, WAIT))).isEqualTo(3);
            }
            assertThat(sub.drainPayloads()).containsExactly("a", "b", "c");
        }
    }
}
