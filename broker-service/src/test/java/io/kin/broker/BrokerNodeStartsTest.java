package io.kin.broker;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.kin.broker.mqtt.MqttListeners;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class BrokerNodeStartsTest {

    @Inject
    MqttListeners listeners;

    @Inject
    Pool pool;

    @Test
    void readinessIsUpWithDatabaseAndListeners() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("mqtt-listeners"))
                .body("checks.name", hasItem(containsString("PostgreSQL")));
    }

    @Test
    void metricsArePublishedInPrometheusFormat() {
        given().when().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void mqttClientConnectsOverTcp() {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5()
                .identifier("starts-test").serverHost("127.0.0.1")
                .serverPort(listeners.port(MqttListeners.Kind.TCP))
                .buildBlocking();
        Mqtt5ConnAck ack = client.connect();
        assertThat(ack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        client.disconnect();
    }

    @Test
    void mqttClientConnectsOverWebSocket() {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5()
                .identifier("starts-ws-test").serverHost("127.0.0.1")
                .serverPort(listeners.port(MqttListeners.Kind.WS))
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                .buildBlocking();
        assertThat(client.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        client.disconnect();
    }

    @Test
    void nodeIsRegisteredInPostgresAfterMigrations() {
        long nodes = pool.query("SELECT count(*) FROM kin_node WHERE node_id = 'node-1'").execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertThat(nodes).isEqualTo(1);
    }
}
