package io.kin.broker.mqtt;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
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

/**
 * A listener's CONNECT rate limit ({@code kin.mqtt.max-connect-rate}, here 2 per second): CONNECTs beyond it get
 * CONNACK 0x89 Server busy (MQTT 5 section 3.2.2.2, "try again later") or return code 3 server unavailable (MQTT
 * 3.1.1), and are closed; once the rate allows it, clients get in again. Runs on its own broker (a test profile).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(ConnectRateLimitTests.TwoPerSecond.class)
class ConnectRateLimitTests {

    public static class TwoPerSecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.mqtt.max-connect-rate", "2");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int BURST = 10;

    @Inject
    BrokerPorts broker;

    @Test
    @DisplayName("a burst of CONNECTs over the rate: the excess gets CONNACK 0x89 Server busy and is closed — raw v5")
    void burstBeyondTheRateGetsServerBusyOnV5() throws Exception {
        List<Integer> codes = burst(MqttVersion.MQTT_5);
        assertThat(codes).as("CONNACK codes").allMatch(c -> c == 0x00 || c == 0x89);
        assertThat(codes).as("some are refused as busy").contains(0x89);
        assertThat(codes).as("the burst of one second gets in").contains(0x00);
    }

    @Test
    @DisplayName("a burst of CONNECTs over the rate: the excess gets return code 3 server unavailable — raw 3.1.1")
    void burstBeyondTheRateGetsServerUnavailableOnV311() throws Exception {
        List<Integer> codes = burst(MqttVersion.MQTT_3_1_1);
        assertThat(codes).as("CONNACK codes").allMatch(c -> c == 0x00 || c == 0x03);
        assertThat(codes).as("some are refused").contains(0x03);
        assertThat(codes).as("the burst of one second gets in").contains(0x00);
    }

    @Test
    @DisplayName("a library client refused for the rate sees 0x89 Server busy, and gets in once the rate allows — HiveMQ v5")
    void libraryClientSeesServerBusyAndGetsInLater() throws Exception {
        awaitRefill();
        Mqtt5ConnAckException refused = null;
        for (int i = 0; i < 20 && refused == null; i++) {
            Mqtt5BlockingClient c = broker.v5Blocking(BrokerPorts.uniqueId("rate-lib"));
            try {
                c.connect();
                c.disconnect();
            } catch (Mqtt5ConnAckException e) {
                refused = e;
            }
        }
        assertThat(refused).as("a CONNECT over the rate is refused").isNotNull();
        assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SERVER_BUSY);

        awaitRefill();
        Mqtt5BlockingClient later = broker.v5Blocking(BrokerPorts.uniqueId("rate-later"));
        assertThat(later.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        later.disconnect();
    }

    /** Sends {@link #BURST} CONNECTs back to back on as many sockets, then returns their CONNACK codes in order. */
    private List<Integer> burst(MqttVersion version) throws Exception {
        awaitRefill();
        List<RawMqttClient> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < BURST; i++) {
                sockets.add(RawMqttClient.connect(broker.tcp(), version, BrokerPorts.uniqueId("rate"), true, 60, null));
            }
            List<Integer> codes = new ArrayList<>();
            for (RawMqttClient raw : sockets) {
                MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
                assertThat(ack).as("CONNACK").isNotNull();
                int code = ack.variableHeader().connectReturnCode().byteValue() & 0xff;
                codes.add(code);
                if (code != 0) {
                    assertThat(raw.awaitClosed(WAIT)).as("closed after the refusal").isTrue();
                }
            }
            return codes;
        } finally {
            for (RawMqttClient raw : sockets) {
                raw.close();
            }
        }
    }

    /** The bucket holds one second's worth of CONNECTs: after a second without any it is full again. */
    private static void awaitRefill() throws InterruptedException {
        Thread.sleep(1_100);
    }
}
