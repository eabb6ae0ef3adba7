package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.kin.broker.mqtt.RawPackets.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Internal errors: when the broker fails while handling a packet (here a plugged-in {@code Authorizer} that throws,
 * {@link ExplodingAuthorizer}, selected by the {@link PluggedHooks} profile), the MQTT 5 client gets DISCONNECT 0x80
 * Unspecified error (MQTT 5 section 3.14.2.1) and only its connection is closed; an MQTT 3.1.1 client is closed without
 * a DISCONNECT. A failure while a CONNECT is being accepted is CONNACK 0x80 (3.1.1: return code 3), not a CONNECT left
 * unanswered.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(PluggedHooks.class)
class InternalErrorTests {

    @Inject
    BrokerPorts broker;

    @Test
    @DisplayName("a failure while handling a PUBLISH: DISCONNECT 0x80 with a Reason String, closed; other clients "
            + "carry on")
    void failureWhileHandlingAPublishDisconnectsWith0x80() throws Exception {
        String topic = BrokerPorts.uniqueId("fine") + "/t";
        Mqtt5BlockingClient bystander = broker.v5Blocking(BrokerPorts.uniqueId("bystander"));
        bystander.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = bystander.publishes(MqttGlobalPublishFilter.ALL)) {
            bystander.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            try (RawMqttClient raw = connected(MqttVersion.MQTT_5)) {
                raw.send(RawPackets.publish(ExplodingAuthorizer.PREFIX + "t", 1, 1, "boom"));
                MqttMessage disconnect = raw.receive(MqttMessageType.DISCONNECT, WAIT);
                assertThat(RawPackets.disconnectReason(disconnect)).isEqualTo(0x80);
                assertThat(reasonString(disconnect)).isNotBlank();
                assertThat(raw.awaitClosed(WAIT)).isTrue();
                assertThat(raw.receive(MqttMessageType.PUBACK, Duration.ofMillis(200))).as("no PUBACK").isNull();
            }
            bystander.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("still here".getBytes(StandardCharsets.UTF_8)).send();
            Optional<Mqtt5Publish> m = received.receive(5, TimeUnit.SECONDS);
            assertThat(m).as("the bystander still works").isPresent();
        } finally {
            bystander.disconnect();
        }
    }

    @Test
    @DisplayName("a QoS 2 PUBLISH that failed with 0x80 is not taken as received: resent after reconnecting, it is "
            + "routed and delivered [MQTT-4.3.3-9 applies only to a PUBLISH that was received]")
    void qos2PublishThatFailedIsDeliveredWhenResent() throws Exception {
        String topic = ExplodingAuthorizer.ONCE_PREFIX + BrokerPorts.uniqueId("t");
        String id = BrokerPorts.uniqueId("qos2-retry");
        MqttProperties persistent = RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 300);
        byte[] payload = "exactly once".getBytes(StandardCharsets.UTF_8);
        Mqtt5BlockingClient watcher = broker.v5Blocking(BrokerPorts.uniqueId("watcher"));
        watcher.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
            watcher.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
            try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, true, persistent)) {
                raw.send(RawPackets.publish(topic, 2, false, 7, null, payload));
                assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT)))
                        .isEqualTo(0x80);
                assertThat(raw.awaitClosed(WAIT)).isTrue();
            }
            try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, false, persistent)) {
                raw.send(RawPackets.publish(topic, 2, true, 7, null, payload));
                MqttMessage pubrec = raw.receive(MqttMessageType.PUBREC, WAIT);
                assertThat(RawPackets.replyPacketId(pubrec)).isEqualTo(7);
                assertThat(RawPackets.replyReason(pubrec)).as("routed to the watcher").isEqualTo(0x00);
                raw.send(RawPackets.pubrel(7));
                assertThat(raw.receive(MqttMessageType.PUBCOMP, WAIT)).as("PUBCOMP").isNotNull();
                raw.send(MqttMessageBuilders.disconnect().reasonCode((byte) 0)
                        .properties(RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0)).build());
            }
            Optional<Mqtt5Publish> m = received.receive(5, TimeUnit.SECONDS);
            assertThat(m).as("delivered").isPresent();
            assertThat(m.get().getPayloadAsBytes()).isEqualTo(payload);
        } finally {
            watcher.disconnect();
        }
    }

    @Test
    @DisplayName("a failure while handling a SUBSCRIBE: DISCONNECT 0x80, closed")
    void failureWhileHandlingASubscribeDisconnectsWith0x80() throws Exception {
        try (RawMqttClient raw = connected(MqttVersion.MQTT_5)) {
            raw.send(RawPackets.subscribe(1, null, ExplodingAuthorizer.PREFIX + "#", RawPackets.qos(1)));
            assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT))).isEqualTo(0x80);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("(3.1.1) a failure while handling a packet closes the connection without a DISCONNECT")
    void failureClosesAn311ConnectionWithoutDisconnect() throws Exception {
        try (RawMqttClient raw = connected(MqttVersion.MQTT_3_1_1)) {
            raw.send(RawPackets.publish(ExplodingAuthorizer.PREFIX + "t", 1, 1, "boom"));
            assertThat(raw.awaitClosed(WAIT)).isTrue();
            assertThat(raw.receive(Duration.ZERO)).as("nothing sent before the close").isNull();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] the will of a connection closed for an internal error (0x80) is published")
    void willIsPublishedAfterAnInternalError() throws Exception {
        String willTopic = BrokerPorts.uniqueId("wills") + "/gone";
        Mqtt5BlockingClient watcher = broker.v5Blocking(BrokerPorts.uniqueId("watcher"));
        watcher.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
            watcher.subscribeWith().topicFilter(willTopic).qos(MqttQos.AT_LEAST_ONCE).send();
            try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_5)) {
                raw.send(connectWithWill(MqttVersion.MQTT_5, BrokerPorts.uniqueId("doomed"), willTopic));
                MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
                assertThat(ack.variableHeader().connectReturnCode())
                        .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
                raw.send(RawPackets.publish(ExplodingAuthorizer.PREFIX + "t", 1, 1, "boom"));
                assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT)))
                        .isEqualTo(0x80);
                assertThat(raw.awaitClosed(WAIT)).isTrue();
            }
            Optional<Mqtt5Publish> will = received.receive(5, TimeUnit.SECONDS);
            assertThat(will).as("the will").isPresent();
            assertThat(new String(will.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("gone");
        } finally {
            watcher.disconnect();
        }
    }

    @Test
    @DisplayName("a failure while accepting a CONNECT (checking its will) is CONNACK 0x80 (v5) / return code 3 "
            + "(3.1.1), then closed")
    void failureWhileAcceptingAConnectIsConnack0x80() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_5)) {
            raw.send(connectWithWill(MqttVersion.MQTT_5, BrokerPorts.uniqueId("will5"),
                    ExplodingAuthorizer.PREFIX + "will"));
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).as("CONNACK").isNotNull();
            assertThat(ack.variableHeader().connectReturnCode().byteValue() & 0xff).isEqualTo(0x80);
            assertThat(raw.awaitClosed(WAIT)).as("closed after the refusal").isTrue();
        }
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_3_1_1)) {
            raw.send(connectWithWill(MqttVersion.MQTT_3_1_1, BrokerPorts.uniqueId("will3"),
                    ExplodingAuthorizer.PREFIX + "will"));
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).as("CONNACK").isNotNull();
            assertThat(ack.variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            assertThat(raw.awaitClosed(WAIT)).as("closed after the refusal").isTrue();
        }
    }

    private RawMqttClient connected(MqttVersion version) throws Exception {
        return RawPackets.connected(broker.tcp(), version, BrokerPorts.uniqueId("internal"), true, null);
    }

    /** CONNECT with a QoS 1 will on {@code willTopic}, payload "gone". */
    private static MqttConnectMessage connectWithWill(MqttVersion version, String clientId, String willTopic) {
        return MqttMessageBuilders.connect().protocolVersion(version).clientId(clientId).cleanSession(true)
                .keepAlive(60).willFlag(true).willTopic(willTopic).willQoS(MqttQoS.AT_LEAST_ONCE)
                .willMessage("gone".getBytes(StandardCharsets.UTF_8)).willProperties(MqttProperties.NO_PROPERTIES)
                .build();
    }

    private static String reasonString(MqttMessage disconnect) {
        MqttProperties props = ((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).properties();
        MqttProperties.MqttProperty<?> p = props.getProperty(MqttPropertyType.REASON_STRING.value());
        return p == null ? null : (String) p.value();
    }
}
