package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Per-listener limits: at most {@code kin.mqtt.max-connections} connections at a time; a CONNECT beyond the limit is
 * refused with 0x97 Quota exceeded (MQTT 5 section 3.2.2.2: an administrative limit) or, for MQTT 3, return code 3.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(ListenerLimitsTests.ThreeConnections.class)
class ListenerLimitsTests {

    public static class ThreeConnections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.mqtt.max-connections", "3");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    BrokerPorts broker;

    @Test
    void connectionsBeyondTheLimitAreRefusedAndFreedSlotsAreReused() throws Exception {
        List<Mqtt5BlockingClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Mqtt5BlockingClient c = broker.v5Blocking(BrokerPorts.uniqueId("limit"));
            c.connect();
            clients.add(c);
        }
        Mqtt5BlockingClient fourth = broker.v5Blocking(BrokerPorts.uniqueId("limit-over"));
        assertThatThrownBy(fourth::connect).as("the fourth socket is closed").isNotNull();

        clients.remove(0).disconnect();
        // the slot comes back once the server has seen the close
        Mqtt5BlockingClient again = null;
        for (int i = 0; i < 50 && again == null; i++) {
            Mqtt5BlockingClient c = broker.v5Blocking(BrokerPorts.uniqueId("limit-again"));
            try {
                c.connect();
                again = c;
            } catch (RuntimeException e) {
                Thread.sleep(100);
            }
        }
        assertThat(again).as("a freed slot is reused").isNotNull();
        again.disconnect();
        clients.forEach(Mqtt5BlockingClient::disconnect);
    }

    @Test
    @DisplayName("a CONNECT beyond the limit gets CONNACK 0x97 Quota exceeded (v5) / return code 3 server unavailable "
            + "(3.1.1), then the socket is closed")
    void connectBeyondTheLimitGetsQuotaExceeded() throws Exception {
        List<Mqtt5BlockingClient> clients = fillToTheLimit();
        try {
            Mqtt5BlockingClient library = broker.v5Blocking(BrokerPorts.uniqueId("limit-v5"));
            assertThatThrownBy(library::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class, e ->
                    assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.QUOTA_EXCEEDED));

            try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5,
                    BrokerPorts.uniqueId("limit-raw5"), true, 60, null)) {
                MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
                assertThat(ack).as("CONNACK").isNotNull();
                assertThat(ack.variableHeader().connectReturnCode().byteValue() & 0xff).isEqualTo(0x97);
                assertThat(raw.awaitClosed(WAIT)).as("closed after the refusal").isTrue();
            }
            try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_3_1_1,
                    BrokerPorts.uniqueId("limit-raw3"), true, 60, null)) {
                MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
                assertThat(ack).as("CONNACK").isNotNull();
                assertThat(ack.variableHeader().connectReturnCode())
                        .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
                assertThat(raw.awaitClosed(WAIT)).as("closed after the refusal").isTrue();
            }
        } finally {
            clients.forEach(Mqtt5BlockingClient::disconnect);
        }
    }

    @Test
    @DisplayName("at the limit, at most 64 sockets at a time are kept to answer their CONNECT with 0x97: one more is "
            + "closed without CONNACK, and once they are gone a CONNECT gets 0x97 again")
    void socketBeyondTheRefusalSlotsIsClosedWithoutConnack() throws Exception {
        List<Mqtt5BlockingClient> clients = fillToTheLimit();
        List<java.net.Socket> holders = new ArrayList<>();
        try {
            // sockets that never send CONNECT hold the refusal slots (each for at most 5 seconds)
            for (int i = 0; i < MqttListeners.REFUSAL_SLOTS; i++) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", broker.tcp());
                holders.add(s);
            }
            Thread.sleep(500); // let the listener take them all in before the extra one
            try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_5)) {
                try {
                    raw.send(io.netty.handler.codec.mqtt.MqttMessageBuilders.connect()
                            .protocolVersion(MqttVersion.MQTT_5).clientId(BrokerPorts.uniqueId("limit-extra"))
                            .cleanSession(true).keepAlive(60).build());
                } catch (java.io.IOException closedAlready) {
                    // the server may have closed the socket before the CONNECT was written
                }
                assertThat(raw.awaitClosed(Duration.ofSeconds(3))).as("closed at once, long before the slots "
                        + "time out").isTrue();
                assertThat(raw.receive(Duration.ZERO)).as("no CONNACK").isNull();
            }
        } finally {
            for (java.net.Socket s : holders) {
                s.close();
            }
        }
        try {
            // the slots come back once the server has seen the closes
            Integer code = null;
            for (int attempt = 0; attempt < 50 && code == null; attempt++) {
                try (RawMqttClient raw = RawMqttClient.connect(broker.tcp(), MqttVersion.MQTT_5,
                        BrokerPorts.uniqueId("limit-after"), true, 60, null)) {
                    MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK,
                            Duration.ofMillis(500));
                    if (ack != null) {
                        code = ack.variableHeader().connectReturnCode().byteValue() & 0xff;
                    }
                }
            }
            assertThat(code).as("a freed refusal slot answers 0x97 again").isEqualTo(0x97);
        } finally {
            clients.forEach(Mqtt5BlockingClient::disconnect);
        }
    }

    /** Connects clients up to the limit, retrying while slots of earlier tests are still being freed. */
    private List<Mqtt5BlockingClient> fillToTheLimit() throws InterruptedException {
        List<Mqtt5BlockingClient> clients = new ArrayList<>();
        for (int attempt = 0; attempt < 100 && clients.size() < 3; attempt++) {
            Mqtt5BlockingClient c = broker.v5Blocking(BrokerPorts.uniqueId("limit-fill"));
            try {
                c.connect();
                clients.add(c);
            } catch (RuntimeException e) {
                Thread.sleep(100);
            }
        }
        assertThat(clients).as("connected up to the limit").hasSize(3);
        return clients;
    }
}
