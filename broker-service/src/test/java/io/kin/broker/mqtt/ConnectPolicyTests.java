package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.kin.broker.store.PgUserStore;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who may connect, by configuration: ban lists ({@code kin.mqtt.banned-client-ids}, {@code kin.mqtt.banned-usernames};
 * CONNACK 0x8A Banned, MQTT 5 section 3.2.2.2, or return code 5 for MQTT 3.1.1) and lenient MQTT 3.1 client
 * identifiers ({@code kin.mqtt.mqtt31-strict-client-id=false}). Runs on its own broker (a test profile); the strict
 * 3.1 default is in {@link ConnectTests}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(ConnectPolicyTests.Policies.class)
class ConnectPolicyTests {

    public static class Policies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kin.mqtt.banned-client-ids", "banned-*,dev-??,exact-id",
                    "kin.mqtt.banned-usernames", "mallory*",
                    "kin.mqtt.mqtt31-strict-client-id", "false");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    BrokerPorts broker;

    @Inject
    PgUserStore users;

    // ---- banned client identifiers ------------------------------------------------------------------------------

    @Test
    @DisplayName("a banned client id is refused with CONNACK 0x8A Banned — HiveMQ v5")
    void bannedClientIdIsRefusedOnV5() {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("banned"));
        assertThatThrownBy(client::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BANNED));
    }

    @Test
    @DisplayName("a banned client id gets CONNACK 0x8A with a Reason String, then the connection is closed — raw v5")
    void bannedClientIdIsRefusedAndClosed() throws Exception {
        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5, "exact-id", true, 60, null)) {
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).as("CONNACK").isNotNull();
            assertThat(ack.variableHeader().connectReturnCode().byteValue() & 0xff).isEqualTo(0x8A);
            assertThat(ack.variableHeader().properties().getProperty(MqttPropertyType.REASON_STRING.value()))
                    .isNotNull();
            assertThat(raw.awaitClosed(WAIT)).as("closed after the refusal").isTrue();
        }
    }

    @Test
    @DisplayName("a banned client id is refused with return code 5 not authorized — HiveMQ 3.1.1")
    void bannedClientIdIsRefusedOnV311() {
        Mqtt3BlockingClient client = broker.v3Blocking(BrokerPorts.uniqueId("banned"));
        assertThatThrownBy(client::connect).isInstanceOfSatisfying(Mqtt3ConnAckException.class, e ->
                assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
    }

    @Test
    @DisplayName("ban entries are whole-id globs: * any run of characters, ? exactly one")
    void banEntriesAreGlobs() {
        assertBanned("dev-ab");
        assertAccepted("dev-abc");
        assertAccepted("dev-a");
        assertAccepted(BrokerPorts.uniqueId("not-banned"));
        assertAccepted("exact-id-" + UUID.randomUUID().toString().substring(0, 4));
    }

    private void assertBanned(String clientId) {
        Mqtt5BlockingClient client = broker.v5Blocking(clientId);
        assertThatThrownBy(client::connect).as(clientId).isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BANNED));
    }

    private void assertAccepted(String clientId) {
        Mqtt5BlockingClient client = broker.v5Blocking(clientId);
        assertThat(client.connect().getReasonCode()).as(clientId).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        client.disconnect();
    }

    // ---- banned user names ---------------------------------------------------------------------------------------

    @Test
    @DisplayName("an authenticated user whose name is banned is refused with 0x8A (v5) / 5 (3.1.1); others get in")
    void bannedUsernameIsRefused() throws Exception {
        String banned = BrokerPorts.uniqueId("mallory");
        String allowed = BrokerPorts.uniqueId("alice");
        String password = "pa55-word";
        put(banned, password);
        put(allowed, password);
        try {
            Mqtt5BlockingClient v5 = broker.v5Blocking(BrokerPorts.uniqueId("user5"));
            assertThatThrownBy(() -> v5.connectWith().simpleAuth().username(banned)
                    .password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
                    .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                            assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BANNED));

            Mqtt3BlockingClient v3 = broker.v3Blocking(BrokerPorts.uniqueId("user3"));
            assertThatThrownBy(() -> v3.connectWith().simpleAuth().username(banned)
                    .password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
                    .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e ->
                            assertThat(e.getMqttMessage().getReturnCode())
                                    .isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));

            Mqtt5BlockingClient ok = broker.v5Blocking(BrokerPorts.uniqueId("user-ok"));
            assertThat(ok.connectWith().simpleAuth().username(allowed)
                    .password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send().getReasonCode())
                    .isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            ok.disconnect();
        } finally {
            remove(banned);
            remove(allowed);
        }
    }

    @Test
    @DisplayName("a banned user name is checked after authentication: a wrong password still gets 0x86")
    void wrongPasswordOfABannedUserIsABadPassword() throws Exception {
        String banned = BrokerPorts.uniqueId("mallory");
        put(banned, "right");
        try {
            Mqtt5BlockingClient v5 = broker.v5Blocking(BrokerPorts.uniqueId("user5"));
            assertThatThrownBy(() -> v5.connectWith().simpleAuth().username(banned)
                    .password("wrong".getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
                    .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                            assertThat(e.getMqttMessage().getReasonCode())
                                    .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
        } finally {
            remove(banned);
        }
    }

    private void put(String username, String password) throws Exception {
        users.put(username, password.toCharArray(), false).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    private void remove(String username) throws Exception {
        users.remove(username).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    // ---- lenient MQTT 3.1 client identifiers ---------------------------------------------------------------------

    @Test
    @DisplayName("kin.mqtt.mqtt31-strict-client-id=false: an MQTT 3.1 client id longer than 23 characters is accepted")
    void longMqtt31ClientIdIsAcceptedWhenLenient() throws Exception {
        String id = BrokerPorts.uniqueId("v31-lenient") + "-much-longer-than-23-characters";
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_3_1)) {
            raw.sendBytes(ConnectTests.mqtt31ConnectBytes(id));
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).as("CONNACK").isNotNull();
            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
    }
}
