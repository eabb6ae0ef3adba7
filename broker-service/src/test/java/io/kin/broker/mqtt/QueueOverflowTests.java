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

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.kin.broker.mqtt.PublishTests.bytes;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session's queue is bounded ({@code kin.mqtt.max-queued-messages}); with the default drop-oldest policy a full
 * queue keeps the newest messages and counts the dropped ones. Runs on its own broker (a test profile) with a
 * queue of 5.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(QueueOverflowTests.SmallQueue.class)
class QueueOverflowTests {

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // $SYS on, every second: the drop counter is checked there too
            return Map.of("kin.mqtt.max-queued-messages", "5", "kin.sys.enabled", "true", "kin.sys.interval", "1");
        }
    }

    @Inject
    BrokerPorts broker;

    @Inject
    SessionRegistry sessions;

    @Inject
    BrokerStats stats;

    @Test
    @DisplayName("an online client whose window (Receive Maximum 1) is full queues 5 behind it; 3 more drop the oldest "
            + "queued, are counted, and show in $SYS/broker/publish/messages/dropped and on /q/metrics")
    void overflowBehindTheInflightWindowIsCountedInSysAndMetrics() throws Exception {
        String topic = BrokerPorts.uniqueId("overflow-online") + "/t";
        AtomicReference<String> sysDropped = new AtomicReference<>();
        Mqtt5AsyncClient watcher = broker.v5(BrokerPorts.uniqueId("sys-dropped")).buildAsync();
        watcher.connect().get(5, TimeUnit.SECONDS);
        watcher.subscribeWith().topicFilter("$SYS/broker/publish/messages/dropped").qos(MqttQos.AT_MOST_ONCE)
                .callback(p -> sysDropped.set(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                .send().get(5, TimeUnit.SECONDS);
        try (RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5,
                BrokerPorts.uniqueId("overflow-online"), true,
                RawPackets.props(MqttPropertyType.RECEIVE_MAXIMUM, 1))) {
            RawPackets.subscribeAndAwait(raw, 1, topic, 1);
            awaitStable(sysDropped);
            long sysBefore = Long.parseLong(sysDropped.get());
            double metricBefore = droppedMetric();
            long droppedBefore = stats.dropped(DropReason.QUEUE_FULL);

            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            for (int i = 0; i < 9; i++) { // m0 in flight, m1..m8 for a queue of 5
                pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m" + i)).send();
            }
            pub.disconnect();
            assertThat(stats.dropped(DropReason.QUEUE_FULL) - droppedBefore).as("dropped for a full queue")
                    .isEqualTo(3);

            List<String> got = new ArrayList<>();
            MqttPublishMessage m;
            while (got.size() < 6 && (m = RawPackets.nextPublish(raw, Duration.ofSeconds(5))) != null) {
                got.add(RawPackets.payload(m));
                raw.send(RawPackets.puback(m.variableHeader().packetId()));
            }
            assertThat(got).as("the in-flight one, then the newest 5").containsExactly("m0", "m4", "m5", "m6", "m7",
                    "m8");
            assertThat(RawPackets.nextPublish(raw, Duration.ofMillis(PublishTests.QUIET_MS))).isNull();

            assertThat(droppedMetric() - metricBefore).as("kin_messages_dropped_total{reason=queue_full}")
                    .isEqualTo(3.0);
            long sysAfter = sysBefore;
            for (int i = 0; i < 50 && sysAfter < sysBefore + 3; i++) {
                Thread.sleep(100);
                sysAfter = Long.parseLong(sysDropped.get());
            }
            assertThat(sysAfter - sysBefore).as("$SYS/broker/publish/messages/dropped").isEqualTo(3);
        } finally {
            watcher.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    /** Waits for a $SYS value and for two publications in a row to agree (no drop of another test still counting). */
    private static void awaitStable(AtomicReference<String> value) throws InterruptedException {
        for (int i = 0; i < 50 && value.get() == null; i++) {
            Thread.sleep(100);
        }
        assertThat(value.get()).as("a $SYS value").isNotNull();
        String seen = value.get();
        Thread.sleep(1_200);
        assertThat(value.get()).as("stable").isEqualTo(seen);
    }

    /** The value of kin_messages_dropped_total{reason="queue_full"} on the Prometheus endpoint. */
    private static double droppedMetric() {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^kin_messages_dropped_total\\{[^}]*reason=\"queue_full\"[^}]*\\} (\\S+)$")
                .matcher(body);
        assertThat(m.find()).as("the queue_full drop metric with a value").isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    @DisplayName("an offline session receiving 20 QoS 1 messages keeps the newest 5 and counts 15 as dropped (queue full)")
    void fullQueueDropsOldest() throws Exception {
        String id = BrokerPorts.uniqueId("overflow");
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

        Mqtt5BlockingClient again = broker.v5Blocking(id);
        try (Mqtt5BlockingClient.Mqtt5Publishes received = again.publishes(MqttGlobalPublishFilter.ALL)) {
            again.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                got.add(PublishTests.text(received.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()));
            }
            assertThat(got).containsExactly("m15", "m16", "m17", "m18", "m19");
            assertThat(received.receive(PublishTests.QUIET_MS, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            again.disconnectWith().sessionExpiryInterval(0).send();
        }
    }
}
