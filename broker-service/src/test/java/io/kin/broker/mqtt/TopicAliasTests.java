package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static io.kin.broker.mqtt.PublishTests.bytes;
import static io.kin.broker.mqtt.RawPackets.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topic aliases (MQTT 5 section 3.3.2.3.4) in both directions: a publisher's aliases resolved by the broker, and
 * the broker's own aliases towards a subscriber that allows them. The broker's Topic Alias Maximum is 64.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class TopicAliasTests {

    @Inject
    BrokerPorts broker;

    @ParameterizedTest(name = "alias {0}")
    @ValueSource(ints = {1, 64})
    @DisplayName("a PUBLISH with an empty topic and a known alias goes to the aliased topic; 1..64 accepted [MQTT-3.3.2-12]")
    void inboundAliasIsResolved(int alias) throws Exception {
        String topic = BrokerPorts.uniqueId("alias") + "/t";
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL);
             RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                     true, null)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            raw.send(RawPackets.publish(topic, 1, false, 1, RawPackets.props(MqttPropertyType.TOPIC_ALIAS, alias),
                    bytes("with topic")));
            assertThat(RawPackets.replyReason(raw.receive(MqttMessageType.PUBACK, WAIT))).isEqualTo(0x00);
            raw.send(RawPackets.publish("", 1, false, 2, RawPackets.props(MqttPropertyType.TOPIC_ALIAS, alias),
                    bytes("alias only")));
            assertThat(RawPackets.replyReason(raw.receive(MqttMessageType.PUBACK, WAIT))).isEqualTo(0x00);

            for (String expected : new String[]{"with topic", "alias only"}) {
                Mqtt5Publish m = received.receive(5, TimeUnit.SECONDS).orElseThrow();
                assertThat(m.getTopic().toString()).isEqualTo(topic);
                assertThat(PublishTests.text(m.getPayloadAsBytes())).isEqualTo(expected);
            }
        } finally {
            sub.disconnect();
        }
    }

    @ParameterizedTest(name = "alias {0}")
    @ValueSource(ints = {0, 65})
    @DisplayName("alias 0 or above the broker's Topic Alias Maximum: DISCONNECT 0x94 [MQTT-3.3.2-8, 3.3.2-9]")
    void aliasOutOfRangeDisconnects(int alias) throws Exception {
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                true, null)) {
            raw.send(RawPackets.publish(BrokerPorts.uniqueId("alias") + "/t", 0, false, 0,
                    RawPackets.props(MqttPropertyType.TOPIC_ALIAS, alias), bytes("x")));
            assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT))).isEqualTo(0x94);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("an empty topic with an alias never set is a protocol error: DISCONNECT 0x82")
    void emptyTopicWithUnknownAliasDisconnects() throws Exception {
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                true, null)) {
            raw.send(RawPackets.publish("", 1, false, 1, RawPackets.props(MqttPropertyType.TOPIC_ALIAS, 7),
                    bytes("x")));
            assertThat(RawPackets.disconnectReason(raw.receive(MqttMessageType.DISCONNECT, WAIT))).isEqualTo(0x82);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("an alias is used alone only after the client was sent it with the topic: a discarded too-large PUBLISH does not count [MQTT-3.1.2-25, 3.3.2-12]")
    void aliasIsNotUsedBeforeTheClientLearnedIt() throws Exception {
        String topic = BrokerPorts.uniqueId("bigalias") + "/t";
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                true, RawPackets.props(MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 5,
                        MqttPropertyType.MAXIMUM_PACKET_SIZE, 256))) {
            RawPackets.subscribeAndAwait(raw, 1, topic, 0);
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            pub.publishWith().topic(topic).payload(new byte[1_000]).send(); // larger than the client accepts
            pub.publishWith().topic(topic).payload(bytes("small")).send();
            pub.disconnect();

            MqttPublishMessage m = RawPackets.nextPublish(raw, WAIT);
            assertThat(RawPackets.payload(m)).isEqualTo("small");
            assertThat(m.variableHeader().topicName()).as("the client never saw this alias: topic needed")
                    .isEqualTo(topic);
        }
    }

    @Test
    @DisplayName("towards a subscriber with Topic Alias Maximum 5 the second PUBLISH on a topic uses the alias alone, within its maximum [MQTT-3.3.2-11]")
    void outboundAliasReplacesTheTopicOnRepeat() throws Exception {
        String topic = BrokerPorts.uniqueId("outalias") + "/a/rather/long/topic/name";
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                true, RawPackets.props(MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 5))) {
            RawPackets.subscribeAndAwait(raw, 1, topic, 0);
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            pub.publishWith().topic(topic).payload(bytes("1")).send();
            pub.publishWith().topic(topic).payload(bytes("2")).send();
            pub.disconnect();

            MqttPublishMessage first = RawPackets.nextPublish(raw, WAIT);
            assertThat(first.variableHeader().topicName()).isEqualTo(topic);
            Integer alias = RawPackets.intProperty(first, MqttPropertyType.TOPIC_ALIAS);
            assertThat(alias).isNotNull().isBetween(1, 5);

            MqttPublishMessage second = RawPackets.nextPublish(raw, WAIT);
            assertThat(second.variableHeader().topicName()).isEmpty();
            assertThat(RawPackets.intProperty(second, MqttPropertyType.TOPIC_ALIAS)).isEqualTo(alias);
            assertThat(RawPackets.payload(second)).isEqualTo("2");
        }
    }
}
