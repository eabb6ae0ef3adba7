package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.kin.broker.store.PgAutoSubscriptionRules;
import io.kin.broker.routing.Subscription;
import io.kin.broker.session.SessionRegistry;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.kin.broker.mqtt.PublishTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Auto subscriptions (a Kin extension): rules that subscribe a connecting client as if it had sent SUBSCRIBE, with
 * {@code ${clientid}} and {@code ${username}} filled in.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class AutoSubscriptionTests {


    @Inject
    BrokerPorts broker;

    @Inject
    PgAutoSubscriptionRules rules;

    @Inject
    SessionRegistry sessions;

    @Inject
    io.kin.broker.store.PgUserStore users;

    private final List<Long> added = new ArrayList<>();

    @AfterEach
    void removeRules() throws Exception {
        for (long id : added) {
            rules.remove(id).toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        added.clear();
    }

    private void rule(String clientIdPattern, String filter, int qos) throws Exception {
        long id = rules.add(clientIdPattern, filter, qos, false, false, 0)
                .toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        added.add(id);
    }

    @Test
    @DisplayName("a client matching the rule is subscribed on connect and receives without sending SUBSCRIBE")
    void matchingClientIsSubscribedOnConnect() throws Exception {
        rule("auto-*", "devices/${clientid}/cmd", 1);
        String id = BrokerPorts.uniqueId("auto");
        Mqtt5BlockingClient device = broker.v5Blocking(id);
        try (Mqtt5BlockingClient.Mqtt5Publishes received = device.publishes(MqttGlobalPublishFilter.ALL)) {
            device.connect();
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            Mqtt5PublishResult r = pub.publishWith().topic("devices/" + id + "/cmd").qos(MqttQos.EXACTLY_ONCE)
                    .payload(bytes("reboot")).send();
            pub.disconnect();
            assertThat(((Mqtt5PublishResult.Mqtt5Qos2Result) r).getPubRec().getReasonCode().getCode())
                    .as("someone subscribed").isZero();

            Mqtt5Publish m = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(m.getTopic().toString()).isEqualTo("devices/" + id + "/cmd");
            assertThat(m.getQos()).as("the rule's QoS").isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(PublishTests.text(m.getPayloadAsBytes())).isEqualTo("reboot");
        } finally {
            device.disconnect();
        }
    }

    @Test
    @DisplayName("a client whose id does not match the pattern is not subscribed")
    void nonMatchingClientIsNotSubscribed() throws Exception {
        rule("auto-*", "devices/${clientid}/cmd", 1);
        String id = BrokerPorts.uniqueId("manual");
        Mqtt5BlockingClient other = broker.v5Blocking(id);
        try (Mqtt5BlockingClient.Mqtt5Publishes received = other.publishes(MqttGlobalPublishFilter.ALL)) {
            other.connect();
            assertThat(sessions.get(id).subscriptions()).isEmpty();
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            Mqtt5PublishResult r = pub.publishWith().topic("devices/" + id + "/cmd").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("x")).send();
            pub.disconnect();
            assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) r).getPubAck().getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
            assertThat(received.receive(PublishTests.QUIET_MS, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            other.disconnect();
        }
    }

    @Test
    @DisplayName("a ${username} rule subscribes an authenticated client to its user name's filter (the user name, "
            + "not the client id), and messages there reach it without a SUBSCRIBE")
    void usernameRuleUsesTheAuthenticatedUserName() throws Exception {
        String user = BrokerPorts.uniqueId("bob");
        String password = "pa55-" + user;
        users.put(user, password.toCharArray(), false).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        rule("auto-*", "users/${username}/inbox", 1);
        String id = BrokerPorts.uniqueId("auto");
        Mqtt5BlockingClient client = broker.v5Blocking(id);
        try (Mqtt5BlockingClient.Mqtt5Publishes received = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.connectWith().simpleAuth().username(user).password(password.getBytes()).applySimpleAuth().send();
            assertThat(sessions.get(id).subscriptions()).extracting(Subscription::filter)
                    .containsExactly("users/" + user + "/inbox");
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            pub.publishWith().topic("users/" + user + "/inbox").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("hi"))
                    .send();
            pub.disconnect();
            Mqtt5Publish m = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(m.getTopic().toString()).isEqualTo("users/" + user + "/inbox");
            assertThat(PublishTests.text(m.getPayloadAsBytes())).isEqualTo("hi");
        } finally {
            client.disconnect();
            users.remove(user).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("a ${username} rule is skipped for an anonymous client; its other rules still apply")
    void usernameRuleIsSkippedForAnonymousClients() throws Exception {
        rule("auto-*", "users/${username}/inbox", 1);
        rule("auto-*", "devices/${clientid}/cmd", 0);
        String id = BrokerPorts.uniqueId("auto");
        Mqtt5BlockingClient anonymous = broker.v5Blocking(id);
        anonymous.connect();
        try {
            assertThat(sessions.get(id).subscriptions()).extracting(Subscription::filter)
                    .containsExactly("devices/" + id + "/cmd");
        } finally {
            anonymous.disconnect();
        }
    }
}
