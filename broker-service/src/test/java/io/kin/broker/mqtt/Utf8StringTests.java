package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.kin.broker.mqtt.RawPackets.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every UTF-8 string of a packet must be well-formed and free of U+0000 [MQTT-1.5.4-1] [MQTT-1.5.4-2]; otherwise the
 * packet is malformed: CONNECT gets CONNACK 0x81 and the socket closes (MQTT 5), later packets DISCONNECT 0x81, and
 * MQTT 3.1.1 connections are closed without an answer [MQTT-1.5.3-1/2]. The strings covered here are those the
 * topic checks of {@link MalformedInputTests} do not reach: client identifier, user name, will topic and properties,
 * and the string properties of CONNECT, PUBLISH, SUBSCRIBE, PUBACK and DISCONNECT.
 *
 * <p>The packets are encoded by Netty with a four-character ASCII marker where the bad bytes go, then patched.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class Utf8StringTests {

    private static final String MARK = "BAD!";
    /** 0xC3 must be followed by a continuation byte; 0x28 is "(". */
    private static final byte[] LEAD_WITHOUT_CONTINUATION = {'a', (byte) 0xC3, 0x28, 'b'};
    private static final byte[] NUL = {'a', 0x00, 'b', 'c'};
    /** U+D800, a surrogate, encoded as if it were a character (CESU-8). */
    private static final byte[] SURROGATE = {(byte) 0xED, (byte) 0xA0, (byte) 0x80, 'x'};
    /** "/" encoded in two bytes, an overlong form. */
    private static final byte[] OVERLONG = {(byte) 0xC0, (byte) 0xAF, 'x', 'y'};
    private static final Duration QUIET = Duration.ofMillis(PublishTests.QUIET_MS);

    @Inject
    BrokerPorts broker;

    // ---- CONNECT ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-1.5.4-1] [MQTT-3.1.4-1] ill-formed UTF-8 in the client identifier: CONNACK 0x81, then close")
    void illFormedClientIdIsAMalformedConnect() throws Exception {
        assertConnectRefusedAsMalformed(RawPackets.patched(RawPackets.encode(MqttVersion.MQTT_5,
                connectV5(BrokerPorts.uniqueId("u8") + MARK).build()), MARK, LEAD_WITHOUT_CONTINUATION));
    }

    @Test
    @DisplayName("[MQTT-1.5.4-2] U+0000 in the user name: CONNACK 0x81, then close")
    void nulInTheUserNameIsAMalformedConnect() throws Exception {
        assertConnectRefusedAsMalformed(RawPackets.patched(RawPackets.encode(MqttVersion.MQTT_5,
                connectV5(BrokerPorts.uniqueId("u8")).username("user" + MARK).build()), MARK, NUL));
    }

    @Test
    @DisplayName("[MQTT-1.5.4-1] an encoded surrogate in the will topic: CONNACK 0x81, then close")
    void surrogateInTheWillTopicIsAMalformedConnect() throws Exception {
        assertConnectRefusedAsMalformed(RawPackets.patched(RawPackets.encode(MqttVersion.MQTT_5,
                connectV5(BrokerPorts.uniqueId("u8")).willFlag(true).willQoS(MqttQoS.AT_MOST_ONCE)
                        .willTopic("will/" + MARK).willMessage("x".getBytes(StandardCharsets.UTF_8))
                        .willProperties(MqttProperties.NO_PROPERTIES).build()), MARK, SURROGATE));
    }

    @Test
    @DisplayName("[MQTT-1.5.4-1] an overlong encoding in a user property of CONNECT: CONNACK 0x81, then close")
    void overlongUserPropertyIsAMalformedConnect() throws Exception {
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.UserProperty("region", "eu" + MARK));
        assertConnectRefusedAsMalformed(RawPackets.patched(RawPackets.encode(MqttVersion.MQTT_5,
                connectV5(BrokerPorts.uniqueId("u8")).properties(props).build()), MARK, OVERLONG));
    }

    @Test
    @DisplayName("[MQTT-1.5.4-1] ill-formed UTF-8 in the will's Content Type: CONNACK 0x81, then close")
    void illFormedWillContentTypeIsAMalformedConnect() throws Exception {
        MqttProperties willProps = RawPackets.props(MqttPropertyType.CONTENT_TYPE, "text/" + MARK);
        assertConnectRefusedAsMalformed(RawPackets.patched(RawPackets.encode(MqttVersion.MQTT_5,
                connectV5(BrokerPorts.uniqueId("u8")).willFlag(true).willQoS(MqttQoS.AT_MOST_ONCE)
                        .willTopic("will/ok").willMessage("x".getBytes(StandardCharsets.UTF_8))
                        .willProperties(willProps).build()), MARK, LEAD_WITHOUT_CONTINUATION));
    }

    @Test
    @DisplayName("[MQTT-1.5.3-1] (3.1.1) ill-formed UTF-8 in the client identifier or user name closes the "
            + "connection without CONNACK")
    void illFormedConnectStringsCloseAn311ConnectionWithoutConnack() throws Exception {
        byte[] badId = RawPackets.patched(RawPackets.encode(MqttVersion.MQTT_3_1_1, MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_3_1_1).clientId(BrokerPorts.uniqueId("u8") + MARK)
                .cleanSession(true).keepAlive(60).build()), MARK, LEAD_WITHOUT_CONTINUATION);
        byte[] badUser = RawPackets.patched(RawPackets.encode(MqttVersion.MQTT_3_1_1, MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_3_1_1).clientId(BrokerPorts.uniqueId("u8"))
                .username("user" + MARK).cleanSession(true).keepAlive(60).build()), MARK, NUL);
        for (byte[] connect : new byte[][]{badId, badUser}) {
            try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_3_1_1)) {
                raw.sendBytes(connect);
                assertThat(raw.awaitClosed(WAIT)).as("closed").isTrue();
                assertThat(raw.receive(Duration.ZERO)).as("no CONNACK").isNull();
            }
        }
    }

    // ---- after CONNACK ------------------------------------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-1.5.4-1] ill-formed UTF-8 in the Content Type of a PUBLISH: DISCONNECT 0x81, not delivered")
    void illFormedContentTypeIsAMalformedPublish() throws Exception {
        MqttProperties props = RawPackets.props(MqttPropertyType.CONTENT_TYPE, "text/" + MARK);
        assertPublishRefusedAsMalformed(props, LEAD_WITHOUT_CONTINUATION);
    }

    @Test
    @DisplayName("[MQTT-1.5.4-1] an encoded surrogate in the Response Topic of a PUBLISH: DISCONNECT 0x81, not "
            + "delivered")
    void surrogateInTheResponseTopicIsAMalformedPublish() throws Exception {
        MqttProperties props = RawPackets.props(MqttPropertyType.RESPONSE_TOPIC, "replies/" + MARK);
        assertPublishRefusedAsMalformed(props, SURROGATE);
    }

    @Test
    @DisplayName("[MQTT-1.5.4-2] U+0000 in a user property of a PUBLISH: DISCONNECT 0x81, not delivered")
    void nulInAUserPropertyIsAMalformedPublish() throws Exception {
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.UserProperty("k", "v" + MARK));
        assertPublishRefusedAsMalformed(props, NUL);
    }

    @Test
    @DisplayName("[MQTT-1.5.4-1] ill-formed UTF-8 in a user property of SUBSCRIBE: DISCONNECT 0x81, no SUBACK")
    void illFormedUserPropertyIsAMalformedSubscribe() throws Exception {
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.UserProperty("k" + MARK, "v"));
        try (RawMqttClient raw = connectedV5()) {
            raw.sendBytes(RawPackets.patched(RawPackets.encode(MqttVersion.MQTT_5,
                    RawPackets.subscribe(1, props, "u8/t", RawPackets.qos(1))), MARK, OVERLONG));
            assertDisconnectedAsMalformed(raw);
        }
    }

    @Test
    @DisplayName("[MQTT-1.5.4-1] ill-formed UTF-8 in the Reason String of a PUBACK: DISCONNECT 0x81")
    void illFormedReasonStringIsAMalformedPuback() throws Exception {
        try (RawMqttClient raw = connectedV5()) {
            raw.sendBytes(RawPackets.patched(RawPackets.encode(MqttVersion.MQTT_5, MqttMessageBuilders.pubAck()
                    .packetId(1).reasonCode((byte) 0x10)
                    .properties(RawPackets.props(MqttPropertyType.REASON_STRING, "why " + MARK)).build()),
                    MARK, LEAD_WITHOUT_CONTINUATION));
            assertDisconnectedAsMalformed(raw);
        }
    }

    @Test
    @DisplayName("[MQTT-1.5.4-1] [MQTT-3.1.2-8] a DISCONNECT 0x00 with an ill-formed Reason String is malformed, not "
            + "a normal disconnect: the will is published")
    void malformedDisconnectPublishesTheWill() throws Exception {
        String id = BrokerPorts.uniqueId("u8-will");
        String topic = "will/" + id;
        Mqtt5BlockingClient watcher = broker.v5Blocking(BrokerPorts.uniqueId("u8-watch"));
        watcher.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes wills = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
            watcher.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_5)) {
                raw.send(connectV5(id).willFlag(true).willQoS(MqttQoS.AT_LEAST_ONCE).willTopic(topic)
                        .willMessage("gone".getBytes(StandardCharsets.UTF_8))
                        .willProperties(MqttProperties.NO_PROPERTIES).build());
                assertThat(raw.receive(MqttMessageType.CONNACK, WAIT)).isNotNull();
                raw.sendBytes(RawPackets.patched(RawPackets.encode(MqttVersion.MQTT_5, MqttMessageBuilders.disconnect()
                        .reasonCode((byte) 0).properties(RawPackets.props(MqttPropertyType.REASON_STRING, "bye" + MARK))
                        .build()), MARK, NUL));
                assertThat(raw.awaitClosed(WAIT)).isTrue();
            }
            Optional<Mqtt5Publish> will = wills.receive(5, TimeUnit.SECONDS);
            assertThat(will).as("the will of a malformed DISCONNECT").isPresent();
            assertThat(new String(will.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("gone");
        } finally {
            watcher.disconnect();
        }
    }

    @Test
    @DisplayName("[MQTT-1.5.3-1] (3.1.1) ill-formed UTF-8 in a PUBLISH topic closes the connection without a word")
    void illFormedTopicClosesAn311Connection() throws Exception {
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_3_1_1,
                BrokerPorts.uniqueId("u8-311"), true, null)) {
            raw.sendBytes(RawPackets.patched(RawPackets.encode(MqttVersion.MQTT_3_1_1,
                    RawPackets.publish("u8/" + MARK, 0, 0, "x")), MARK, SURROGATE));
            assertThat(raw.awaitClosed(WAIT)).isTrue();
            assertThat(raw.receive(Duration.ZERO)).as("MQTT 3.1.1 has no DISCONNECT from the server").isNull();
        }
    }

    @Test
    @DisplayName("[MQTT-1.5.4-3] well-formed multi-byte strings (2, 3 and 4 byte sequences, U+FEFF) pass everywhere: "
            + "client id, Content Type, Response Topic and user properties arrive unchanged")
    void wellFormedMultiByteStringsAreAccepted() throws Exception {
        String id = BrokerPorts.uniqueId("ü-名前-😀");
        String topic = BrokerPorts.uniqueId("utf8") + "/ü/名前/😀";
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("u8-sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = broker.v5Blocking(id);
            pub.connectWith().userProperties().add("größe", "\uFEFF日本").applyUserProperties().send();
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).contentType("text/plain; ü")
                    .responseTopic("réponse/😀").userProperties().add("名前", "😀").applyUserProperties()
                    .payload("ok".getBytes(StandardCharsets.UTF_8)).send();
            pub.disconnect();
            Mqtt5Publish got = publishes.receive(5, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("none"));
            assertThat(got.getContentType().map(Object::toString)).hasValue("text/plain; ü");
            assertThat(got.getResponseTopic().map(Object::toString)).hasValue("réponse/😀");
            assertThat(got.getUserProperties().asList()).extracting(p -> p.getName() + "=" + p.getValue())
                    .containsExactly("名前=😀");
        } finally {
            sub.disconnect();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static MqttMessageBuilders.ConnectBuilder connectV5(String clientId) {
        return MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(clientId)
                .cleanSession(true).keepAlive(60);
    }

    private void assertConnectRefusedAsMalformed(byte[] connect) throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_5)) {
            raw.sendBytes(connect);
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).as("CONNACK").isNotNull();
            assertThat(ack.variableHeader().connectReturnCode().byteValue() & 0xff).as("malformed packet")
                    .isEqualTo(0x81);
            assertThat(raw.awaitClosed(WAIT)).as("closed after the CONNACK").isTrue();
        }
    }

    /** Publishes with the marker in a property replaced, checks DISCONNECT 0x81 and that a subscriber got nothing. */
    private void assertPublishRefusedAsMalformed(MqttProperties props, byte[] bad) throws Exception {
        String topic = BrokerPorts.uniqueId("u8") + "/t";
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("u8-sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            try (RawMqttClient raw = connectedV5()) {
                raw.sendBytes(RawPackets.patched(RawPackets.encode(MqttVersion.MQTT_5, RawPackets.publish(topic, 1,
                        false, 1, props, "x".getBytes(StandardCharsets.UTF_8))), MARK, bad));
                assertDisconnectedAsMalformed(raw); // the first packet back: no PUBACK before it
            }
            assertThat(publishes.receive(QUIET.toMillis(), TimeUnit.MILLISECONDS)).as("not delivered").isEmpty();
        } finally {
            sub.disconnect();
        }
    }

    private RawMqttClient connectedV5() throws Exception {
        return RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("u8"), true, null);
    }

    /** The next packet from the broker is DISCONNECT 0x81 (nothing else comes first), then the socket closes. */
    private static void assertDisconnectedAsMalformed(RawMqttClient raw) throws Exception {
        MqttMessage disconnect = raw.receive(WAIT);
        assertThat(disconnect).as("DISCONNECT").isNotNull();
        assertThat(disconnect.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        assertThat(RawPackets.disconnectReason(disconnect)).as("malformed packet").isEqualTo(0x81);
        assertThat(raw.awaitClosed(WAIT)).isTrue();
    }
}
