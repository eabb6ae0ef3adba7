package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Server redirection (MQTT 5 section 4.11): a draining node sends its MQTT 5 clients elsewhere with DISCONNECT
 * 0x9C / 0x9D and a Server Reference, and refuses new ones with CONNACK carrying the same; MQTT 3.1.1 clients are
 * told the server is unavailable. Every test stops the redirection afterwards.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class ServerRedirectionTests {

    private static final String OTHER = "other-node:1883";

    @Inject
    BrokerPorts broker;

    @Inject
    ServerRedirection redirection;

    @AfterEach
    void stopRedirecting() {
        redirection.stop();
    }

    @Test
    @DisplayName("draining sends a connected v5 client DISCONNECT 0x9C Use another server with the "
            + "Server Reference")
    void connectedClientIsToldToUseAnotherServer() throws Exception {
        Mqtt5Disconnect disconnect = drainWithConnectedClient(false);
        assertThat(disconnect.getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.USE_ANOTHER_SERVER);
        assertThat(disconnect.getServerReference().map(Object::toString)).hasValue(OTHER);
    }

    @Test
    @DisplayName("permanent redirection sends DISCONNECT 0x9D Server moved")
    void connectedClientIsToldTheServerMoved() throws Exception {
        Mqtt5Disconnect disconnect = drainWithConnectedClient(true);
        assertThat(disconnect.getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.SERVER_MOVED);
        assertThat(disconnect.getServerReference().map(Object::toString)).hasValue(OTHER);
    }

    @Test
    @DisplayName("while redirecting, a new v5 CONNECT is refused with CONNACK 0x9C and the Server Reference")
    void newConnectionIsRefusedWithServerReference() {
        redirection.drainTo(OTHER, false);
        Mqtt5ConnAck ack = refusedConnAck();
        assertThat(ack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.USE_ANOTHER_SERVER);
        assertThat(ack.getServerReference().map(Object::toString)).hasValue(OTHER);
    }

    @Test
    @DisplayName("while redirecting permanently, a new v5 CONNECT is refused with CONNACK 0x9D")
    void newConnectionIsRefusedWithServerMoved() {
        redirection.drainTo(OTHER, true);
        Mqtt5ConnAck ack = refusedConnAck();
        assertThat(ack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SERVER_MOVED);
        assertThat(ack.getServerReference().map(Object::toString)).hasValue(OTHER);
    }

    @Test
    @DisplayName("while redirecting, a 3.1.1 CONNECT is refused with return code 3 Server unavailable")
    void mqtt311ConnectIsRefusedWithServerUnavailable() {
        redirection.drainTo(OTHER, false);
        Mqtt3BlockingClient client = broker.v3Blocking(BrokerPorts.uniqueId("redirect-v3"));
        assertThatThrownBy(client::connect).isInstanceOfSatisfying(Mqtt3ConnAckException.class, e ->
                assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SERVER_UNAVAILABLE));
    }

    @Test
    @DisplayName("stop() accepts connections again")
    void stopRestoresNormalService() {
        redirection.drainTo(OTHER, false);
        refusedConnAck();
        redirection.stop();
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("redirect-back"));
        assertThat(client.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        client.disconnect();
    }

    private Mqtt5Disconnect drainWithConnectedClient(boolean permanent) throws Exception {
        CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
        Mqtt5BlockingClient client = broker.v5(BrokerPorts.uniqueId("redirected"))
                .addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause())).buildBlocking();
        client.connect();
        redirection.drainTo(OTHER, permanent);
        Throwable cause = disconnected.get(5, TimeUnit.SECONDS);
        assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
        return ((Mqtt5DisconnectException) cause).getMqttMessage();
    }

    private Mqtt5ConnAck refusedConnAck() {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("redirect-new"));
        try {
            client.connect();
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage();
        }
        client.disconnect();
        throw new AssertionError("CONNECT was accepted while redirecting");
    }
}
