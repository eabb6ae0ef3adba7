package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static io.kin.broker.mqtt.RawPackets.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization port: a broker whose {@code Authorizer} is another implementation ({@link ExplodingAuthorizer},
 * plugged in by the {@link PluggedHooks} profile) follows its "no" as it follows the built-in ACL: SUBACK 0x87 (MQTT
 * 3.1.1: 0x80) for a filter it refuses, PUBACK 0x87 for a topic it refuses, and such a message reaches nobody.
 * Its failures (exceptions) are in {@link InternalErrorTests}; the built-in {@code AclAuthorizer} in
 * {@link AuthorizationTests}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(PluggedHooks.class)
class AuthorizerPortTests {

    @Inject
    BrokerPorts broker;

    @Test
    @DisplayName("a filter the plugged-in authorizer refuses gets SUBACK 0x87 (v5) / 0x80 (3.1.1); the other filters "
            + "of the session are granted")
    void refusedFilterGetsNotAuthorized() throws Exception {
        String unique = BrokerPorts.uniqueId("authz");
        try (RawMqttClient v5 = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, unique + "-5", true, null)) {
            assertThat(RawPackets.subscribeAndAwait(v5, 1, ExplodingAuthorizer.DENY_PREFIX + unique, 1))
                    .containsExactly(0x87);
            assertThat(RawPackets.subscribeAndAwait(v5, 2, "ok/" + unique, 1)).containsExactly(1);
        }
        try (RawMqttClient v3 = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_3_1_1, unique + "-3", true,
                null)) {
            assertThat(RawPackets.subscribeAndAwait(v3, 1, ExplodingAuthorizer.DENY_PREFIX + unique, 1))
                    .containsExactly(0x80);
            assertThat(RawPackets.subscribeAndAwait(v3, 2, "ok/" + unique, 1)).containsExactly(1);
        }
    }

    @Test
    @DisplayName("a topic the plugged-in authorizer refuses gets PUBACK 0x87 and the message reaches no subscriber; "
            + "the connection stays up and an allowed topic goes through")
    void refusedPublishGetsNotAuthorizedAndIsNotDelivered() throws Exception {
        String unique = BrokerPorts.uniqueId("authz");
        Mqtt5BlockingClient sub = broker.v5Blocking(unique + "-sub");
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL);
             RawMqttClient raw = RawPackets.connected(broker.tcp(), MqttVersion.MQTT_5, unique + "-pub", true,
                     null)) {
            // "+/unique" matches both topics below, and is itself allowed
            sub.subscribeWith().topicFilter("+/" + unique).qos(MqttQos.AT_LEAST_ONCE).send();
            raw.send(RawPackets.publish(ExplodingAuthorizer.DENY_PREFIX + unique, 1, 1, "denied"));
            assertThat(RawPackets.replyReason(raw.receive(MqttMessageType.PUBACK, WAIT))).isEqualTo(0x87);
            raw.send(RawPackets.publish("ok/" + unique, 1, 2, "allowed"));
            assertThat(RawPackets.replyReason(raw.receive(MqttMessageType.PUBACK, WAIT))).isZero();
            assertThat(received.receive(5, TimeUnit.SECONDS).map(p -> PublishTests.text(p.getPayloadAsBytes())))
                    .as("only the allowed message").hasValue("allowed");
            assertThat(received.receive(PublishTests.QUIET_MS, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            sub.disconnect();
        }
    }
}
