package io.kin.broker.mqtt;

import io.kin.testkit.PostgresResource;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket that never sends CONNECT is closed after {@code kin.mqtt.connect-timeout} ([MQTT-3.1.4-1] leaves "a
 * reasonable amount of time" to the server). Runs on its own profile with a 1 s timeout, so it restarts the broker.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(ConnectTimeoutTests.OneSecondConnectTimeout.class)
class ConnectTimeoutTests {

    public static final class OneSecondConnectTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.mqtt.connect-timeout", "1");
        }
    }

    @Inject
    BrokerPorts broker;

    @Test
    @DisplayName("a connection that sends no CONNECT within the connect timeout is closed")
    void noConnectWithinTheTimeoutIsClosed() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_5)) {
            assertThat(raw.awaitClosed(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    @DisplayName("a connection that sends half a CONNECT and stalls is closed after the connect timeout")
    void partialConnectIsClosedAfterTheTimeout() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(broker.tcp(), MqttVersion.MQTT_5)) {
            raw.sendBytes(new byte[]{0x10, 0x10, 0x00, 0x04, 'M', 'Q'});
            assertThat(raw.awaitClosed(Duration.ofSeconds(5))).isTrue();
        }
    }
}
