package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Disconnecting a client as an administrative action (MQTT 5 DISCONNECT reason code 0x98). */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class AdministrativeDisconnectTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    BrokerPorts broker;

    @Inject
    MqttConnections connections;

    @Test
    @DisplayName("kick(clientId) sends a v5 client DISCONNECT 0x98 Administrative action")
    void kickDisconnectsAV5ClientWithAdministrativeAction() throws Exception {
        String id = BrokerPorts.uniqueId("kicked");
        CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
        Mqtt5BlockingClient client = broker.v5(id)
                .addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause())).buildBlocking();
        client.connect();

        assertThat(connections.kick(id)).isTrue();

        Throwable cause = disconnected.get(5, TimeUnit.SECONDS);
        assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
        assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
    }

    @Test
    @DisplayName("kick(clientId) closes a 3.1.1 client's connection")
    void kickClosesAV311Connection() throws Exception {
        String id = BrokerPorts.uniqueId("kicked-v3");
        try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_3_1_1, id, true, 60, null)) {
            assertThat(raw.receive(MqttMessageType.CONNACK, WAIT)).isNotNull();
            assertThat(connections.kick(id)).isTrue();
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    @DisplayName("kick of a client that is not connected reports false")
    void kickOfAnUnknownClientReportsFalse() {
        assertThat(connections.kick(BrokerPorts.uniqueId("nobody"))).isFalse();
    }
}
