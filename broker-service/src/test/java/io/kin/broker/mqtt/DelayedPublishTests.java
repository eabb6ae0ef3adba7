package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static io.kin.broker.mqtt.PublishTests.bytes;
import static io.kin.broker.mqtt.RawPackets.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/** Delayed publish (a Kin extension, as in EMQX): {@code $delayed/{seconds}/{topic}}. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class DelayedPublishTests {

    @Inject
    BrokerPorts broker;

    @Inject
    io.kin.broker.config.BrokerConfig config;

    @Test
    @DisplayName("$delayed/2/some/topic reaches some/topic subscribers after 2 s, not before")
    void delayedMessageArrivesAfterTheDelay() throws Exception {
        String topic = BrokerPorts.uniqueId("later") + "/some/topic";
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
        sub.connect();
        pub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            long sentAt = System.nanoTime();
            pub.publishWith().topic("$delayed/2/" + topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("late")).send();

            assertThat(received.receive(1, TimeUnit.SECONDS)).as("not before the delay").isEmpty();
            Mqtt5Publish m = received.receive(10, TimeUnit.SECONDS).orElseThrow();
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
            assertThat(m.getTopic().toString()).isEqualTo(topic);
            assertThat(PublishTests.text(m.getPayloadAsBytes())).isEqualTo("late");
            assertThat(waitedMs).as("delivered no earlier than the delay").isGreaterThanOrEqualTo(1_900);
        } finally {
            sub.disconnect();
            pub.disconnect();
        }
    }

    @Test
    @DisplayName("a delay above kin.mqtt.max-delay-seconds gets PUBACK 0x90 (topic name invalid) and is never delivered; "
            + "the next message to the same topic goes through")
    void delayAboveTheMaximumIsRefused() throws Exception {
        String topic = BrokerPorts.uniqueId("toolate") + "/t";
        long tooLong = config.mqtt().maxDelaySeconds() + 1;
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL);
             RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                     true, null)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            raw.send(RawPackets.publish("$delayed/" + tooLong + "/" + topic, 1, 1, "refused"));
            assertThat(RawPackets.replyReason(raw.receive(MqttMessageType.PUBACK, WAIT))).isEqualTo(0x90);
            raw.send(RawPackets.publish(topic, 1, 2, "direct"));
            assertThat(RawPackets.replyReason(raw.receive(MqttMessageType.PUBACK, WAIT))).isZero();
            Mqtt5Publish m = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(PublishTests.text(m.getPayloadAsBytes())).as("only the direct message").isEqualTo("direct");
            assertThat(received.receive(PublishTests.QUIET_MS, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            sub.disconnect();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"$delayed/x/t", "$delayed/5", "$delayed/5/", "$delayed//t"})
    @DisplayName("a malformed $delayed topic gets PUBACK 0x90 (topic name invalid)")
    void malformedDelayedTopicIsRefused(String topic) throws Exception {
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("raw"),
                true, null)) {
            raw.send(RawPackets.publish(topic, 1, 1, "x"));
            assertThat(RawPackets.replyReason(raw.receive(MqttMessageType.PUBACK, WAIT))).isEqualTo(0x90);
        }
    }
}
