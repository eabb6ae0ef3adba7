package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAck;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAckReasonCode;
import io.kin.broker.message.Message;
import io.kin.broker.message.MessageIds;
import io.kin.broker.message.MessageProperties;
import io.kin.broker.routing.MessageDispatcher;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.kin.broker.mqtt.PublishTests.QUIET_MS;
import static io.kin.broker.mqtt.PublishTests.bytes;
import static io.kin.broker.mqtt.RawPackets.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SUBSCRIBE and UNSUBSCRIBE (MQTT 3.8-3.11, 4.7): filter validation, wildcard matching, overlapping subscriptions,
 * subscription identifiers and options, granted QoS.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class SubscriptionTests {

    private static final List<String> INVALID_FILTERS = List.of("a/#/b", "a+", "$share/g", "$share//x", "");

    @Inject
    BrokerPorts broker;

    @Inject
    MessageDispatcher dispatcher;

    @Test
    @DisplayName("MQTT 5: invalid filters get SUBACK 0x8F, valid ones in the same SUBSCRIBE are granted [MQTT-3.8.4-6, 4.7.1]")
    void invalidFiltersAreRefusedOneByOneOnMqtt5() throws Exception {
        String valid = BrokerPorts.uniqueId("ok") + "/+";
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                true, null)) {
            raw.send(subscribeAll(valid));
            List<Integer> codes = RawPackets.subAckCodes(raw.receive(MqttMessageType.SUBACK, WAIT));
            assertThat(codes).containsExactly(1, 0x8F, 0x8F, 0x8F, 0x8F, 0x8F);
            assertThat(raw.awaitClosed(java.time.Duration.ofMillis(300))).as("connection stays open").isFalse();
        }
    }

    @Test
    @DisplayName("MQTT 3.1.1: invalid filters get SUBACK 0x80, valid ones in the same SUBSCRIBE are granted")
    void invalidFiltersAreRefusedOneByOneOnMqtt311() throws Exception {
        String valid = BrokerPorts.uniqueId("ok") + "/#";
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_3_1_1,
                BrokerPorts.uniqueId("raw"), true, null)) {
            raw.send(subscribeAll(valid));
            List<Integer> codes = RawPackets.subAckCodes(raw.receive(MqttMessageType.SUBACK, WAIT));
            assertThat(codes).containsExactly(1, 0x80, 0x80, 0x80, 0x80, 0x80);
        }
    }

    private static io.netty.handler.codec.mqtt.MqttSubscribeMessage subscribeAll(String valid) {
        var builder = MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, valid);
        for (String f : INVALID_FILTERS) {
            builder.addSubscription(MqttQoS.AT_LEAST_ONCE, f);
        }
        return builder.build();
    }

    @Test
    @DisplayName("'+' matches exactly one level, '#' any number including the parent [MQTT-4.7.1-2, 4.7.1-3]")
    void singleAndMultiLevelWildcardsMatch() throws Exception {
        String base = BrokerPorts.uniqueId("wc");
        try (Receiver plus = new Receiver(broker); Receiver hash = new Receiver(broker)) {
            plus.client.subscribeWith().topicFilter(base + "/+/c").qos(MqttQos.AT_LEAST_ONCE).send();
            hash.client.subscribeWith().topicFilter(base + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = connectedPublisher();
            for (String t : List.of(base + "/b/c", base + "/b/d", base, base + "/b/c/d", base + "//c")) {
                pub.publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(t)).send();
            }
            pub.disconnect();
            assertThat(plus.drainTopics()).containsExactly(base + "/b/c", base + "//c");
            assertThat(hash.drainTopics()).containsExactly(base + "/b/c", base + "/b/d", base, base + "/b/c/d",
                    base + "//c");
        }
    }

    @Test
    @DisplayName("topics starting with $ are not matched by filters starting with a wildcard [MQTT-4.7.2-1]")
    void sysTopicsAreNotMatchedByLeadingWildcards() throws Exception {
        String level = BrokerPorts.uniqueId("x");
        String sysTopic = "$SYS/" + level;
        try (Receiver wildcards = new Receiver(broker); Receiver explicit = new Receiver(broker)) {
            wildcards.client.subscribeWith().topicFilter("#").qos(MqttQos.AT_MOST_ONCE).send();
            wildcards.client.subscribeWith().topicFilter("+/" + level).qos(MqttQos.AT_MOST_ONCE).send();
            explicit.client.subscribeWith().topicFilter("$SYS/#").qos(MqttQos.AT_MOST_ONCE).send();

            long now = System.currentTimeMillis();
            dispatcher.publish(new Message(MessageIds.next(), sysTopic, bytes("42"), 0, false,
                    MessageProperties.NONE, null, null, now, 0));

            assertThat(explicit.drainTopics()).contains(sysTopic);
            assertThat(wildcards.drainTopics()).noneMatch(t -> t.startsWith("$"));
        }
    }

    @Test
    @DisplayName("overlapping subscriptions: one copy at the highest QoS with every subscription identifier [MQTT-3.3.4-2, 3.3.4-3, 3.3.4-5]")
    void overlappingSubscriptionsDeliverOneCopy() throws Exception {
        String base = BrokerPorts.uniqueId("overlap");
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                true, null)) {
            raw.send(RawPackets.subscribe(1, RawPackets.props(MqttPropertyType.SUBSCRIPTION_IDENTIFIER, 11),
                    base + "/a/+", RawPackets.qos(1)));
            assertThat(RawPackets.subAckCodes(raw.receive(MqttMessageType.SUBACK, WAIT))).containsExactly(1);
            raw.send(RawPackets.subscribe(2, RawPackets.props(MqttPropertyType.SUBSCRIPTION_IDENTIFIER, 22),
                    base + "/#", RawPackets.qos(2)));
            assertThat(RawPackets.subAckCodes(raw.receive(MqttMessageType.SUBACK, WAIT))).containsExactly(2);

            Mqtt5BlockingClient pub = connectedPublisher();
            pub.publishWith().topic(base + "/a/b").qos(MqttQos.EXACTLY_ONCE).payload(bytes("x")).send();
            pub.disconnect();

            MqttPublishMessage m = RawPackets.nextPublish(raw, WAIT);
            assertThat(m).isNotNull();
            assertThat(m.fixedHeader().qosLevel()).isEqualTo(MqttQoS.EXACTLY_ONCE);
            assertThat(RawPackets.subscriptionIds(m)).containsExactlyInAnyOrder(11, 22);
            assertThat(RawPackets.nextPublish(raw, java.time.Duration.ofMillis(QUIET_MS))).as("one copy").isNull();
        }
    }

    @Test
    @DisplayName("a message carries the subscription identifier of the matching subscription, none without one [MQTT-3.3.4-3]")
    void subscriptionIdentifierIsSentWithMatchingMessages() throws Exception {
        String base = BrokerPorts.uniqueId("subid");
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                true, null)) {
            raw.send(RawPackets.subscribe(1, RawPackets.props(MqttPropertyType.SUBSCRIPTION_IDENTIFIER, 268_435_455),
                    base + "/with", RawPackets.qos(0)));
            raw.receive(MqttMessageType.SUBACK, WAIT);
            RawPackets.subscribeAndAwait(raw, 2, base + "/without", 0);

            Mqtt5BlockingClient pub = connectedPublisher();
            pub.publishWith().topic(base + "/with").payload(bytes("1")).send();
            pub.publishWith().topic(base + "/without").payload(bytes("2")).send();
            pub.disconnect();

            MqttPublishMessage with = RawPackets.nextPublish(raw, WAIT);
            assertThat(with.variableHeader().topicName()).isEqualTo(base + "/with");
            assertThat(RawPackets.subscriptionIds(with)).containsExactly(268_435_455);
            MqttPublishMessage without = RawPackets.nextPublish(raw, WAIT);
            assertThat(without.variableHeader().topicName()).isEqualTo(base + "/without");
            assertThat(RawPackets.subscriptionIds(without)).isEmpty();
        }
    }

    @Test
    @DisplayName("no local: a client does not get its own messages, but gets others' [MQTT-3.8.3-3]")
    void noLocalSuppressesOwnMessages() throws Exception {
        String topic = BrokerPorts.uniqueId("nolocal") + "/t";
        try (Receiver self = new Receiver(broker)) {
            self.client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send();
            self.client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("mine")).send();
            Mqtt5BlockingClient other = connectedPublisher();
            other.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("theirs")).send();
            other.disconnect();
            assertThat(self.drainPayloads()).containsExactly("theirs");
        }
    }

    @Test
    @DisplayName("the granted QoS is the requested one and caps what is delivered [MQTT-3.9.3, 3.8.4-8]")
    void grantedQosIsHonoured() throws Exception {
        String base = BrokerPorts.uniqueId("granted");
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                true, null)) {
            for (int q = 0; q <= 2; q++) {
                assertThat(RawPackets.subscribeAndAwait(raw, q + 1, base + "/" + q, q)).containsExactly(q);
            }
            Mqtt5BlockingClient pub = connectedPublisher();
            for (int q = 0; q <= 2; q++) {
                pub.publishWith().topic(base + "/" + q).qos(MqttQos.EXACTLY_ONCE).payload(bytes("x")).send();
            }
            pub.disconnect();
            for (int q = 0; q <= 2; q++) {
                MqttPublishMessage m = RawPackets.nextPublish(raw, WAIT);
                assertThat(m.variableHeader().topicName()).isEqualTo(base + "/" + q);
                assertThat(m.fixedHeader().qosLevel().value()).isEqualTo(q);
            }
        }
    }

    @Test
    @DisplayName("UNSUBSCRIBE: 0x00 for an existing subscription, 0x11 for none; nothing delivered afterwards [MQTT-3.10.4-1, 3.11.3]")
    void unsubscribeReportsPerFilter() throws Exception {
        String topic = BrokerPorts.uniqueId("unsub") + "/t";
        try (Receiver sub = new Receiver(broker)) {
            sub.client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5UnsubAck ack = sub.client.unsubscribeWith().addTopicFilter(topic)
                    .addTopicFilter(topic + "/never-subscribed").send();
            assertThat(ack.getReasonCodes()).containsExactly(Mqtt5UnsubAckReasonCode.SUCCESS,
                    Mqtt5UnsubAckReasonCode.NO_SUBSCRIPTIONS_EXISTED);

            Mqtt5BlockingClient pub = connectedPublisher();
            Mqtt5PublishResult r = pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("x")).send();
            pub.disconnect();
            assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) r).getPubAck().getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
            assertThat(sub.drainPayloads()).isEmpty();
        }
    }

    @Test
    @DisplayName("subscribing again to the same filter replaces the subscription and its options [MQTT-3.8.4-3]")
    void resubscribeReplacesOptions() throws Exception {
        String topic = BrokerPorts.uniqueId("resub") + "/t";
        try (Receiver sub = new Receiver(broker)) {
            sub.client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_MOST_ONCE).send();
            sub.client.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
            Mqtt5BlockingClient pub = connectedPublisher();
            pub.publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE).payload(bytes("x")).send();
            pub.disconnect();
            Mqtt5Publish m = sub.received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(m.getQos()).as("the new options apply").isEqualTo(MqttQos.EXACTLY_ONCE);
            assertThat(sub.drainPayloads()).as("one subscription, one copy").isEmpty();

            Mqtt5UnsubAck ack = sub.client.unsubscribeWith().topicFilter(topic).send();
            assertThat(ack.getReasonCodes()).containsExactly(Mqtt5UnsubAckReasonCode.SUCCESS);
        }
    }

    private Mqtt5BlockingClient connectedPublisher() {
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
        pub.connect();
        return pub;
    }

    /** A connected MQTT 5 client collecting what it receives. */
    static final class Receiver implements AutoCloseable {

        final Mqtt5BlockingClient client;
        final Mqtt5BlockingClient.Mqtt5Publishes received;

        Receiver(BrokerPorts broker) {
            client = broker.v5Blocking(BrokerPorts.uniqueId("recv"));
            client.connect();
            received = client.publishes(MqttGlobalPublishFilter.ALL);
        }

        List<Mqtt5Publish> drain() throws InterruptedException {
            List<Mqtt5Publish> all = new ArrayList<>();
            Optional<Mqtt5Publish> m;
            while ((m = received.receive(QUIET_MS, TimeUnit.MILLISECONDS)).isPresent()) {
                all.add(m.get());
            }
            return all;
        }

        List<String> drainTopics() throws InterruptedException {
            return drain().stream().map(m -> m.getTopic().toString()).toList();
        }

        List<String> drainPayloads() throws InterruptedException {
            return drain().stream().map(m -> PublishTests.text(m.getPayloadAsBytes())).toList();
        }

        @Override
        public void close() {
            received.close();
            client.disconnect();
        }
    }
}
