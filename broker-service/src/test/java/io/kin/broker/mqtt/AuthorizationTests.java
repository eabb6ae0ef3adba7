package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.kin.broker.auth.AclAction;
import io.kin.broker.auth.AclRule;
import io.kin.broker.store.PgAclStore;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Authorization by ACL rules at the protocol edge (MQTT 5 sections 3.4.2.1, 3.9.3 and 3.2.2.2): refused publishes,
 * refused subscriptions, placeholder rules and wills. Every rule a test adds names the test's own client id or
 * topic prefix, and is removed afterwards.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class AuthorizationTests {

    @Inject
    BrokerPorts broker;

    @Inject
    PgAclStore acl;

    private final List<Long> added = new ArrayList<>();

    @AfterEach
    void removeRules() throws Exception {
        for (long id : added) {
            acl.remove(id).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        added.clear();
    }

    /** Adds a rule for any user; effective on this node when it returns. */
    private void rule(String clientId, AclAction action, String filter, boolean allow, int priority)
            throws Exception {
        added.add(acl.add(null, clientId, action, filter, allow, priority).toCompletionStage()
                .toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("a publish to a denied topic gets PUBACK 0x87 Not authorized and reaches no subscriber")
    void deniedPublishIsRefusedAndNotDelivered() throws Exception {
        String pubId = BrokerPorts.uniqueId("acl-pub");
        String prefix = "acl/" + pubId;
        rule(pubId, AclAction.PUBLISH, prefix + "/secret", false, 10);

        Mqtt5BlockingClient subscriber = broker.v5Blocking(BrokerPorts.uniqueId("acl-sub"));
        subscriber.connect();
        subscriber.subscribeWith().topicFilter(prefix + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient publisher = broker.v5Blocking(pubId);
        publisher.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(pubAckCode(publisher, prefix + "/secret")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(pubAckCode(publisher, prefix + "/public")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

            var first = received.receive(5, TimeUnit.SECONDS);
            assertThat(first).isPresent();
            assertThat(first.get().getTopic().toString()).as("only the allowed message arrives")
                    .isEqualTo(prefix + "/public");
            assertThat(received.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            publisher.disconnect();
            subscriber.disconnect();
        }
    }

    @Test
    @DisplayName("a subscription to a denied filter gets SUBACK 0x87 (v5)")
    void deniedSubscribeIsRefusedOnV5() throws Exception {
        String id = BrokerPorts.uniqueId("acl-sub5");
        rule(id, AclAction.SUBSCRIBE, "acl/" + id + "/#", false, 10);
        Mqtt5BlockingClient client = broker.v5Blocking(id);
        client.connect();
        try {
            Mqtt5SubAck ack;
            try {
                ack = client.subscribeWith().topicFilter("acl/" + id + "/x").qos(MqttQos.AT_LEAST_ONCE).send();
            } catch (Mqtt5SubAckException e) {
                ack = e.getMqttMessage();
            }
            assertThat(ack.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
            assertThat(client.getState().isConnected()).isTrue();
        } finally {
            client.disconnect();
        }
    }

    @Test
    @DisplayName("a subscription to a denied filter gets SUBACK 0x80 Failure (3.1.1)")
    void deniedSubscribeIsRefusedOnV311() throws Exception {
        String id = BrokerPorts.uniqueId("acl-sub3");
        rule(id, AclAction.SUBSCRIBE, "acl/" + id + "/#", false, 10);
        Mqtt3BlockingClient client = broker.v3Blocking(id);
        client.connect();
        try {
            Mqtt3SubAck ack;
            try {
                ack = client.subscribeWith().topicFilter("acl/" + id + "/x").qos(MqttQos.AT_LEAST_ONCE).send();
            } catch (Mqtt3SubAckException e) {
                ack = e.getMqttMessage();
            }
            assertThat(ack.getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.FAILURE);
        } finally {
            client.disconnect();
        }
    }

    @Test
    @DisplayName("a rule with ${clientid} lets each client publish under its own id only")
    void clientIdPlaceholderRule() throws Exception {
        String prefix = BrokerPorts.uniqueId("acl-place");
        String id = BrokerPorts.uniqueId("me");
        rule(null, AclAction.PUBLISH, prefix + "/#", false, 5);
        rule(null, AclAction.PUBLISH, prefix + "/" + AclRule.CLIENT_ID_PLACEHOLDER + "/#", true, 10);
        Mqtt5BlockingClient client = broker.v5Blocking(id);
        client.connect();
        try {
            assertThat(pubAckCode(client, prefix + "/" + id + "/status"))
                    .isIn(Mqtt5PubAckReasonCode.SUCCESS, Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
            assertThat(pubAckCode(client, prefix + "/someone-else/status"))
                    .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        } finally {
            client.disconnect();
        }
    }

    @Test
    @DisplayName("a will to a topic the client may not publish to refuses the CONNECT with 0x87")
    void willToADeniedTopicRefusesTheConnect() throws Exception {
        String id = BrokerPorts.uniqueId("acl-will");
        rule(id, AclAction.PUBLISH, "acl/" + id + "/will", false, 10);
        Mqtt5BlockingClient client = broker.v5Blocking(id);
        assertThatThrownBy(() -> client.connectWith().willPublish().topic("acl/" + id + "/will")
                .payload("gone".getBytes(StandardCharsets.UTF_8)).applyWillPublish().send())
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    /** The PUBACK reason code of a QoS 1 publish, whether the client reports it as a result or an error. */
    private static Mqtt5PubAckReasonCode pubAckCode(Mqtt5BlockingClient client, String topic) {
        Mqtt5PublishResult result;
        try {
            result = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("x".getBytes(StandardCharsets.UTF_8)).send();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
        if (result.getError().isPresent() && result.getError().get() instanceof Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
        return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
    }
}
