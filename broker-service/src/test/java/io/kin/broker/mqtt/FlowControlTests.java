package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.kin.broker.session.SessionListener.DropReason;
import io.kin.broker.session.SessionRegistry;
import io.kin.broker.sys.BrokerStats;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.kin.broker.mqtt.PublishTests.bytes;
import static io.kin.broker.mqtt.RawPackets.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flow control and delivery to sessions (MQTT 4.9, 4.4, 4.1): the client's Receive Maximum bounds the in-flight
 * window, what does not fit is queued, persistent sessions collect QoS 1 messages while offline, unacknowledged
 * messages are resent with DUP after reconnecting, and QoS 0 is never queued for an offline session.
 *
 * <p>Queue overflow needs another configuration and is in {@link QueueOverflowTests}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class FlowControlTests {

    private static final Duration QUIET = Duration.ofMillis(PublishTests.QUIET_MS);

    @Inject
    BrokerPorts broker;

    @Inject
    SessionRegistry sessions;

    @Inject
    BrokerStats stats;

    @Test
    @DisplayName("no more unacknowledged QoS 1 PUBLISH than the client's Receive Maximum [MQTT-3.3.4-9]")
    void inflightWindowRespectsReceiveMaximum() throws Exception {
        String topic = BrokerPorts.uniqueId("rm") + "/t";
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("rm"),
                true, RawPackets.props(MqttPropertyType.RECEIVE_MAXIMUM, 2))) {
            RawPackets.subscribeAndAwait(raw, 1, topic, 1);
            publish(topic, 1, 5);

            MqttPublishMessage first = RawPackets.nextPublish(raw, WAIT);
            MqttPublishMessage second = RawPackets.nextPublish(raw, WAIT);
            assertThat(List.of(RawPackets.payload(first), RawPackets.payload(second))).containsExactly("m0", "m1");
            assertThat(RawPackets.nextPublish(raw, QUIET)).as("window of 2 is full").isNull();

            raw.send(RawPackets.puback(first.variableHeader().packetId()));
            MqttPublishMessage third = RawPackets.nextPublish(raw, WAIT);
            assertThat(RawPackets.payload(third)).isEqualTo("m2");
            assertThat(RawPackets.nextPublish(raw, QUIET)).as("window full again").isNull();
        }
    }

    @Test
    @DisplayName("a QoS 2 message holds its place in the window until PUBCOMP, not PUBREC (section 4.9 send quota)")
    void qos2MessageLeavesTheWindowOnPubcomp() throws Exception {
        String topic = BrokerPorts.uniqueId("rm2") + "/t";
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("rm"),
                true, RawPackets.props(MqttPropertyType.RECEIVE_MAXIMUM, 1))) {
            RawPackets.subscribeAndAwait(raw, 1, topic, 2);
            publish(topic, 2, 2);
            MqttPublishMessage first = RawPackets.nextPublish(raw, WAIT);
            int packetId = first.variableHeader().packetId();
            raw.send(pubrec(packetId));
            assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREL, WAIT))).isEqualTo(packetId);
            assertThat(RawPackets.nextPublish(raw, QUIET)).as("still in flight until PUBCOMP").isNull();
            raw.send(pubcomp(packetId));
            MqttPublishMessage second = RawPackets.nextPublish(raw, WAIT);
            assertThat(second).isNotNull();
            assertThat(RawPackets.payload(second)).isEqualTo("m1");
        }
    }

    @Test
    @DisplayName("messages beyond the window are queued and all delivered, in order, as the client acknowledges")
    void messagesBeyondTheWindowAreQueuedAndDelivered() throws Exception {
        String topic = BrokerPorts.uniqueId("queued") + "/t";
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("rm"),
                true, RawPackets.props(MqttPropertyType.RECEIVE_MAXIMUM, 2))) {
            RawPackets.subscribeAndAwait(raw, 1, topic, 1);
            publish(topic, 1, 20);
            List<String> got = new ArrayList<>();
            MqttPublishMessage m;
            while ((m = RawPackets.nextPublish(raw, WAIT)) != null) {
                assertThat(m.fixedHeader().isDup()).isFalse();
                got.add(RawPackets.payload(m));
                raw.send(RawPackets.puback(m.variableHeader().packetId()));
                if (got.size() == 20) {
                    break;
                }
            }
            assertThat(got).containsExactlyElementsOf(payloads(20));
        }
    }

    @Test
    @DisplayName("a persistent session collects QoS 1 messages while offline and gets them all, in order, on reconnect [MQTT-3.1.2-23, 4.6.0-6]")
    void offlineSessionReceivesQueuedMessagesInOrder() throws Exception {
        String id = BrokerPorts.uniqueId("offline");
        String topic = id + "/t";
        Mqtt5BlockingClient first = broker.v5Blocking(id);
        first.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        first.disconnect();
        SessionWaits.awaitOffline(sessions, id);

        publish(topic, 1, 10);

        Mqtt5BlockingClient again = broker.v5Blocking(id);
        try (Mqtt5BlockingClient.Mqtt5Publishes received = again.publishes(MqttGlobalPublishFilter.ALL)) {
            Mqtt5ConnAck ack = again.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
            assertThat(ack.isSessionPresent()).isTrue();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                got.add(PublishTests.text(received.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()));
            }
            assertThat(got).containsExactlyElementsOf(payloads(10));
        } finally {
            again.disconnectWith().sessionExpiryInterval(0).send();
        }
    }

    @Test
    @DisplayName("an unacknowledged QoS 1 PUBLISH is resent with DUP=1 and the same packet id after reconnect [MQTT-4.4.0-1, 3.3.1-1]")
    void unacknowledgedMessageIsResentWithDupAfterReconnect() throws Exception {
        String id = BrokerPorts.uniqueId("dup");
        String topic = id + "/t";
        int packetId;
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, true,
                RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 300))) {
            RawPackets.subscribeAndAwait(raw, 1, topic, 1);
            publish(topic, 1, 1);
            MqttPublishMessage m = RawPackets.nextPublish(raw, WAIT);
            assertThat(m.fixedHeader().isDup()).isFalse();
            packetId = m.variableHeader().packetId();
        } // closed without acknowledging
        SessionWaits.awaitOffline(sessions, id);

        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5, id, false, 60,
                RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 300))) {
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack.variableHeader().isSessionPresent()).isTrue();
            MqttPublishMessage resent = RawPackets.nextPublish(raw, WAIT);
            assertThat(resent).isNotNull();
            assertThat(resent.fixedHeader().isDup()).isTrue();
            assertThat(resent.variableHeader().packetId()).isEqualTo(packetId);
            assertThat(RawPackets.payload(resent)).isEqualTo("m0");
            raw.send(RawPackets.puback(packetId));
            assertThat(RawPackets.nextPublish(raw, QUIET)).as("acknowledged: not sent again").isNull();
            raw.send(MqttMessageBuilders.disconnect().reasonCode((byte) 0)
                    .properties(RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0)).build());
        }
    }

    @Test
    @DisplayName("a PUBREC'd QoS 2 message gets its PUBREL resent after reconnect, same packet id [MQTT-4.4.0-1]")
    void pubrelIsResentAfterReconnect() throws Exception {
        String id = BrokerPorts.uniqueId("rel");
        String topic = id + "/t";
        int packetId;
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, true,
                RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 300))) {
            RawPackets.subscribeAndAwait(raw, 1, topic, 2);
            publish(topic, 2, 1);
            MqttPublishMessage m = RawPackets.nextPublish(raw, WAIT);
            packetId = m.variableHeader().packetId();
            raw.send(pubrec(packetId));
            assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREL, WAIT))).isEqualTo(packetId);
        } // closed without PUBCOMP
        SessionWaits.awaitOffline(sessions, id);

        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5, id, false, 60,
                RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0))) {
            assertThat(((MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT)).variableHeader()
                    .isSessionPresent()).isTrue();
            assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREL, WAIT))).isEqualTo(packetId);
            raw.send(pubcomp(packetId));
            assertThat(RawPackets.nextPublish(raw, QUIET)).as("the PUBLISH is not sent again").isNull();
        }
    }

    @Test
    @DisplayName("an in-flight message too large for the Maximum Packet Size of the new connection is discarded and frees its slot [MQTT-3.1.2-25]")
    void tooLargeInflightMessageIsDiscardedOnReconnect() throws Exception {
        String id = BrokerPorts.uniqueId("shrink");
        String topic = id + "/t";
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
        pub.connect();
        try {
            try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, true,
                    RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 300))) {
                RawPackets.subscribeAndAwait(raw, 1, topic, 1);
                pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[2_000]).send();
                assertThat(RawPackets.nextPublish(raw, WAIT)).isNotNull();
            } // closed without acknowledging
            SessionWaits.awaitOffline(sessions, id);

            try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, false,
                    RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0,
                            MqttPropertyType.MAXIMUM_PACKET_SIZE, 512, MqttPropertyType.RECEIVE_MAXIMUM, 1))) {
                pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("fits")).send();
                MqttPublishMessage m = RawPackets.nextPublish(raw, WAIT);
                assertThat(m).as("the window of 1 is not held by the discarded message").isNotNull();
                assertThat(RawPackets.payload(m)).isEqualTo("fits");
            }
        } finally {
            pub.disconnect();
        }
    }

    @Test
    @DisplayName("a reconnect with a smaller Receive Maximum gets only as many in-flight messages resent as its new "
            + "window holds; the rest follow, in order, with DUP and their packet ids, as it acknowledges [MQTT-3.3.4-9]")
    void smallerReceiveMaximumOnReconnectBoundsTheResend() throws Exception {
        String id = BrokerPorts.uniqueId("shrinkrm");
        String topic = id + "/t";
        List<Integer> packetIds = new ArrayList<>();
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, true,
                RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 300, MqttPropertyType.RECEIVE_MAXIMUM, 10))) {
            RawPackets.subscribeAndAwait(raw, 1, topic, 1);
            publish(topic, 1, 6);
            for (int i = 0; i < 6; i++) {
                MqttPublishMessage m = RawPackets.nextPublish(raw, WAIT);
                assertThat(m).as("message %d in the window of 10", i).isNotNull();
                packetIds.add(m.variableHeader().packetId());
            }
        } // closed with all 6 unacknowledged
        SessionWaits.awaitOffline(sessions, id);

        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, false,
                RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0, MqttPropertyType.RECEIVE_MAXIMUM, 2))) {
            List<String> got = new ArrayList<>();
            List<Integer> ids = new ArrayList<>();
            MqttPublishMessage a = RawPackets.nextPublish(raw, WAIT);
            MqttPublishMessage b = RawPackets.nextPublish(raw, WAIT);
            assertThat(a).isNotNull();
            assertThat(b).isNotNull();
            assertThat(RawPackets.nextPublish(raw, QUIET)).as("only 2 resent: the new Receive Maximum").isNull();
            java.util.ArrayDeque<MqttPublishMessage> unacked = new java.util.ArrayDeque<>(List.of(a, b));
            while (!unacked.isEmpty()) {
                MqttPublishMessage m = unacked.poll();
                assertThat(m.fixedHeader().isDup()).as("resent %s with DUP", RawPackets.payload(m)).isTrue();
                got.add(RawPackets.payload(m));
                ids.add(m.variableHeader().packetId());
                raw.send(RawPackets.puback(m.variableHeader().packetId()));
                if (got.size() + unacked.size() < 6) {
                    MqttPublishMessage next = RawPackets.nextPublish(raw, WAIT);
                    assertThat(next).as("the next one once a slot is free").isNotNull();
                    unacked.add(next);
                    assertThat(RawPackets.nextPublish(raw, Duration.ofMillis(300)))
                            .as("no third unacknowledged message").isNull();
                }
            }
            assertThat(got).containsExactlyElementsOf(payloads(6));
            assertThat(ids).as("the packet ids of the first delivery").containsExactlyElementsOf(packetIds);
            assertThat(RawPackets.nextPublish(raw, QUIET)).as("nothing more").isNull();
        }
    }

    @Test
    @DisplayName("a QoS 2 message the subscriber never answers with PUBREC holds its window slot, and is resent with "
            + "DUP and the same packet id when the persistent session reconnects [MQTT-4.4.0-1]")
    void qos2MessageWithoutPubrecHoldsItsSlotAndIsResentWithDup() throws Exception {
        String id = BrokerPorts.uniqueId("nopubrec");
        String topic = id + "/t";
        int packetId;
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, true,
                RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 300, MqttPropertyType.RECEIVE_MAXIMUM, 1))) {
            RawPackets.subscribeAndAwait(raw, 1, topic, 2);
            publish(topic, 2, 2);
            MqttPublishMessage first = RawPackets.nextPublish(raw, WAIT);
            assertThat(first).isNotNull();
            assertThat(first.fixedHeader().qosLevel()).isEqualTo(MqttQoS.EXACTLY_ONCE);
            assertThat(first.fixedHeader().isDup()).isFalse();
            packetId = first.variableHeader().packetId();
            assertThat(RawPackets.nextPublish(raw, Duration.ofSeconds(2))).as("no PUBREC: the slot stays taken")
                    .isNull();
        } // closed without PUBREC
        SessionWaits.awaitOffline(sessions, id);

        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, id, false,
                RawPackets.props(MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0, MqttPropertyType.RECEIVE_MAXIMUM, 1))) {
            MqttPublishMessage resent = RawPackets.nextPublish(raw, WAIT);
            assertThat(resent).as("resent on reconnect").isNotNull();
            assertThat(resent.fixedHeader().isDup()).isTrue();
            assertThat(resent.fixedHeader().qosLevel()).isEqualTo(MqttQoS.EXACTLY_ONCE);
            assertThat(resent.variableHeader().packetId()).isEqualTo(packetId);
            assertThat(RawPackets.payload(resent)).isEqualTo("m0");
            assertThat(RawPackets.nextPublish(raw, QUIET)).as("still the only one in flight").isNull();
            raw.send(pubrec(packetId));
            assertThat(RawPackets.replyPacketId(raw.receive(MqttMessageType.PUBREL, WAIT))).isEqualTo(packetId);
            raw.send(pubcomp(packetId));
            MqttPublishMessage second = RawPackets.nextPublish(raw, WAIT);
            assertThat(second).as("the queued message once the flow completed").isNotNull();
            assertThat(RawPackets.payload(second)).isEqualTo("m1");
            assertThat(second.fixedHeader().isDup()).isFalse();
        }
    }

    private static MqttMessage pubrec(int packetId) {
        return reply(MqttMessageType.PUBREC, packetId);
    }

    private static MqttMessage pubcomp(int packetId) {
        return reply(MqttMessageType.PUBCOMP, packetId);
    }

    private static MqttMessage reply(MqttMessageType type, int packetId) {
        return new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, (byte) 0, MqttProperties.NO_PROPERTIES));
    }

    @Test
    @DisplayName("QoS 0 messages are not queued for an offline session (section 3.1.2.4 lets a server keep them; Kin does not)")
    void qos0IsNotQueuedForOfflineSession() throws Exception {
        String id = BrokerPorts.uniqueId("q0off");
        String topic = id + "/t";
        Mqtt5BlockingClient first = broker.v5Blocking(id);
        first.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        first.disconnect();
        SessionWaits.awaitOffline(sessions, id);

        long droppedBefore = stats.dropped(DropReason.QOS0_OFFLINE);
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
        pub.connect();
        pub.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(bytes("qos0")).send();
        pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("qos1")).send();
        pub.disconnect();
        assertThat(stats.dropped(DropReason.QOS0_OFFLINE) - droppedBefore).isGreaterThanOrEqualTo(1);

        Mqtt5BlockingClient again = broker.v5Blocking(id);
        try (Mqtt5BlockingClient.Mqtt5Publishes received = again.publishes(MqttGlobalPublishFilter.ALL)) {
            again.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
            assertThat(PublishTests.text(received.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()))
                    .isEqualTo("qos1");
            assertThat(received.receive(PublishTests.QUIET_MS, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            again.disconnectWith().sessionExpiryInterval(0).send();
        }
    }

    void publish(String topic, int qos, int count) {
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
        pub.connect();
        try {
            for (String p : payloads(count)) {
                pub.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).payload(bytes(p)).send();
            }
        } finally {
            pub.disconnect();
        }
    }

    static List<String> payloads(int count) {
        return IntStream.range(0, count).mapToObj(i -> "m" + i).toList();
    }
}
