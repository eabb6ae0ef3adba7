package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.kin.broker.config.BrokerConfig;
import io.kin.broker.session.Session;
import io.kin.broker.session.SessionRegistry;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONNECT and CONNACK (MQTT 5 section 3.1 / 3.2, MQTT 3.1.1 section 3.1 / 3.2): protocol versions, client
 * identifiers, session present, session expiry, the limits announced in CONNACK, keep alive, and interop with the
 * Paho and mosquitto clients.
 *
 * <p>Tested elsewhere: the CONNECT timeout ({@code ConnectTimeoutTests}), Server Keep Alive, Maximum QoS and Retain
 * Available (another broker profile, {@code ServerLimitsTests}), will refusals ({@code WillRefusalTests}).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class ConnectTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    BrokerPorts broker;

    @Inject
    BrokerConfig config;

    @Inject
    SessionRegistry sessions;

    // ---- protocol versions --------------------------------------------------------------------------------------

    @Test
    @DisplayName("MQTT 3.1 (protocol name MQIsdp, level 3) connects — Paho v3")
    void mqtt31Connects() throws Exception {
        var client = new org.eclipse.paho.client.mqttv3.MqttClient("tcp://127.0.0.1:" + broker.tcp(),
                BrokerPorts.uniqueId("v31"), new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1);
        options.setCleanSession(true);
        try {
            client.connect(options);
            assertThat(client.isConnected()).isTrue();
            client.disconnect();
        } finally {
            client.close();
        }
    }

    @Test
    @DisplayName("MQTT 3.1.1 connects — HiveMQ v3")
    void mqtt311Connects() {
        Mqtt3BlockingClient client = broker.v3Blocking(BrokerPorts.uniqueId("v311"));
        Mqtt3ConnAck ack = client.connect();
        assertThat(ack.getReturnCode().isError()).isFalse();
        client.disconnect();
    }

    @Test
    @DisplayName("MQTT 5 connects — Paho v5")
    void mqtt5Connects() throws Exception {
        var client = new org.eclipse.paho.mqttv5.client.MqttClient("tcp://127.0.0.1:" + broker.tcp(),
                BrokerPorts.uniqueId("v5"), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        try {
            var token = client.connectWithResult(options);
            assertThat(client.isConnected()).isTrue();
            assertThat(token.getSessionPresent()).isFalse();
            client.disconnect();
        } finally {
            client.close();
        }
    }

    // ---- client identifier --------------------------------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-3.1.3-6] [MQTT-3.2.2-16] an empty client id gets an Assigned Client Identifier (v5)")
    void emptyClientIdGetsAnAssignedIdentifier() {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().serverHost("127.0.0.1")
                .serverPort(broker.tcp()).buildBlocking();
        Mqtt5ConnAck ack = client.connect();
        assertThat(ack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(ack.getAssignedClientIdentifier()).isPresent();
        assertThat(ack.getAssignedClientIdentifier().get().toString()).isNotEmpty();
        client.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.1.3-6] (3.1.1) an empty client id with clean session is accepted on 3.1.1")
    void emptyClientIdWithCleanSessionIsAcceptedOn311() throws Exception {
        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_3_1_1, "", true, 60, null)) {
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).isNotNull();
            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.3-6] (3.1.1) clients with an empty id and clean session each get their own identifier: "
            + "two of them are connected at once, neither takes the other over, and each receives its own messages")
    void emptyClientIdsGetDistinctAssignedIdentifiersOn311() throws Exception {
        String topic = BrokerPorts.uniqueId("anon311");
        try (RawMqttClient a = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_3_1_1, "", true, null);
             RawMqttClient b = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_3_1_1, "", true, null)) {
            assertThat(RawPackets.subscribeAndAwait(a, 1, topic + "/a", 1)).containsExactly(1);
            assertThat(RawPackets.subscribeAndAwait(b, 1, topic + "/b", 1)).containsExactly(1);
            assertThat(a.awaitClosed(Duration.ZERO)).as("the first is not taken over").isFalse();
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("anon-pub"));
            pub.connect();
            pub.publishWith().topic(topic + "/a").qos(MqttQos.AT_LEAST_ONCE).payload("to-a".getBytes()).send();
            pub.publishWith().topic(topic + "/b").qos(MqttQos.AT_LEAST_ONCE).payload("to-b".getBytes()).send();
            pub.disconnect();
            assertThat(RawPackets.payload(RawPackets.nextPublish(a, WAIT))).isEqualTo("to-a");
            assertThat(RawPackets.payload(RawPackets.nextPublish(b, WAIT))).isEqualTo("to-b");
            assertThat(RawPackets.nextPublish(a, Duration.ofMillis(PublishTests.QUIET_MS))).as("only its own").isNull();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-4] (3.1.1) clean session 0 keeps the subscriptions and the QoS 1 messages that arrive "
            + "while offline; they are delivered on reconnect without a new SUBSCRIBE — HiveMQ v3")
    void cleanSessionFalseKeepsSubscriptionsAndQueuedMessagesOn311() throws Exception {
        String id = BrokerPorts.uniqueId("persist311");
        String topic = id + "/t";
        Mqtt3BlockingClient client = broker.v3Blocking(id);
        client.connectWith().cleanSession(true).send(); // start from nothing
        client.disconnect();
        assertThat(client.connectWith().cleanSession(false).send().isSessionPresent()).isFalse();
        client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        client.disconnect();
        SessionWaits.awaitOffline(sessions, id);

        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("persist-pub"));
        pub.connect();
        for (int i = 0; i < 3; i++) {
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(("q" + i).getBytes()).send();
        }
        try (Mqtt3BlockingClient.Mqtt3Publishes received = client.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(client.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
            for (int i = 0; i < 3; i++) {
                assertThat(received.receive(5, TimeUnit.SECONDS).map(p -> new String(p.getPayloadAsBytes(),
                        StandardCharsets.UTF_8))).as("queued message %d", i).hasValue("q" + i);
            }
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("live".getBytes()).send();
            assertThat(received.receive(5, TimeUnit.SECONDS).map(p -> new String(p.getPayloadAsBytes(),
                    StandardCharsets.UTF_8))).as("the kept subscription still matches").hasValue("live");
        } finally {
            pub.disconnect();
            client.disconnect();
            client.connectWith().cleanSession(true).send(); // discard the session
            client.disconnect();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.0-2] (3.1.1) a second CONNECT on a connection closes it without an answer")
    void secondConnectClosesAn311Connection() throws Exception {
        String id = BrokerPorts.uniqueId("twice311");
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_3_1_1, id, true, null)) {
            raw.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId(id)
                    .cleanSession(true).keepAlive(60).build());
            assertThat(raw.awaitClosed(WAIT)).as("closed").isTrue();
            assertThat(raw.receive(Duration.ZERO)).as("no second CONNACK").isNull();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.3-8] (3.1.1) an empty client id without clean session is refused with 0x02 on 3.1.1")
    void emptyClientIdWithoutCleanSessionIsRefusedOn311() throws Exception {
        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_3_1_1, "", false, 60, null)) {
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).isNotNull();
            assertThat(ack.variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            assertThat(raw.awaitClosed(WAIT)).as("[MQTT-3.2.2-5] (3.1.1) closed after a refusal").isTrue();
        }
    }

    @Test
    @DisplayName("MQTT 3.1 requires a client id of 1 to 23 characters: an empty one is refused with 0x02")
    void emptyClientIdIsRefusedOn31() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_3_1)) {
            // CONNECT "MQIsdp" level 3, clean session, keep alive 60, zero-length client id
            raw.sendBytes(new byte[]{0x10, 0x0E, 0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', 0x03, 0x02, 0x00, 0x3C,
                    0x00, 0x00});
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).isNotNull();
            assertThat(ack.variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("MQTT 3.1 requires a client id of 1 to 23 characters: 24 are refused with return code 2 and closed "
            + "(kin.mqtt.mqtt31-strict-client-id, default); 3.1.1 accepts the same id")
    void clientIdLongerThan23IsRefusedOn31() throws Exception {
        String id = (BrokerPorts.uniqueId("v31") + "-long-client-id").substring(0, 24);
        assertThat(id).hasSize(24);
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_3_1)) {
            raw.sendBytes(mqtt31ConnectBytes(id));
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).as("CONNACK").isNotNull();
            assertThat(ack.variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            assertThat(raw.awaitClosed(WAIT)).as("closed after the refusal").isTrue();
        }
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_3_1_1, id, true, null)) {
            assertThat(raw.awaitClosed(Duration.ZERO)).isFalse();
        }
    }

    @Test
    @DisplayName("MQTT 3.1: a client id of exactly 23 characters is accepted — raw 3.1 CONNECT")
    void clientIdOf23CharactersIsAcceptedOn31() throws Exception {
        String id = (BrokerPorts.uniqueId("v31") + "-long-client-id").substring(0, 23);
        assertThat(id).hasSize(23);
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_3_1)) {
            raw.sendBytes(mqtt31ConnectBytes(id));
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).as("CONNACK").isNotNull();
            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
    }

    /**
     * A raw MQTT 3.1 CONNECT ("MQIsdp", level 3, clean session, keep alive 60): Netty's encoder refuses 3.1 client ids
     * longer than 23 characters, so the packet is written by hand.
     */
    static byte[] mqtt31ConnectBytes(String clientId) {
        return connectBytes("MQIsdp", 3, 0x02, clientId);
    }

    // ---- session present / session expiry ---------------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-3.2.2-3] session present is 0 on the first connect, even without clean start (v5)")
    void sessionPresentIsFalseOnFirstConnect() {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("first"));
        Mqtt5ConnAck ack = client.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        assertThat(ack.isSessionPresent()).isFalse();
        client.disconnectWith().sessionExpiryInterval(0).send();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-4] [MQTT-3.2.2-3] session present is 1 when a v5 session with expiry > 0 is resumed")
    void sessionPresentIsTrueWhenAV5SessionIsResumed() {
        String id = BrokerPorts.uniqueId("resume5");
        Mqtt5BlockingClient client = broker.v5Blocking(id);
        client.connectWith().cleanStart(true).sessionExpiryInterval(60).send();
        client.disconnect();
        Mqtt5ConnAck ack = client.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        assertThat(ack.isSessionPresent()).isTrue();
        client.disconnectWith().sessionExpiryInterval(0).send();
    }

    @Test
    @DisplayName("[MQTT-3.2.2-2] (3.1.1) session present is 1 when a 3.1.1 session with clean session 0 is resumed")
    void sessionPresentIsTrueWhenAV3SessionIsResumed() {
        String id = BrokerPorts.uniqueId("resume3");
        Mqtt3BlockingClient client = broker.v3Blocking(id);
        assertThat(client.connectWith().cleanSession(false).send().isSessionPresent()).isFalse();
        client.disconnect();
        assertThat(client.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
        client.disconnect();
        client.connectWith().cleanSession(true).send(); // discard the session
        client.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.2.2-2] session present is 0 after a clean start, even when a session existed")
    void sessionPresentIsFalseAfterCleanStart() {
        String id = BrokerPorts.uniqueId("clean");
        Mqtt5BlockingClient client = broker.v5Blocking(id);
        client.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        client.disconnect();
        Mqtt5ConnAck ack = client.connectWith().cleanStart(true).sessionExpiryInterval(0).send();
        assertThat(ack.isSessionPresent()).isFalse();
        client.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-23] a session with expiry 0 ends with the connection: its subscription is gone")
    void sessionWithExpiryZeroEndsOnDisconnect() throws Exception {
        String id = BrokerPorts.uniqueId("expiry0");
        String topic = "connect/" + id;
        Mqtt5BlockingClient subscriber = broker.v5Blocking(id);
        subscriber.connectWith().cleanStart(true).sessionExpiryInterval(0).send();
        subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        subscriber.disconnect();

        publishOnce(topic, "while away");

        try (Mqtt5BlockingClient.Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            Mqtt5ConnAck ack = subscriber.connectWith().cleanStart(false).sessionExpiryInterval(0).send();
            assertThat(ack.isSessionPresent()).isFalse();
            publishOnce(topic, "after reconnect");
            assertThat(received.receive(1, TimeUnit.SECONDS)).as("no subscription left").isEmpty();
        }
        subscriber.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-23] a session with expiry 2 s is discarded once the interval has passed")
    void sessionIsDiscardedAfterItsExpiryInterval() throws Exception {
        String id = BrokerPorts.uniqueId("expiry2");
        Mqtt5BlockingClient client = broker.v5Blocking(id);
        client.connectWith().cleanStart(true).sessionExpiryInterval(2).send();
        client.subscribeWith().topicFilter("connect/" + id).qos(MqttQos.AT_LEAST_ONCE).send();
        client.disconnect();
        assertThat(sessions.get(id)).as("kept while the interval runs").isNotNull();

        Thread.sleep(3_000);

        Mqtt5ConnAck ack = client.connectWith().cleanStart(false).sessionExpiryInterval(0).send();
        assertThat(ack.isSessionPresent()).isFalse();
        client.disconnect();
    }

    // ---- what CONNACK announces ---------------------------------------------------------------------------------

    @Test
    @DisplayName("CONNACK carries Receive Maximum, Maximum Packet Size and Topic Alias Maximum")
    void connackCarriesTheServerLimits() {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("limits"));
        Mqtt5ConnAck ack = client.connect();
        var restrictions = ack.getRestrictions();
        assertThat(restrictions.getReceiveMaximum()).isEqualTo(config.mqtt().receiveMaximum());
        assertThat(restrictions.getMaximumPacketSize()).isEqualTo(config.mqtt().maxPacketSize());
        assertThat(restrictions.getTopicAliasMaximum()).isEqualTo(config.mqtt().topicAliasMaximum());
        client.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-22] a client silent for 1.5 times its keep alive is disconnected")
    void silentClientIsDisconnectedAfterOneAndAHalfKeepAlives() throws Exception {
        for (MqttVersion version : new MqttVersion[]{MqttVersion.MQTT_5, MqttVersion.MQTT_3_1_1}) {
            try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), version,
                    BrokerPorts.uniqueId("silent"), true, 4, null)) {
                MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
                assertThat(ack.variableHeader().connectReturnCode())
                        .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
                long start = System.nanoTime();
                assertThat(raw.awaitClosed(Duration.ofSeconds(10))).as("%s closed by the server", version).isTrue();
                long waitedMillis = (System.nanoTime() - start) / 1_000_000;
                // keep alive 4 s: closed after 1.5 x 4 = 6 s of silence, timed from when the keep alive was set (just
                // before the CONNACK went out); 2 x would be 8 s, so the upper bound tells the two apart
                assertThat(waitedMillis).as("%s: not before 1.5 x the keep alive", version)
                        .isGreaterThanOrEqualTo(5_900);
                assertThat(waitedMillis).as("%s: soon after 1.5 x the keep alive, well before 2 x", version)
                        .isLessThanOrEqualTo(7_500);
            }
        }
    }

    @Test
    @DisplayName("a client that sends PINGREQ within its keep alive stays connected")
    void clientSendingPingsStaysConnected() throws Exception {
        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5,
                BrokerPorts.uniqueId("pinging"), true, 1, null)) {
            assertThat(raw.receive(MqttMessageType.CONNACK, WAIT)).isNotNull();
            for (int i = 0; i < 5; i++) {
                Thread.sleep(500);
                raw.send(new io.netty.handler.codec.mqtt.MqttMessage(new io.netty.handler.codec.mqtt.MqttFixedHeader(
                        MqttMessageType.PINGREQ, false, io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE, false, 0)));
                assertThat(raw.receive(MqttMessageType.PINGRESP, WAIT)).isNotNull();
            }
            assertThat(raw.awaitClosed(Duration.ZERO)).isFalse();
        }
    }

    @Test
    @DisplayName("user properties on CONNECT are accepted")
    void userPropertiesOnConnectAreAccepted() {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("userprops"));
        Mqtt5ConnAck ack = client.connectWith().userProperties().add("region", "eu").add("region", "us")
                .add("tenant", "t1").applyUserProperties().send();
        assertThat(ack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        client.disconnect();
    }

    @Test
    @DisplayName("Request Problem Information 0: a refused CONNECT gets no Reason String (Kin policy; "
            + "[MQTT-3.1.2-29] would allow one on CONNACK)")
    void noReasonStringInARefusalWhenProblemInformationIsNotRequested() throws Exception {
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.IntegerProperty(MqttPropertyType.REQUEST_PROBLEM_INFORMATION.value(), 0));
        String tooLong = "x".repeat(config.mqtt().maxClientIdLength() + 1);
        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5, tooLong, true, 60, props)) {
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).isNotNull();
            assertThat(ack.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) 0x85);
            assertThat(ack.variableHeader().properties().getProperty(MqttPropertyType.REASON_STRING.value()))
                    .isNull();
        }
    }

    @Test
    @DisplayName("a refused CONNECT carries a Reason String when problem information is requested (default)")
    void reasonStringInARefusalByDefault() throws Exception {
        String tooLong = "x".repeat(config.mqtt().maxClientIdLength() + 1);
        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5, tooLong, true, 60, null)) {
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).isNotNull();
            assertThat(ack.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) 0x85);
            assertThat(ack.variableHeader().properties().getProperty(MqttPropertyType.REASON_STRING.value()))
                    .isNotNull();
        }
    }

    @Test
    @DisplayName("a Session Expiry Interval above the server maximum is answered with the one used, in CONNACK")
    void sessionExpiryAboveTheMaximumIsAnnouncedInConnack() {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("expiry-max"));
        Mqtt5ConnAck ack = client.connectWith().sessionExpiryInterval(0xFFFFFFFFL).send();
        assertThat(ack.getSessionExpiryInterval()).hasValue(config.mqtt().maxSessionExpiry());
        client.disconnectWith().sessionExpiryInterval(0).send();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-23] a Session Expiry Interval of 0 on DISCONNECT ends the session")
    void sessionExpiryOnDisconnectReplacesTheOneOfConnect() {
        String id = BrokerPorts.uniqueId("expiry-disc");
        Mqtt5BlockingClient client = broker.v5Blocking(id);
        client.connectWith().cleanStart(true).sessionExpiryInterval(60).send();
        client.disconnectWith().sessionExpiryInterval(0).send();
        assertThat(client.connectWith().cleanStart(false).sessionExpiryInterval(0).send().isSessionPresent())
                .isFalse();
        client.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.14.2-2] a Session Expiry Interval on DISCONNECT after 0 at CONNECT is a protocol error")
    void sessionExpiryOnDisconnectAfterZeroIsAProtocolError() throws Exception {
        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5,
                BrokerPorts.uniqueId("expiry-late"), true, 60, null)) {
            assertThat(raw.receive(MqttMessageType.CONNACK, WAIT)).isNotNull();
            MqttProperties props = new MqttProperties();
            props.add(new MqttProperties.IntegerProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), 30));
            raw.send(MqttMessageBuilders.disconnect().reasonCode((byte) 0).properties(props).build());
            MqttMessage disconnect = raw.receive(MqttMessageType.DISCONNECT, WAIT);
            assertThat(disconnect).isNotNull();
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode())
                    .isEqualTo((byte) 0x82);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-28] Response Information is returned only when requested")
    void responseInformationOnlyWhenRequested() {
        Mqtt5BlockingClient asking = broker.v5Blocking(BrokerPorts.uniqueId("resp-info"));
        Mqtt5ConnAck ack = asking.connectWith().restrictions().requestResponseInformation(true).applyRestrictions()
                .send();
        assertThat(ack.getResponseInformation()).isPresent();
        asking.disconnect();

        Mqtt5BlockingClient notAsking = broker.v5Blocking(BrokerPorts.uniqueId("no-resp-info"));
        assertThat(notAsking.connect().getResponseInformation()).isEmpty();
        notAsking.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] [MQTT-3.1.2-25] a message larger than the client's Maximum Packet Size is not "
            + "sent to it; smaller ones are")
    void clientMaximumPacketSizeIsRespected() throws Exception {
        String id = BrokerPorts.uniqueId("small");
        String topic = "connect/" + id;
        Mqtt5BlockingClient client = broker.v5Blocking(id);
        client.connectWith().restrictions().maximumPacketSize(256).applyRestrictions().send();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            publishOnce(topic, "x".repeat(1_000));
            publishOnce(topic, "small");
            var first = received.receive(5, TimeUnit.SECONDS);
            assertThat(first).isPresent();
            assertThat(new String(first.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("small");
            assertThat(client.getState().isConnected()).isTrue();
        } finally {
            client.disconnect();
        }
    }

    // ---- CONNECT validation [MQTT-3.1.4-1] ----------------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-3.1.2-22] (3.1.1) a password without a user name is a protocol violation: closed")
    void passwordWithoutUserNameIsRefusedOn311() throws Exception {
        // flags 0x42: password, clean session; no user name
        assertConnectIsRejected(connectBytes(4, 0x42, BrokerPorts.uniqueId("pw-only"), "secret"));
    }

    @Test
    @DisplayName("[MQTT-3.1.2-11] Will QoS set without the Will Flag is malformed: closed")
    void willQosWithoutWillFlagIsRefused() throws Exception {
        // flags 0x0A: will QoS 1, clean start; no will flag
        assertConnectIsRejected(connectBytes(5, 0x0A, BrokerPorts.uniqueId("willqos")));
    }

    @Test
    @DisplayName("[MQTT-3.1.2-13] Will Retain set without the Will Flag is malformed: closed")
    void willRetainWithoutWillFlagIsRefused() throws Exception {
        // flags 0x22: will retain, clean start; no will flag
        assertConnectIsRejected(connectBytes(5, 0x22, BrokerPorts.uniqueId("willretain")));
    }

    /** The CONNECT is not accepted: no CONNACK, or one with an error code; and the connection is closed. */
    private void assertConnectIsRejected(byte[] connect) throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_3_1_1)) {
            raw.sendBytes(connect);
            MqttMessage ack = raw.receive(MqttMessageType.CONNACK, Duration.ofSeconds(2));
            if (ack != null) {
                assertThat(((MqttConnAckMessage) ack).variableHeader().connectReturnCode())
                        .isNotEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            }
            assertThat(raw.awaitClosed(WAIT)).as("[MQTT-3.1.4-1] closed").isTrue();
        }
    }

    /** A CONNECT packet "MQTT" with the given level and flags; payload strings follow the client id. */
    private static byte[] connectBytes(int level, int flags, String clientId, String... more) {
        return connectBytes("MQTT", level, flags, clientId, more);
    }

    /** A CONNECT packet with the given protocol name, level and flags; payload strings follow the client id. */
    static byte[] connectBytes(String protocolName, int level, int flags, String clientId, String... more) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        writeString(body, protocolName);
        body.write(level);
        body.write(flags);
        body.write(0);
        body.write(60);
        if (level == 5) {
            body.write(0); // no properties
        }
        writeString(body, clientId);
        for (String s : more) {
            writeString(body, s);
        }
        return RawPackets.connectPacket(body.toByteArray());
    }

    private static void writeString(java.io.ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xff);
        out.writeBytes(b);
    }

    // ---- interop ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("mosquitto_sub (3.1.1) receives what mosquitto_pub (5.0) publishes")
    void mosquittoClientsExchangeAMessage() throws Exception {
        String subId = BrokerPorts.uniqueId("mosq-sub");
        String topic = "connect/mosquitto/" + subId;
        Process sub = new ProcessBuilder("/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p",
                String.valueOf(broker.tcp()), "-V", "mqttv311", "-i", subId, "-t", topic, "-q", "1", "-C", "1",
                "-W", "20").redirectErrorStream(true).start();
        try {
            awaitSubscribed(subId);
            Process pub = new ProcessBuilder("/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p",
                    String.valueOf(broker.tcp()), "-V", "mqttv5", "-i", BrokerPorts.uniqueId("mosq-pub"), "-t", topic,
                    "-q", "1", "-m", "hello from mosquitto").redirectErrorStream(true).start();
            assertThat(pub.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(pub.exitValue()).as(output(pub)).isZero();

            assertThat(sub.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String out = output(sub);
            assertThat(sub.exitValue()).as(out).isZero();
            assertThat(out.trim()).isEqualTo("hello from mosquitto");
        } finally {
            sub.destroy();
        }
    }

    private void awaitSubscribed(String clientId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            Session s = sessions.get(clientId);
            if (s != null && !s.subscriptions().isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(clientId + " did not subscribe in time");
    }

    private static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private void publishOnce(String topic, String payload) {
        Mqtt5BlockingClient publisher = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
        publisher.connect();
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        publisher.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.1.4-5] packets sent right after CONNECT, before CONNACK, are handled once the client is accepted")
    void packetsSentBeforeConnackAreHandledAfterIt() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", broker.tcp())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(RawPackets.connectThenSubscribe(BrokerPorts.uniqueId("eager"), "eager/#"));
            byte[] answer = RawPackets.readExactly(socket.getInputStream(), 9);
            assertThat(answer).containsExactly(0x20, 0x02, 0x00, 0x00, 0x90, 0x03, 0x00, 0x01, 0x00);
        }
    }
}
