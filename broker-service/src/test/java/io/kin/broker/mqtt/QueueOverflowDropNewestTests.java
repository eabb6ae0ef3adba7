package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.kin.broker.session.SessionListener.DropReason;
import io.kin.broker.session.SessionRegistry;
import io.kin.broker.sys.BrokerStats;
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

import static io.kin.broker.mqtt.PublishTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session's queue is bounded ({@code kin.mqtt.max-queued-messages}); with {@code queue-overflow=drop-newest} a full
 * queue keeps what it has and refuses what comes after, counting it as dropped. Runs on its own broker (a test
 * profile) with a queue of 5. The default, drop-oldest, is in {@link QueueOverflowTests}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(QueueOverflowDropNewestTests.SmallQueueDropNewest.class)
class QueueOverflowDropNewestTests {

    public static class SmallQueueDropNewest implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.mqtt.max-queued-messages", "5",
                    "kin.mqtt.queue-overflow", "drop-newest");
        }
    }

    @Inject
    BrokerPorts broker;

    @Inject
    SessionRegistry sessions;

    @Inject
    BrokerStats stats;

    @Test
    @DisplayName("an offline session receiving 20 QoS 1 messages keeps the oldest 5 and counts 15 as dropped (queue full)")
    void fullQueueDropsNewest() throws Exception {
        String id = BrokerPorts.uniqueId("dropnew");
        String topic = id + "/t";
        Mqtt5BlockingClient first = broker.v5Blocking(id);
        first.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        first.disconnect();
        SessionWaits.awaitOffline(sessions, id);

        long droppedBefore = stats.dropped(DropReason.QUEUE_FULL);
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
        pub.connect();
        for (int i = 0; i < 20; i++) {
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m" + i)).send();
        }
        pub.disconnect();
        assertThat(stats.dropped(DropReason.QUEUE_FULL) - droppedBefore).isEqualTo(15);
        assertThat(sessions.get(id).queuedCount()).isEqualTo(5);

        Mqtt5BlockingClient again = broker.v5Blocking(id);
        try (Mqtt5BlockingClient.Mqtt5Publishes received = again.publishes(MqttGlobalPublishFilter.ALL)) {
            again.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                got.add(PublishTests.text(received.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()));
            }
            assertThat(got).containsExactly("m0", "m1", "m2", "m3", "m4");
            assertThat(received.receive(PublishTests.QUIET_MS, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            again.disconnectWith().sessionExpiryInterval(0).send();
        }
    }
}
