package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import io.kin.broker.session.SessionRegistry;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.kin.broker.mqtt.PublishTests.bytes;
import static io.kin.broker.mqtt.RawPackets.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared subscriptions (MQTT 5 section 4.8.2): one member per message, round-robin balance, the {@code $queue/}
 * shorthand, coexistence with plain subscriptions, redelivery when a member leaves, and no retained messages.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class SharedSubscriptionTests {

    @Inject
    BrokerPorts broker;

    @Inject
    SessionRegistry sessions;

    @Test
    @DisplayName("$share/g/topic with 3 members: each message to exactly one member, round robin (section 4.8.2)")
    void eachMessageGoesToOneMemberInTurn() throws Exception {
        String topic = BrokerPorts.uniqueId("rr") + "/jobs";
        List<SubscriptionTests.Receiver> members = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SubscriptionTests.Receiver m = new SubscriptionTests.Receiver(broker);
                m.client.subscribeWith().topicFilter("$share/g/" + topic).qos(MqttQos.AT_LEAST_ONCE).send();
                members.add(m);
            }
            publish(topic, 30);
            List<List<String>> got = new ArrayList<>();
            for (SubscriptionTests.Receiver m : members) {
                got.add(m.drainPayloads());
            }
            assertEachExactlyOnce(got, 30);
            for (List<String> one : got) {
                assertThat(one.size()).as("round robin share of %s", got).isBetween(9, 11);
            }
        } finally {
            members.forEach(SubscriptionTests.Receiver::close);
        }
    }

    @Test
    @DisplayName("$queue/topic is a shared subscription: each message to one member")
    void queuePrefixIsASharedSubscription() throws Exception {
        String topic = BrokerPorts.uniqueId("queue") + "/jobs";
        try (SubscriptionTests.Receiver a = new SubscriptionTests.Receiver(broker);
             SubscriptionTests.Receiver b = new SubscriptionTests.Receiver(broker)) {
            a.client.subscribeWith().topicFilter("$queue/" + topic).qos(MqttQos.AT_LEAST_ONCE).send();
            b.client.subscribeWith().topicFilter("$queue/" + topic).qos(MqttQos.AT_LEAST_ONCE).send();
            publish(topic, 10);
            List<String> gotA = a.drainPayloads();
            List<String> gotB = b.drainPayloads();
            assertEachExactlyOnce(List.of(gotA, gotB), 10);
            assertThat(gotA).isNotEmpty();
            assertThat(gotB).isNotEmpty();
        }
    }

    @Test
    @DisplayName("a shared group and a plain subscription on the same topic both get every message")
    void sharedAndPlainSubscriptionsBothReceive() throws Exception {
        String topic = BrokerPorts.uniqueId("mix") + "/t";
        try (SubscriptionTests.Receiver a = new SubscriptionTests.Receiver(broker);
             SubscriptionTests.Receiver b = new SubscriptionTests.Receiver(broker);
             SubscriptionTests.Receiver plain = new SubscriptionTests.Receiver(broker)) {
            a.client.subscribeWith().topicFilter("$share/grp/" + topic).qos(MqttQos.AT_LEAST_ONCE).send();
            b.client.subscribeWith().topicFilter("$share/grp/" + topic).qos(MqttQos.AT_LEAST_ONCE).send();
            plain.client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            publish(topic, 6);
            assertThat(plain.drainPayloads()).containsExactlyElementsOf(payloads(6));
            assertEachExactlyOnce(List.of(a.drainPayloads(), b.drainPayloads()), 6);
        }
    }

    @Test
    @DisplayName("QoS 1 messages a leaving member did not acknowledge go to another member when it leaves (section 4.8.2, SHOULD)")
    void unacknowledgedMessagesOfALeavingMemberAreRedispatched() throws Exception {
        String topic = BrokerPorts.uniqueId("leave") + "/jobs";
        String filter = "$share/workers/" + topic;
        try (SubscriptionTests.Receiver stays = new SubscriptionTests.Receiver(broker)) {
            List<String> seenByLeaver = new ArrayList<>();
            try (RawMqttClient leaver = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5,
                    BrokerPorts.uniqueId("leaver"), true, null)) {
                assertThat(RawPackets.subscribeAndAwait(leaver, 1, filter, 1)).containsExactly(1);
                stays.client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
                publish(topic, 6);
                MqttPublishMessage m;
                while ((m = RawPackets.nextPublish(leaver, Duration.ofMillis(PublishTests.QUIET_MS))) != null) {
                    seenByLeaver.add(RawPackets.payload(m)); // never acknowledged
                }
            } // the socket closes without DISCONNECT
            assertThat(seenByLeaver).as("the leaving member had some").isNotEmpty();

            Set<String> got = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (got.size() < 6 && System.nanoTime() < deadline) {
                stays.received.receive(500, TimeUnit.MILLISECONDS)
                        .ifPresent(p -> got.add(PublishTests.text(p.getPayloadAsBytes())));
            }
            assertThat(got).as("nothing lost").containsExactlyInAnyOrderElementsOf(payloads(6));
        }
    }

    @Test
    @DisplayName("QoS 2: the messages a leaving member never answered with PUBREC go to another member; the one it "
            + "PUBREC'd does not (that member has it), so each message is delivered exactly once")
    void unacknowledgedQos2MessagesOfALeavingMemberAreRedispatched() throws Exception {
        String topic = BrokerPorts.uniqueId("leave2") + "/jobs";
        String filter = "$share/workers2/" + topic;
        try (SubscriptionTests.Receiver stays = new SubscriptionTests.Receiver(broker)) {
            List<String> unanswered = new ArrayList<>();
            String pubrecd;
            try (RawMqttClient leaver = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5,
                    BrokerPorts.uniqueId("leaver2"), true, null)) {
                assertThat(RawPackets.subscribeAndAwait(leaver, 1, filter, 2)).containsExactly(2);
                stays.client.subscribeWith().topicFilter(filter).qos(MqttQos.EXACTLY_ONCE).send();
                publish(topic, 6, MqttQos.EXACTLY_ONCE);
                MqttPublishMessage first = RawPackets.nextPublish(leaver, WAIT);
                assertThat(first).as("the leaving member gets its share").isNotNull();
                assertThat(first.fixedHeader().qosLevel().value()).isEqualTo(2);
                MqttPublishMessage m;
                while ((m = RawPackets.nextPublish(leaver, Duration.ofMillis(PublishTests.QUIET_MS))) != null) {
                    unanswered.add(RawPackets.payload(m)); // never PUBREC'd
                }
                // only the first is answered, once all of its share is here (waiting for PUBREL skips PUBLISHes)
                pubrecd = RawPackets.payload(first);
                leaver.send(RawPackets.pubrec(first.variableHeader().packetId()));
                assertThat(RawPackets.replyPacketId(leaver.receive(MqttMessageType.PUBREL, WAIT)))
                        .isEqualTo(first.variableHeader().packetId());
            } // the socket closes without DISCONNECT; its clean session ends
            assertThat(unanswered).as("the leaving member left some unanswered").isNotEmpty();

            List<String> expected = new ArrayList<>(payloads(6));
            expected.remove(pubrecd);
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (got.size() < expected.size() && System.nanoTime() < deadline) {
                stays.received.receive(500, TimeUnit.MILLISECONDS)
                        .ifPresent(p -> got.add(PublishTests.text(p.getPayloadAsBytes())));
            }
            got.addAll(stays.drainPayloads()); // anything extra would be a duplicate
            assertThat(got).as("all but the PUBREC'd %s, once each", pubrecd)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(got).containsAll(unanswered);
        }
    }

    @Test
    @DisplayName("$queue/{filter} is a shared group of its own, named $queue: it does not share its messages with "
            + "$share/queue/{filter}, each group gets every message")
    void queueGroupIsNotTheShareGroupNamedQueue() throws Exception {
        String topic = BrokerPorts.uniqueId("queue2") + "/jobs";
        try (SubscriptionTests.Receiver viaQueue = new SubscriptionTests.Receiver(broker);
             SubscriptionTests.Receiver viaShare = new SubscriptionTests.Receiver(broker)) {
            viaQueue.client.subscribeWith().topicFilter("$queue/" + topic).qos(MqttQos.AT_LEAST_ONCE).send();
            viaShare.client.subscribeWith().topicFilter("$share/queue/" + topic).qos(MqttQos.AT_LEAST_ONCE).send();
            publish(topic, 4);
            assertThat(viaQueue.drainPayloads()).containsExactlyElementsOf(payloads(4));
            assertThat(viaShare.drainPayloads()).containsExactlyElementsOf(payloads(4));
        }
    }

    @Test
    @DisplayName("while a member's persistent session is offline, the online members get the messages")
    void onlineMembersArePreferredOverOfflineSessions() throws Exception {
        String topic = BrokerPorts.uniqueId("offmember") + "/jobs";
        String filter = "$share/g/" + topic;
        String offlineId = BrokerPorts.uniqueId("offline");
        Mqtt5BlockingClient offline = broker.v5Blocking(offlineId);
        offline.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        offline.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        offline.disconnect();
        SessionWaits.awaitOffline(sessions, offlineId);
        try (SubscriptionTests.Receiver online = new SubscriptionTests.Receiver(broker)) {
            online.client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
            publish(topic, 6);
            assertThat(online.drainPayloads()).containsExactlyElementsOf(payloads(6));
            assertThat(sessions.get(offlineId).queuedCount()).isZero();
        } finally {
            sessions.discard(offlineId);
        }
    }

    @Test
    @DisplayName("a shared subscription gets no retained messages on subscribe (section 4.8.2)")
    void sharedSubscriptionGetsNoRetainedMessages() throws Exception {
        String topic = BrokerPorts.uniqueId("shret") + "/state";
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
        pub.connect();
        try (SubscriptionTests.Receiver member = new SubscriptionTests.Receiver(broker)) {
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(bytes("retained")).send();
            member.client.subscribeWith().topicFilter("$share/g/" + topic).qos(MqttQos.AT_LEAST_ONCE)
                    .retainHandling(Mqtt5RetainHandling.SEND).send();
            assertThat(member.drainPayloads()).isEmpty();
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("live")).send();
            assertThat(member.drainPayloads()).containsExactly("live");
        } finally {
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).send();
            pub.disconnect();
        }
    }

    @Test
    @DisplayName("no local on a shared subscription is a protocol error: DISCONNECT 0x82 [MQTT-3.8.3-4]")
    void noLocalOnSharedSubscriptionIsAProtocolError() throws Exception {
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                true, null)) {
            raw.send(RawPackets.subscribe(1, null, "$share/g/" + BrokerPorts.uniqueId("nl"),
                    new MqttSubscriptionOption(MqttQoS.AT_LEAST_ONCE, true, false,
                            MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE)));
            assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT))).isEqualTo(0x82);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    private void publish(String topic, int count) {
        publish(topic, count, MqttQos.AT_LEAST_ONCE);
    }

    private void publish(String topic, int count, MqttQos qos) {
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
        pub.connect();
        try {
            for (String p : payloads(count)) {
                pub.publishWith().topic(topic).qos(qos).payload(bytes(p)).send();
            }
        } finally {
            pub.disconnect();
        }
    }

    private static List<String> payloads(int count) {
        return IntStream.range(0, count).mapToObj(i -> "m" + i).toList();
    }

    /** Every message arrived, and at one member only. */
    private static void assertEachExactlyOnce(List<List<String>> perMember, int count) {
        List<String> all = new ArrayList<>();
        perMember.forEach(all::addAll);
        assertThat(all).as("per member %s", perMember).containsExactlyInAnyOrderElementsOf(payloads(count));
    }
}
