package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.kin.testkit.PostgresResource;
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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Will messages (MQTT 5 sections 3.1.2.5, 3.1.3.2, 3.14.4): when a will is and is not published, the will delay,
 * will properties and retained wills. Network loss is simulated by closing a raw socket without DISCONNECT.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class WillTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    BrokerPorts broker;

    @Test
    @DisplayName("[MQTT-3.14.4-3] a normal DISCONNECT (0x00) discards the will")
    void willIsNotSentOnNormalDisconnect() throws Exception {
        String id = BrokerPorts.uniqueId("will-normal");
        String topic = "will/" + id;
        try (Watcher watcher = new Watcher(topic)) {
            Mqtt5BlockingClient client = broker.v5Blocking(id);
            client.connectWith().willPublish().topic(topic).payload(bytes("gone")).applyWillPublish().send();
            client.disconnect();
            assertThat(watcher.next(Duration.ofSeconds(1))).isEmpty();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] DISCONNECT with 0x04 (Disconnect with Will Message) publishes the will")
    void willIsSentOnDisconnectWithWillMessage() throws Exception {
        String id = BrokerPorts.uniqueId("will-04");
        String topic = "will/" + id;
        try (Watcher watcher = new Watcher(topic)) {
            Mqtt5BlockingClient client = broker.v5Blocking(id);
            client.connectWith().willPublish().topic(topic).payload(bytes("gone")).applyWillPublish().send();
            client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
            Optional<Mqtt5Publish> will = watcher.next(WAIT);
            assertThat(will).isPresent();
            assertThat(new String(will.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("gone");
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] a connection lost without DISCONNECT publishes the will")
    void willIsSentOnNetworkLoss() throws Exception {
        String id = BrokerPorts.uniqueId("will-lost");
        String topic = "will/" + id;
        try (Watcher watcher = new Watcher(topic)) {
            RawMqttClient raw = connectWithWill(id, topic, false, 0, 0);
            raw.close();
            Optional<Mqtt5Publish> will = watcher.next(WAIT);
            assertThat(will).isPresent();
            assertThat(new String(will.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("gone");
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] a will with a delay is published once the Will Delay Interval has passed")
    void delayedWillIsPublishedAfterTheDelay() throws Exception {
        String id = BrokerPorts.uniqueId("will-delay");
        String topic = "will/" + id;
        try (Watcher watcher = new Watcher(topic)) {
            RawMqttClient raw = connectWithWill(id, topic, false, 2, 60);
            raw.close();
            assertThat(watcher.next(Duration.ofMillis(1_000))).as("not before the delay").isEmpty();
            assertThat(watcher.next(WAIT)).as("after the delay").isPresent();
        } finally {
            discardSession(id);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] [MQTT-3.1.3-9] a client back within the Will Delay Interval cancels its will")
    void delayedWillIsNotPublishedWhenTheClientReconnectsInTime() throws Exception {
        String id = BrokerPorts.uniqueId("will-back");
        String topic = "will/" + id;
        try (Watcher watcher = new Watcher(topic)) {
            RawMqttClient raw = connectWithWill(id, topic, false, 2, 60);
            raw.close();
            Mqtt5BlockingClient back = broker.v5Blocking(id);
            assertThat(back.connectWith().cleanStart(false).sessionExpiryInterval(60).send().isSessionPresent())
                    .isTrue();
            assertThat(watcher.next(Duration.ofSeconds(4))).as("no will after the delay").isEmpty();
            back.disconnectWith().sessionExpiryInterval(0).send();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] a clean start within the Will Delay Interval ends the old session: its will goes out now")
    void cleanStartWithinTheWillDelayPublishesTheWillAtOnce() throws Exception {
        String id = BrokerPorts.uniqueId("will-clean");
        String topic = "will/" + id;
        try (Watcher watcher = new Watcher(topic)) {
            RawMqttClient raw = connectWithWill(id, topic, false, 30, 60);
            raw.close();
            Mqtt5BlockingClient back = broker.v5Blocking(id);
            assertThat(back.connectWith().cleanStart(true).send().isSessionPresent()).isFalse();
            assertThat(watcher.next(WAIT)).as("published without waiting 30 s").isPresent();
            back.disconnect();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-20] will properties reach the subscriber: content type, response topic, "
            + "correlation data, user properties in order")
    void willPropertiesReachTheSubscriber() throws Exception {
        String id = BrokerPorts.uniqueId("will-props");
        String topic = "will/" + id;
        try (Watcher watcher = new Watcher(topic)) {
            Mqtt5BlockingClient client = broker.v5Blocking(id);
            client.connectWith().willPublish().topic(topic).payload(bytes("{\"state\":\"gone\"}"))
                    .contentType("application/json")
                    .responseTopic("will/replies/" + id)
                    .correlationData(bytes("corr-42"))
                    .userProperties().add("k", "v1").add("k", "v2").add("other", "x").applyUserProperties()
                    .applyWillPublish().send();
            client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

            Mqtt5Publish will = watcher.next(WAIT).orElseThrow(() -> new AssertionError("no will"));
            assertThat(will.getContentType().map(Object::toString)).hasValue("application/json");
            assertThat(will.getResponseTopic().map(Object::toString)).hasValue("will/replies/" + id);
            assertThat(will.getCorrelationData().map(WillTests::string)).hasValue("corr-42");
            assertThat(will.getUserProperties().asList()).extracting(p -> p.getName() + "=" + p.getValue())
                    .containsExactly("k=v1", "k=v2", "other=x");
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-15] a will with Will Retain 1 is published retained")
    void retainedWillIsStoredRetained() throws Exception {
        String id = BrokerPorts.uniqueId("will-retain");
        String topic = "will/" + id;
        try (Watcher watcher = new Watcher(topic)) {
            RawMqttClient raw = connectWithWill(id, topic, true, 0, 0);
            raw.close();
            assertThat(watcher.next(WAIT)).as("live subscriber gets the will").isPresent();
        }
        Mqtt5BlockingClient late = broker.v5Blocking(BrokerPorts.uniqueId("will-late"));
        late.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = late.publishes(MqttGlobalPublishFilter.ALL)) {
            late.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            Optional<Mqtt5Publish> retained = received.receive(5, TimeUnit.SECONDS);
            assertThat(retained).isPresent();
            assertThat(retained.get().isRetain()).isTrue();
            assertThat(new String(retained.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("gone");
        } finally {
            late.publishWith().topic(topic).retain(true).payload(new byte[0]).send(); // clear the retained will
            late.disconnect();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] [MQTT-3.1.2-10] only reason code 0x00 discards the will: DISCONNECT 0x80 publishes it")
    void willIsSentOnDisconnectWithAnErrorReasonCode() throws Exception {
        String id = BrokerPorts.uniqueId("will-80");
        String topic = "will/" + id;
        try (Watcher watcher = new Watcher(topic)) {
            Mqtt5BlockingClient client = broker.v5Blocking(id);
            client.connectWith().willPublish().topic(topic).payload(bytes("gone")).applyWillPublish().send();
            client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.UNSPECIFIED_ERROR).send();
            assertThat(watcher.next(WAIT)).isPresent();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] a server disconnect for a protocol error publishes the will")
    void willIsSentWhenTheServerClosesForAProtocolError() throws Exception {
        String id = BrokerPorts.uniqueId("will-proto");
        String topic = "will/" + id;
        try (Watcher watcher = new Watcher(topic)) {
            try (RawMqttClient raw = connectWithWill(id, topic, false, 0, 0)) {
                // a second CONNECT is a protocol error [MQTT-3.1.0-2]
                raw.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(id).build());
                assertThat(raw.awaitClosed(WAIT)).isTrue();
            }
            assertThat(watcher.next(WAIT)).isPresent();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] a keep alive timeout publishes the will")
    void willIsSentOnKeepAliveTimeout() throws Exception {
        String id = BrokerPorts.uniqueId("will-idle");
        String topic = "will/" + id;
        try (Watcher watcher = new Watcher(topic)) {
            try (RawMqttClient raw = connectWithWill(id, topic, false, 0, 0, 1)) {
                assertThat(raw.awaitClosed(WAIT)).as("closed for silence").isTrue();
            }
            assertThat(watcher.next(WAIT)).isPresent();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] a session that ends before the Will Delay Interval publishes the will then")
    void delayedWillIsPublishedWhenTheSessionEndsFirst() throws Exception {
        String id = BrokerPorts.uniqueId("will-expiry");
        String topic = "will/" + id;
        try (Watcher watcher = new Watcher(topic)) {
            RawMqttClient raw = connectWithWill(id, topic, false, 60, 1);
            raw.close();
            assertThat(watcher.next(WAIT)).as("published when the 1 s session expired, long before 60 s")
                    .isPresent();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.4-3] the will of a connection that is taken over is published (no delay)")
    void willOfATakenOverConnectionIsPublished() throws Exception {
        String id = BrokerPorts.uniqueId("will-takeover");
        String topic = "will/" + id;
        try (Watcher watcher = new Watcher(topic)) {
            try (RawMqttClient raw = connectWithWill(id, topic, false, 0, 0)) {
                Mqtt5BlockingClient second = broker.v5Blocking(id);
                second.connect();
                assertThat(raw.awaitClosed(WAIT)).isTrue();
                assertThat(watcher.next(WAIT)).isPresent();
                second.disconnect();
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** A v5 subscriber to one topic that collects what arrives. */
    private final class Watcher implements AutoCloseable {
        private final Mqtt5BlockingClient client;
        private final Mqtt5BlockingClient.Mqtt5Publishes publishes;

        Watcher(String topic) {
            client = broker.v5Blocking(BrokerPorts.uniqueId("will-watch"));
            client.connect();
            publishes = client.publishes(MqttGlobalPublishFilter.ALL);
            client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        }

        Optional<Mqtt5Publish> next(Duration timeout) throws InterruptedException {
            return publishes.receive(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            publishes.close();
            client.disconnect();
        }
    }

    /** A raw v5 connection with a will "gone" on {@code topic}, accepted. */
    private RawMqttClient connectWithWill(String id, String topic, boolean retain, int delaySeconds,
                                          int sessionExpirySeconds) throws Exception {
        return connectWithWill(id, topic, retain, delaySeconds, sessionExpirySeconds, 60);
    }

    private RawMqttClient connectWithWill(String id, String topic, boolean retain, int delaySeconds,
                                          int sessionExpirySeconds, int keepAlive) throws Exception {
        MqttProperties willProps = new MqttProperties();
        if (delaySeconds > 0) {
            willProps.add(new MqttProperties.IntegerProperty(MqttPropertyType.WILL_DELAY_INTERVAL.value(),
                    delaySeconds));
        }
        MqttProperties props = new MqttProperties();
        if (sessionExpirySeconds > 0) {
            props.add(new MqttProperties.IntegerProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(),
                    sessionExpirySeconds));
        }
        RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_5);
        raw.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(id).cleanSession(true)
                .keepAlive(keepAlive).properties(props)
                .willFlag(true).willTopic(topic).willMessage(bytes("gone")).willQoS(MqttQoS.AT_LEAST_ONCE)
                .willRetain(retain).willProperties(willProps).build());
        assertThat(raw.receive(MqttMessageType.CONNACK, WAIT)).isNotNull();
        return raw;
    }

    private void discardSession(String id) {
        Mqtt5BlockingClient c = broker.v5Blocking(id);
        c.connectWith().cleanStart(true).sessionExpiryInterval(0).send();
        c.disconnect();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(ByteBuffer b) {
        ByteBuffer copy = b.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }
}
