package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.buffer.Unpooled;
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

import static io.kin.broker.mqtt.PublishTests.bytes;
import static io.kin.broker.mqtt.RawPackets.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The limits a server announces in CONNACK and then enforces (MQTT 5 section 3.2.2.3): Server Keep Alive, Maximum
 * QoS and Retain Available, with the refusals that follow from them — DISCONNECT 0x9B / 0x9A for a PUBLISH beyond
 * them, CONNACK 0x9B / 0x9A for a will beyond them, and a QoS 2 SUBSCRIBE granted QoS 1. Runs on its own broker
 * (a test profile) with {@code max-keep-alive=5}, {@code max-qos=1} and {@code retain-available=false}.
 *
 * <p>Not tested: MQTT 3.x clients, which keep the keep alive they asked for (Server Keep Alive is MQTT 5 only).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(ServerLimitsTests.Limited.class)
class ServerLimitsTests {

    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.mqtt.max-keep-alive", "5",
                    "kin.mqtt.max-qos", "1",
                    "kin.mqtt.retain-available", "false");
        }
    }

    @Inject
    BrokerPorts broker;

    // ---- Server Keep Alive --------------------------------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-3.2.2-21] a keep alive above the maximum (60) is answered with Server Keep Alive 5 — HiveMQ v5")
    void keepAliveAboveTheMaximumGetsServerKeepAlive() {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("ka60"));
        Mqtt5ConnAck ack = client.connectWith().keepAlive(60).send();
        try {
            assertThat(ack.getServerKeepAlive()).hasValue(5);
        } finally {
            client.disconnect();
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-21] keep alive 0 (no timeout) is answered with Server Keep Alive 5 — HiveMQ v5")
    void keepAliveZeroGetsServerKeepAlive() {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("ka0"));
        Mqtt5ConnAck ack = client.connectWith().keepAlive(0).send();
        try {
            assertThat(ack.getServerKeepAlive()).hasValue(5);
        } finally {
            client.disconnect();
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-22] a keep alive within the maximum (3) is kept: no Server Keep Alive in CONNACK")
    void keepAliveWithinTheMaximumIsKept() {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("ka3"));
        Mqtt5ConnAck ack = client.connectWith().keepAlive(3).send();
        try {
            assertThat(ack.getServerKeepAlive()).isEmpty();
        } finally {
            client.disconnect();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-22] [MQTT-3.2.2-21] a silent client that asked for keep alive 0 is closed after 1.5 × the Server Keep Alive (7.5 s)")
    void serverKeepAliveIsEnforced() throws Exception {
        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5,
                BrokerPorts.uniqueId("silent"), true, 0, null)) {
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).isNotNull();
            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(intProperty(ack.variableHeader().properties(), MqttPropertyType.SERVER_KEEP_ALIVE)).isEqualTo(5);
            long start = System.nanoTime();
            assertThat(raw.awaitClosed(Duration.ofSeconds(12))).as("closed by the server").isTrue();
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(waitedMillis).as("closed after about 1.5 × 5 s").isBetween(7_000L, 10_000L);
        }
    }

    // ---- Maximum QoS ------------------------------------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-3.2.2-9] CONNACK carries Maximum QoS 1 and Retain Available 0 — HiveMQ v5")
    void connackAnnouncesMaximumQosAndRetainAvailable() {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("limits"));
        Mqtt5ConnAck ack = client.connect();
        try {
            assertThat(ack.getRestrictions().getMaximumQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(ack.getRestrictions().isRetainAvailable()).isFalse();
        } finally {
            client.disconnect();
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-10] a QoS 2 SUBSCRIBE is accepted and granted QoS 1; QoS 1 messages arrive — HiveMQ v5")
    void qos2SubscriptionIsGrantedQos1() throws Exception {
        String topic = BrokerPorts.uniqueId("sub2") + "/t";
        try (SubscriptionTests.Receiver sub = new SubscriptionTests.Receiver(broker)) {
            var suback = sub.client.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
            assertThat(suback.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("one")).send();
            pub.disconnect();
            var got = sub.drain();
            assertThat(got).hasSize(1);
            assertThat(got.get(0).getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        }
    }

    @Test
    @DisplayName("a QoS 2 PUBLISH above Maximum QoS 1 gets DISCONNECT 0x9B QoS not supported (section 3.2.2.3.4; "
            + "the client was told not to, [MQTT-3.2.2-11])")
    void qos2PublishIsRefusedWithQosNotSupported() throws Exception {
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("q2"),
                true, null)) {
            raw.send(RawPackets.publish(BrokerPorts.uniqueId("q2") + "/t", 2, 1, "too high"));
            assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT))).isEqualTo(0x9B);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-12] a will with QoS 2 above Maximum QoS 1 is refused with CONNACK 0x9B — HiveMQ v5")
    void willAboveMaximumQosIsRefused() {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("will2"));
        assertThatThrownBy(() -> client.connectWith().willPublish()
                .topic(BrokerPorts.uniqueId("will") + "/t").qos(MqttQos.EXACTLY_ONCE).payload(bytes("bye"))
                .applyWillPublish().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.QOS_NOT_SUPPORTED));
    }

    // ---- Retain Available -------------------------------------------------------------------------------------

    @Test
    @DisplayName("a retained PUBLISH while Retain Available is 0 gets DISCONNECT 0x9A Retain not supported (section 3.3.1.3; "
            + "the client was told not to, [MQTT-3.2.2-14])")
    void retainedPublishIsRefusedWithRetainNotSupported() throws Exception {
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("ret"),
                true, null)) {
            raw.send(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE,
                    true, 0), new MqttPublishVariableHeader(BrokerPorts.uniqueId("ret") + "/t", 1,
                    MqttProperties.NO_PROPERTIES), Unpooled.wrappedBuffer("kept?".getBytes(StandardCharsets.UTF_8))));
            assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT))).isEqualTo(0x9A);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-13] a will with Will Retain while Retain Available is 0 is refused with CONNACK 0x9A — HiveMQ v5")
    void retainedWillIsRefused() {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("willret"));
        assertThatThrownBy(() -> client.connectWith().willPublish()
                .topic(BrokerPorts.uniqueId("will") + "/t").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(bytes("bye")).applyWillPublish().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.RETAIN_NOT_SUPPORTED));
    }

    private static Integer intProperty(MqttProperties props, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> p = props.getProperty(type.value());
        return p == null ? null : (Integer) p.value();
    }
}
