package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.kin.broker.auth.ConnectCredentials;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The authentication port: a broker whose {@code Authenticator} is another implementation
 * ({@link ScriptedAuthenticator}, plugged in by the {@link PluggedHooks} profile) lets in exactly whom that
 * implementation accepts, under the user name it returns, and passes its refusals on. A decision that cannot be made
 * (a failed future, or an exception) is CONNACK 0x80 Unspecified error on MQTT 5 and return code 3 server unavailable
 * on MQTT 3.1.1 — never "bad password". The built-in {@code PasswordAuthenticator} is in {@link AuthenticationTests}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(PluggedHooks.class)
class AuthenticatorPortTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    BrokerPorts broker;

    @Inject
    ScriptedAuthenticator authenticator;

    @Inject
    MqttConnections connections;

    @Test
    @DisplayName("the plugged-in authenticator decides (asynchronously, on a thread of its own) and the client gets "
            + "the user name it returns — HiveMQ v5 and 3.1.1")
    void pluggedInAuthenticatorLetsInWhomItAccepts() {
        String name = BrokerPorts.uniqueId("alice");
        String id5 = BrokerPorts.uniqueId("port5");
        Mqtt5BlockingClient v5 = broker.v5Blocking(id5);
        assertThat(v5.connectWith().simpleAuth().username("token:" + name)
                .password(ScriptedAuthenticator.VALID_TOKEN.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send()
                .getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        try {
            ConnectCredentials seen = authenticator.lastCallOf(id5);
            assertThat(seen).as("the plug-in was asked").isNotNull();
            assertThat(seen.username()).isEqualTo("token:" + name);
            assertThat(new String(seen.password(), StandardCharsets.UTF_8)).isEqualTo(ScriptedAuthenticator.VALID_TOKEN);
            assertThat(seen.remoteAddress()).contains("127.0.0.1");
            assertThat(connections.connection(id5)).as("connected").isNotNull();
            assertThat(connections.connection(id5).client().username()).as("the user name the plug-in returned")
                    .isEqualTo("mapped-" + name);
        } finally {
            v5.disconnect();
        }

        String id3 = BrokerPorts.uniqueId("port3");
        Mqtt3BlockingClient v3 = broker.v3Blocking(id3);
        assertThat(v3.connectWith().simpleAuth().username("token:" + name)
                .password(ScriptedAuthenticator.VALID_TOKEN.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send()
                .getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
        try {
            assertThat(connections.connection(id3).client().username()).isEqualTo("mapped-" + name);
        } finally {
            v3.disconnect();
        }
    }

    @Test
    @DisplayName("anonymous clients are asked about too: the plug-in sees the client id without a user name")
    void anonymousClientsGoThroughThePlugIn() {
        String id = BrokerPorts.uniqueId("port-anon");
        Mqtt5BlockingClient v5 = broker.v5Blocking(id);
        assertThat(v5.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        try {
            ConnectCredentials seen = authenticator.lastCallOf(id);
            assertThat(seen).isNotNull();
            assertThat(seen.username()).isNull();
            assertThat(seen.password()).isNull();
        } finally {
            v5.disconnect();
        }
    }

    @Test
    @DisplayName("the plug-in's refusals reach the client with their codes: bad token 0x86 / 4, not authorized 0x87 / 5")
    void refusalsOfThePlugInArePassedOn() {
        assertV5Refused("token:" + BrokerPorts.uniqueId("bob"), "stale-token",
                Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertV3Refused("token:" + BrokerPorts.uniqueId("bob"), "stale-token",
                Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
        assertV5Refused(ScriptedAuthenticator.REFUSES, "x", Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertV3Refused(ScriptedAuthenticator.REFUSES, "x", Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
    }

    @Test
    @DisplayName("a failed authentication future is CONNACK 0x80 Unspecified error (v5) with a Reason String, then "
            + "the connection is closed — raw v5 and HiveMQ v5")
    void failedFutureIsAnUnspecifiedErrorOnV5() throws Exception {
        String id = BrokerPorts.uniqueId("port-fail");
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_5)) {
            raw.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(id).cleanSession(true)
                    .keepAlive(60).hasUser(true).username(ScriptedAuthenticator.FAILS).hasPassword(true)
                    .password("x".getBytes(StandardCharsets.UTF_8)).build());
            MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
            assertThat(ack).as("CONNACK").isNotNull();
            assertThat(ack.variableHeader().connectReturnCode().byteValue() & 0xff).isEqualTo(0x80);
            assertThat(ack.variableHeader().properties().getProperty(MqttPropertyType.REASON_STRING.value()))
                    .isNotNull();
            assertThat(raw.awaitClosed(WAIT)).as("closed after the refusal").isTrue();
        }
        assertThat(authenticator.lastCallOf(id)).as("the plug-in was asked").isNotNull();
        assertThat(connections.connection(id)).as("not connected").isNull();

        assertV5Refused(ScriptedAuthenticator.FAILS, "x", Mqtt5ConnAckReasonCode.UNSPECIFIED_ERROR);
    }

    @Test
    @DisplayName("a failed authentication future is return code 3 server unavailable (3.1.1) — HiveMQ 3.1.1")
    void failedFutureIsServerUnavailableOnV311() {
        assertV3Refused(ScriptedAuthenticator.FAILS, "x", Mqtt3ConnAckReturnCode.SERVER_UNAVAILABLE);
    }

    @Test
    @DisplayName("an authenticator that throws instead of failing its future is treated the same: 0x80 (v5), 3 (3.1.1)")
    void throwingAuthenticatorIsLikeAFailedFuture() {
        assertV5Refused(ScriptedAuthenticator.THROWS, "x", Mqtt5ConnAckReasonCode.UNSPECIFIED_ERROR);
        assertV3Refused(ScriptedAuthenticator.THROWS, "x", Mqtt3ConnAckReturnCode.SERVER_UNAVAILABLE);
    }

    private void assertV5Refused(String username, String password, Mqtt5ConnAckReasonCode expected) {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("port5-refused"));
        assertThatThrownBy(() -> client.connectWith().simpleAuth().username(username)
                .password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
                .as("%s", username)
                .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                        assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(expected));
    }

    private void assertV3Refused(String username, String password, Mqtt3ConnAckReturnCode expected) {
        Mqtt3BlockingClient client = broker.v3Blocking(BrokerPorts.uniqueId("port3-refused"));
        assertThatThrownBy(() -> client.connectWith().simpleAuth().username(username)
                .password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
                .as("%s", username)
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e ->
                        assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(expected));
    }
}
