package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client take-over (MQTT 5 section 3.1.4, MQTT 3.1.1 section 3.1.4): a second connection with the same client
 * identifier closes the first [MQTT-3.1.4-3] and, without clean start, continues its session.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class SessionTakeoverTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    BrokerPorts broker;

    @Test
    @DisplayName("[MQTT-3.1.4-3] a second connection disconnects the first with 0x8E Session taken over (v5)")
    void secondConnectionDisconnectsTheFirstWithSessionTakenOver() throws Exception {
        String id = BrokerPorts.uniqueId("takeover");
        CompletableFuture<Throwable> firstDisconnected = new CompletableFuture<>();
        Mqtt5BlockingClient first = broker.v5(id)
                .addDisconnectedListener(ctx -> firstDisconnected.complete(ctx.getCause())).buildBlocking();
        first.connect();

        Mqtt5BlockingClient second = broker.v5Blocking(id);
        second.connect();

        Throwable cause = firstDisconnected.get(5, TimeUnit.SECONDS);
        assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
        assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
        assertThat(second.getState().isConnected()).isTrue();
        second.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.1.4-3] the taken-over connection gets DISCONNECT 0x8E and is closed (raw v5)")
    void takenOverConnectionReceivesDisconnectAndIsClosed() throws Exception {
        String id = BrokerPorts.uniqueId("takeover-raw");
        try (RawMqttClient first = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5, id, true, 60, null)) {
            assertThat(first.receive(MqttMessageType.CONNACK, WAIT)).isNotNull();
            Mqtt5BlockingClient second = broker.v5Blocking(id);
            second.connect();
            MqttMessage disconnect = first.receive(MqttMessageType.DISCONNECT, WAIT);
            assertThat(disconnect).isNotNull();
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode())
                    .isEqualTo((byte) 0x8E);
            assertThat(first.awaitClosed(WAIT)).isTrue();
            second.disconnect();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.4-3] on 3.1.1 the first connection is closed")
    void takeoverClosesTheFirstConnectionOn311() throws Exception {
        String id = BrokerPorts.uniqueId("takeover-v3");
        try (RawMqttClient first = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_3_1_1, id, true, 60, null)) {
            assertThat(first.receive(MqttMessageType.CONNACK, WAIT)).isNotNull();
            var second = broker.v3Blocking(id);
            second.connect();
            assertThat(first.awaitClosed(WAIT)).isTrue();
            assertThat(second.getState().isConnected()).isTrue();
            second.disconnect();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-4] [MQTT-4.4.0-1] the session continues on the new connection: subscriptions and "
            + "unacknowledged QoS 1 messages, none lost")
    void sessionContinuesOnTheNewConnectionWithoutLoss() throws Exception {
        String id = BrokerPorts.uniqueId("takeover-session");
        String topic = "takeover/" + id;
        MqttProperties expiry = new MqttProperties();
        expiry.add(new MqttProperties.IntegerProperty(
                MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), 300));
        Mqtt5BlockingClient publisher = broker.v5Blocking(BrokerPorts.uniqueId("takeover-pub"));
        publisher.connect();
        Mqtt5BlockingClient second = broker.v5Blocking(id);
        try (RawMqttClient first = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5, id, true, 60, expiry)) {
            MqttConnAckMessage ack = (MqttConnAckMessage) first.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            first.send(new MqttSubscribeMessage(
                    new MqttFixedHeader(MqttMessageType.SUBSCRIBE, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                    new MqttMessageIdAndPropertiesVariableHeader(1, MqttProperties.NO_PROPERTIES),
                    new MqttSubscribePayload(List.of(new MqttTopicSubscription(topic, MqttQoS.AT_LEAST_ONCE)))));
            assertThat(first.receive(MqttMessageType.SUBACK, WAIT)).isNotNull();

            // five QoS 1 messages reach the first connection, which never acknowledges them
            for (int i = 0; i < 5; i++) {
                publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("m" + i).getBytes(StandardCharsets.UTF_8)).send();
            }
            for (int i = 0; i < 5; i++) {
                MqttPublishMessage p = (MqttPublishMessage) first.receive(MqttMessageType.PUBLISH, WAIT);
                assertThat(p).as("message %d reached the first connection", i).isNotNull();
                ReferenceCountUtil.release(p);
            }

            try (Mqtt5BlockingClient.Mqtt5Publishes received = second.publishes(MqttGlobalPublishFilter.ALL)) {
                Mqtt5ConnAck secondAck = second.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
                assertThat(secondAck.isSessionPresent()).isTrue();
                assertThat(first.awaitClosed(WAIT)).isTrue();

                // the subscription continues: five more, published after the take-over
                for (int i = 5; i < 10; i++) {
                    publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                            .payload(("m" + i).getBytes(StandardCharsets.UTF_8)).send();
                }
                Set<String> payloads = new HashSet<>();
                List<String> inOrder = new ArrayList<>();
                while (payloads.size() < 10) {
                    Optional<Mqtt5Publish> p = received.receive(5, TimeUnit.SECONDS);
                    if (p.isEmpty()) {
                        break;
                    }
                    String s = new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8);
                    payloads.add(s);
                    inOrder.add(s);
                }
                assertThat(payloads).as("received %s", inOrder)
                        .containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
            }
        } finally {
            publisher.disconnect();
            if (second.getState().isConnected()) {
                second.disconnectWith().sessionExpiryInterval(0).send();
            }
        }
    }

    @Test
    @DisplayName("a second connection that fails authentication does not take over: the first stays connected")
    void refusedSecondConnectionDoesNotTakeOver() {
        String id = BrokerPorts.uniqueId("takeover-refused");
        Mqtt5BlockingClient first = broker.v5Blocking(id);
        first.connect();
        Mqtt5BlockingClient intruder = broker.v5Blocking(id);
        try {
            intruder.connectWith().simpleAuth().username(BrokerPorts.uniqueId("nobody"))
                    .password("wrong".getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
            throw new AssertionError("an unknown user was accepted");
        } catch (com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException expected) {
            assertThat(expected.getMqttMessage().getReasonCode().isError()).isTrue();
        }
        assertThat(first.getState().isConnected()).isTrue();
        first.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-4] a take-over with clean start discards the old session: no session present, old "
            + "subscriptions gone")
    void takeoverWithCleanStartDiscardsTheSession() throws Exception {
        String id = BrokerPorts.uniqueId("takeover-clean");
        String topic = "takeover/" + id;
        Mqtt5BlockingClient first = broker.v5Blocking(id);
        first.connectWith().sessionExpiryInterval(300).send();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt5BlockingClient second = broker.v5Blocking(id);
        try (Mqtt5BlockingClient.Mqtt5Publishes received = second.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(second.connectWith().cleanStart(true).send().isSessionPresent()).isFalse();
            Mqtt5BlockingClient publisher = broker.v5Blocking(BrokerPorts.uniqueId("takeover-pub"));
            publisher.connect();
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[]{1}).send();
            publisher.disconnect();
            assertThat(received.receive(1, TimeUnit.SECONDS)).as("old subscription gone").isEmpty();
        } finally {
            second.disconnect();
        }
    }
}
