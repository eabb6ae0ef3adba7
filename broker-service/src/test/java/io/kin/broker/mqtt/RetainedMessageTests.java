package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.kin.broker.mqtt.PublishTests.QUIET_MS;
import static io.kin.broker.mqtt.PublishTests.bytes;
import static io.kin.broker.mqtt.PublishTests.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retained messages (MQTT 3.3.1.3): storing, replacing, deleting, retain handling and retain-as-published
 * (subscription options, 3.8.3.1), wildcard matches and message expiry.
 *
 * <p>Each test retains under its own topic prefix and deletes what it retained afterwards.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class RetainedMessageTests {

    @Inject
    BrokerPorts broker;

    private Mqtt5BlockingClient publisher;
    private final List<String> retainedTopics = new ArrayList<>();

    @BeforeEach
    void connectPublisher() {
        publisher = broker.v5Blocking(BrokerPorts.uniqueId("retainer"));
        publisher.connect();
    }

    @AfterEach
    void deleteRetained() {
        for (String topic : retainedTopics) {
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).send();
        }
        publisher.disconnect();
    }

    private void retain(String topic, String payload) {
        retainedTopics.add(topic);
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(bytes(payload)).send();
    }

    @Test
    @DisplayName("a retained message is delivered to a later subscriber with the retain flag set [MQTT-3.3.1-5, 3.3.1-8]")
    void retainedMessageReachesLaterSubscriberWithRetainFlag() throws Exception {
        String topic = BrokerPorts.uniqueId("ret") + "/state";
        retain(topic, "on");
        Mqtt3BlockingClient sub = broker.v3Blocking(BrokerPorts.uniqueId("sub3"));
        sub.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt3Publish m = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(text(m.getPayloadAsBytes())).isEqualTo("on");
            assertThat(m.isRetain()).isTrue();
            assertThat(m.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        } finally {
            sub.disconnect();
        }
    }

    @Test
    @DisplayName("a newer retained message replaces the older one [MQTT-3.3.1-5]")
    void newerRetainedMessageReplacesOlder() throws Exception {
        String topic = BrokerPorts.uniqueId("ret") + "/state";
        retain(topic, "first");
        retain(topic, "second");
        try (Subscriber sub = new Subscriber(broker)) {
            sub.subscribe(topic, Mqtt5RetainHandling.SEND, false);
            assertThat(sub.next().map(m -> text(m.getPayloadAsBytes()))).contains("second");
            assertThat(sub.nothingMore()).isTrue();
        }
    }

    @Test
    @DisplayName("a retained message with an empty payload deletes the retained message [MQTT-3.3.1-6, 3.3.1-7]")
    void emptyRetainedPayloadDeletes() throws Exception {
        String topic = BrokerPorts.uniqueId("ret") + "/state";
        retain(topic, "soon gone");
        retain(topic, "");
        try (Subscriber sub = new Subscriber(broker)) {
            sub.subscribe(topic, Mqtt5RetainHandling.SEND, false);
            assertThat(sub.nothingMore()).as("no retained message left").isTrue();
        }
    }

    @Test
    @DisplayName("retain handling 0 sends retained messages on every subscribe [MQTT-3.3.1-9]")
    void retainHandling0SendsOnEverySubscribe() throws Exception {
        String topic = BrokerPorts.uniqueId("rh0") + "/state";
        retain(topic, "v");
        try (Subscriber sub = new Subscriber(broker)) {
            sub.subscribe(topic, Mqtt5RetainHandling.SEND, false);
            assertThat(sub.next()).isPresent();
            sub.subscribe(topic, Mqtt5RetainHandling.SEND, false);
            assertThat(sub.next()).as("sent again for the repeated subscribe").isPresent();
        }
    }

    @Test
    @DisplayName("retain handling 1 sends retained messages only when the subscription is new [MQTT-3.3.1-10]")
    void retainHandling1SendsOnlyForNewSubscription() throws Exception {
        String topic = BrokerPorts.uniqueId("rh1") + "/state";
        retain(topic, "v");
        try (Subscriber sub = new Subscriber(broker)) {
            sub.subscribe(topic, Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST, false);
            assertThat(sub.next()).isPresent();
            sub.subscribe(topic, Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST, false);
            assertThat(sub.nothingMore()).as("not again for an existing subscription").isTrue();
        }
    }

    @Test
    @DisplayName("retain handling 2 never sends retained messages on subscribe [MQTT-3.3.1-11]")
    void retainHandling2NeverSends() throws Exception {
        String topic = BrokerPorts.uniqueId("rh2") + "/state";
        retain(topic, "v");
        try (Subscriber sub = new Subscriber(broker)) {
            sub.subscribe(topic, Mqtt5RetainHandling.DO_NOT_SEND, false);
            assertThat(sub.nothingMore()).isTrue();
            // the subscription itself works
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("live")).send();
            assertThat(sub.next().map(m -> text(m.getPayloadAsBytes()))).contains("live");
        }
    }

    @Test
    @DisplayName("retain as published 0 clears the retain flag when forwarding, 1 keeps it [MQTT-3.3.1-12, 3.3.1-13]")
    void retainAsPublishedControlsTheForwardedFlag() throws Exception {
        String base = BrokerPorts.uniqueId("rap");
        try (Subscriber sub = new Subscriber(broker)) {
            sub.subscribe(base + "/cleared", Mqtt5RetainHandling.SEND, false);
            sub.subscribe(base + "/kept", Mqtt5RetainHandling.SEND, true);

            retain(base + "/cleared", "a");
            Mqtt5Publish cleared = sub.next().orElseThrow();
            assertThat(cleared.getTopic().toString()).isEqualTo(base + "/cleared");
            assertThat(cleared.isRetain()).isFalse();

            retain(base + "/kept", "b");
            Mqtt5Publish kept = sub.next().orElseThrow();
            assertThat(kept.getTopic().toString()).isEqualTo(base + "/kept");
            assertThat(kept.isRetain()).isTrue();
        }
    }

    @Test
    @DisplayName("a wildcard subscription receives every matching retained message")
    void wildcardSubscriptionReceivesAllMatchingRetained() throws Exception {
        String base = BrokerPorts.uniqueId("wild");
        retain(base + "/a", "1");
        retain(base + "/b", "2");
        retain(base + "/b/c", "3");
        retain(base, "4");
        try (Subscriber plus = new Subscriber(broker); Subscriber hash = new Subscriber(broker)) {
            plus.subscribe(base + "/+", Mqtt5RetainHandling.SEND, false);
            assertThat(plus.drain()).containsExactlyInAnyOrder(base + "/a", base + "/b");

            hash.subscribe(base + "/#", Mqtt5RetainHandling.SEND, false);
            assertThat(hash.drain()).containsExactlyInAnyOrder(base + "/a", base + "/b", base + "/b/c", base);
        }
    }

    @Test
    @DisplayName("a retained message whose message expiry passed is not delivered [MQTT-3.3.2-5]")
    void expiredRetainedMessageIsNotDelivered() throws Exception {
        String topic = BrokerPorts.uniqueId("retexp") + "/state";
        retainedTopics.add(topic);
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(bytes("short lived"))
                .messageExpiryInterval(1).send();
        Thread.sleep(2_100);
        try (Subscriber sub = new Subscriber(broker)) {
            sub.subscribe(topic, Mqtt5RetainHandling.SEND, false);
            assertThat(sub.nothingMore()).isTrue();
        }
    }

    /** A connected MQTT 5 subscriber with its stream of received messages. */
    static final class Subscriber implements AutoCloseable {

        private final Mqtt5BlockingClient client;
        private final Mqtt5BlockingClient.Mqtt5Publishes received;

        Subscriber(BrokerPorts broker) {
            client = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
            client.connect();
            received = client.publishes(MqttGlobalPublishFilter.ALL);
        }

        void subscribe(String filter, Mqtt5RetainHandling handling, boolean retainAsPublished) {
            client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).retainHandling(handling)
                    .retainAsPublished(retainAsPublished).send();
        }

        Optional<Mqtt5Publish> next() throws InterruptedException {
            return received.receive(5, TimeUnit.SECONDS);
        }

        boolean nothingMore() throws InterruptedException {
            return received.receive(QUIET_MS, TimeUnit.MILLISECONDS).isEmpty();
        }

        /** The topics of everything that arrives until nothing more does. */
        List<String> drain() throws InterruptedException {
            List<String> topics = new ArrayList<>();
            Optional<Mqtt5Publish> m;
            while ((m = received.receive(QUIET_MS, TimeUnit.MILLISECONDS)).isPresent()) {
                assertThat(m.get().isRetain()).isTrue();
                topics.add(m.get().getTopic().toString());
            }
            return topics;
        }

        @Override
        public void close() {
            received.close();
            client.disconnect();
        }
    }
}
