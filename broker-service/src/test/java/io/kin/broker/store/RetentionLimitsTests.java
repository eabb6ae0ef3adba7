package io.kin.broker.store;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.kin.broker.mqtt.BrokerPorts;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention limits refuse visibly (PUBACK 0x97), and the purge keeps the store from growing. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(RetentionLimitsTests.SmallLimits.class)
class RetentionLimitsTests {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.mqtt.max-retained-messages", "3", "kin.mqtt.max-payload-size", "100",
                    "kin.store.purge-grace-seconds", "0");
        }
    }

    @Inject
    BrokerPorts broker;

    @Inject
    StorePurge purge;

    @Inject
    Pool pool;

    @Inject
    PgRetainedMessages retained;

    private static Mqtt5PubAckReasonCode publish(Mqtt5BlockingClient c, String topic, int size, boolean retain) {
        try {
            return ((com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult.Mqtt5Qos1Result)
                    c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain).payload(new byte[size])
                            .send()).getPubAck().getReasonCode();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    @Test
    void payloadOverTheLimitIsRefusedWithQuotaExceeded() {
        Mqtt5BlockingClient c = broker.v5Blocking(BrokerPorts.uniqueId("payload-limit"));
        c.connect();
        String topic = BrokerPorts.uniqueId("limits/payload");
        assertThat(publish(c, topic, 100, false)).isIn(Mqtt5PubAckReasonCode.SUCCESS,
                Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
        assertThat(publish(c, topic, 101, false)).isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
        c.disconnect();
    }

    @Test
    void retainedMessagesBeyondTheLimitAreRefusedButReplacingAndDeletingStillWork() throws Exception {
        for (var m : retained.all()) {
            retained.remove(m.topic()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        Mqtt5BlockingClient c = broker.v5Blocking(BrokerPorts.uniqueId("retained-limit"));
        c.connect();
        String base = BrokerPorts.uniqueId("limits/retained");
        for (int i = 0; i < 3; i++) {
            assertThat(publish(c, base + "/" + i, 1, true)).isNotEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
        }
        assertThat(publish(c, base + "/3", 1, true)).as("a fourth topic").isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
        assertThat(publish(c, base + "/0", 2, true)).as("replacing").isNotEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
        assertThat(publish(c, base + "/1", 0, true)).as("deleting").isNotEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
        assertThat(publish(c, base + "/3", 1, true)).as("room again").isNotEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
        assertThat(retained.count()).isEqualTo(3);
        c.disconnect();
    }

    @Test
    void acknowledgedMessagesLeaveNoRowsBehindAfterThePurge() throws Exception {
        String topic = BrokerPorts.uniqueId("limits/purge");
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("purge-sub"));
        sub.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
        try (var publishes = sub.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("purge-pub"));
            pub.connect();
            for (int i = 0; i < 20; i++) {
                publish(pub, topic, 10, false);
            }
            pub.disconnect();
            for (int i = 0; i < 20; i++) {
                assertThat(publishes.receive(5, TimeUnit.SECONDS)).isPresent();
            }
        }
        Thread.sleep(500); // the subscriber's PUBACKs remove the queue rows asynchronously
        long before = count("SELECT count(*) FROM mqtt_message WHERE topic = '" + topic + "'");
        assertThat(before).as("stored while queued").isEqualTo(20);
        purge.purge().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(count("SELECT count(*) FROM mqtt_queue q JOIN mqtt_message m USING (message_id) WHERE m.topic = '"
                + topic + "'")).isZero();
        assertThat(count("SELECT count(*) FROM mqtt_message WHERE topic = '" + topic + "'")).as("purged").isZero();
        sub.disconnectWith().sessionExpiryInterval(0).send();
    }

    private long count(String sql) throws Exception {
        return pool.query(sql).execute().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .iterator().next().getLong(0);
    }
}
