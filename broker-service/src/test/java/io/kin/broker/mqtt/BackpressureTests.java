package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.kin.broker.session.SessionListener;
import io.kin.broker.sys.BrokerStats;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow QoS 1 subscriber slows its QoS 1 publishers down (their PUBACKs wait) instead of losing messages to the
 * queue bound; once it catches up, everything is delivered in order and acknowledged. (A publisher can still have
 * up to the server's Receive Maximum unacknowledged, so the queue bound must exceed mark + Receive Maximum.)
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(BackpressureTests.SmallMarks.class)
class BackpressureTests {

    public static class SmallMarks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.mqtt.backpressure-queue", "50", "kin.mqtt.max-queued-messages", "5000");
        }
    }

    @Inject
    BrokerPorts broker;

    @Inject
    BrokerStats stats;

    @Test
    void slowSubscriberHoldsBackPublishersInsteadOfDroppingMessages() throws Exception {
        String topic = BrokerPorts.uniqueId("backpressure");
        long droppedBefore = stats.dropped(SessionListener.DropReason.QUEUE_FULL);
        // a subscriber that takes 10 at a time and does not acknowledge yet
        RawMqttClient slow = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, BrokerPorts.uniqueId("slow"), true,
                RawPackets.props(MqttPropertyType.RECEIVE_MAXIMUM, 10));
        RawPackets.subscribeAndAwait(slow, 1, topic, 1);

        Mqtt5AsyncClient publisher = broker.v5(BrokerPorts.uniqueId("fast")).buildAsync();
        publisher.connect().get();
        int count = 1000;
        AtomicInteger acked = new AtomicInteger();
        List<CompletableFuture<Mqtt5PublishResult>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sends.add(publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(ByteBuffer.allocate(4).putInt(i).array()).send()
                    .whenComplete((r, e) -> acked.incrementAndGet()));
        }
        Thread.sleep(1500);
        assertThat(acked.get()).as("the publisher is held back while the subscriber is stuck")
                .isLessThan(count / 2);

        // the subscriber now takes everything, acknowledging as it goes
        List<Integer> received = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (received.size() < count && System.currentTimeMillis() < deadline) {
            MqttMessage m = slow.receive(MqttMessageType.PUBLISH, Duration.ofSeconds(5));
            if (m == null) {
                break;
            }
            MqttPublishMessage p = (MqttPublishMessage) m;
            received.add(p.payload().getInt(p.payload().readerIndex()));
            slow.send(RawPackets.puback(p.variableHeader().packetId()));
            p.release();
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();
        assertThat(received).as("nothing lost, in order").hasSize(count).isSorted().doesNotHaveDuplicates();
        assertThat(stats.dropped(SessionListener.DropReason.QUEUE_FULL) - droppedBefore).isZero();
        for (CompletableFuture<Mqtt5PublishResult> s : sends) {
            assertThat(s.get().getError()).isEmpty();
        }
        publisher.disconnect().get();
        slow.close();
    }
}
