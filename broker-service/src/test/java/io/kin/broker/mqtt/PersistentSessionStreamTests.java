package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.kin.broker.store.GroupCommit;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A burst of QoS 1/2 messages to an online persistent session: stored (group commit), acknowledged, delivered in order. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class PersistentSessionStreamTests {

    @Inject
    BrokerPorts broker;

    @Inject
    GroupCommit groupCommit;

    private void burst(MqttQos qos, int count) throws Exception {
        String topic = BrokerPorts.uniqueId("stream/persistent");
        List<Integer> received = new CopyOnWriteArrayList<>();
        Mqtt5AsyncClient subscriber = broker.v5(BrokerPorts.uniqueId("stream-sub")).buildAsync();
        subscriber.publishes(MqttGlobalPublishFilter.ALL, p -> received.add(p.getPayload().orElseThrow().getInt()));
        subscriber.connectWith().cleanStart(true).sessionExpiryInterval(600).send().get(10, TimeUnit.SECONDS);
        subscriber.subscribeWith().topicFilter(topic).qos(qos).send().get(10, TimeUnit.SECONDS);
        Mqtt5AsyncClient publisher = broker.v5(BrokerPorts.uniqueId("stream-pub")).buildAsync();
        publisher.connect().get(10, TimeUnit.SECONDS);
        long commitsBefore = groupCommit.commits();

        List<CompletableFuture<Mqtt5PublishResult>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sends.add(publisher.publishWith().topic(topic).qos(qos).payload(ByteBuffer.allocate(4).putInt(i).array())
                    .send());
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (CompletableFuture<Mqtt5PublishResult> s : sends) {
            assertThat(s.get().getError()).as("acknowledged without error").isEmpty();
        }
        for (int i = 0; i < 600 && received.size() < count; i++) {
            Thread.sleep(50);
        }
        assertThat(received).hasSize(count).isSorted().doesNotHaveDuplicates();
        assertThat(groupCommit.commits() - commitsBefore).as("writes were batched into fewer commits")
                .isLessThan(count);
        subscriber.disconnectWith().sessionExpiryInterval(0).send().get(10, TimeUnit.SECONDS);
        publisher.disconnect().get(10, TimeUnit.SECONDS);
    }

    @Test
    void qos1BurstToAnOnlinePersistentSessionIsStoredAcknowledgedAndDeliveredInOrder() throws Exception {
        burst(MqttQos.AT_LEAST_ONCE, 3000);
    }

    @Test
    void qos2BurstToAnOnlinePersistentSessionIsDeliveredExactlyOnceInOrder() throws Exception {
        burst(MqttQos.EXACTLY_ONCE, 2000);
    }
}
