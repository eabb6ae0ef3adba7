package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.kin.broker.session.SessionRegistry;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.kin.broker.mqtt.PublishTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared subscriptions with {@code kin.mqtt.shared-dispatch=sticky} (MQTT 5 section 4.8.2 leaves the choice of member
 * to the server): every message goes to one member while it stays, and to one other member once it leaves. Runs on
 * its own broker (a test profile). The default strategy is in {@link SharedSubscriptionTests}; the strategy itself is
 * unit-tested in {@code SharedGroupTest}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(SharedStickyDispatchTests.Sticky.class)
class SharedStickyDispatchTests {

    public static class Sticky implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.mqtt.shared-dispatch", "sticky");
        }
    }

    @Inject
    BrokerPorts broker;

    @Inject
    SessionRegistry sessions;

    @Test
    @DisplayName("sticky: all messages go to one member while it stays; when it leaves, all go to one other member — HiveMQ v5")
    void allMessagesGoToOneMemberWhileItStays() throws Exception {
        String topic = BrokerPorts.uniqueId("sticky") + "/jobs";
        String filter = "$share/g/" + topic;
        List<SubscriptionTests.Receiver> members = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SubscriptionTests.Receiver m = new SubscriptionTests.Receiver(broker);
                m.client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
                members.add(m);
            }
            publish(topic, "a", 20);
            SubscriptionTests.Receiver chosen = onlyReceiver(members, payloads("a", 20));

            members.remove(chosen);
            String leaving = chosen.client.getConfig().getClientIdentifier().orElseThrow().toString();
            chosen.close();
            awaitGone(leaving);
            publish(topic, "b", 20);
            onlyReceiver(members, payloads("b", 20));
        } finally {
            members.forEach(SubscriptionTests.Receiver::close);
        }
    }

    /** A library disconnect returns once DISCONNECT is sent: wait until the broker has let the member go. */
    private void awaitGone(String clientId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sessions.isOnline(clientId) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sessions.isOnline(clientId)).as("%s gone", clientId).isFalse();
    }

    /** Checks that exactly one member got all of {@code expected}, in order, and the others nothing; returns it. */
    private static SubscriptionTests.Receiver onlyReceiver(List<SubscriptionTests.Receiver> members,
                                                          List<String> expected) throws InterruptedException {
        SubscriptionTests.Receiver chosen = null;
        List<List<String>> got = new ArrayList<>();
        for (SubscriptionTests.Receiver m : members) {
            List<String> one = m.drainPayloads();
            got.add(one);
            if (!one.isEmpty()) {
                assertThat(chosen).as("only one member receives, got %s", got).isNull();
                assertThat(one).containsExactlyElementsOf(expected);
                chosen = m;
            }
        }
        assertThat(chosen).as("one member received everything, got %s", got).isNotNull();
        return chosen;
    }

    private void publish(String topic, String prefix, int count) {
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
        pub.connect();
        try {
            for (String p : payloads(prefix, count)) {
                pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes(p)).send();
            }
        } finally {
            pub.disconnect();
        }
    }

    private static List<String> payloads(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }
}
