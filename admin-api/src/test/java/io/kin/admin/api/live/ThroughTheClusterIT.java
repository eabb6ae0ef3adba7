package io.kin.admin.api.live;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.kin.testkit.BrokerNodeProcess;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.kin.admin.api.AsAdmin.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * The admin API as a Hazelcast client of a two-node broker cluster: live state of both nodes and commands to the
 * node holding a client travel through the cluster. The brokers announce an internal URL nobody listens on, so a
 * pass cannot come from the HTTP path.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = ClusterPorts.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThroughTheClusterIT {

    BrokerNodeProcess one;
    BrokerNodeProcess two;

    @BeforeAll
    void startCluster() throws Exception {
        one = node("cluster-it-1", ClusterPorts.first);
        two = node("cluster-it-2", ClusterPorts.second);
        one.start();
        two.start();
    }

    /** Waits (once) until the admin API sees both nodes; RestAssured is pointed at it only before each test. */
    @BeforeEach
    void bothNodesSeen() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> nodes = given().when().get("/api/v1/stats").then().extract().jsonPath()
                    .getMap("nodes");
            if (nodes != null && nodes.keySet().containsAll(List.of("cluster-it-1", "cluster-it-2"))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the admin API did not see both nodes through the cluster within 60 s");
    }

    private static BrokerNodeProcess node(String id, int hazelcastPort) throws Exception {
        var config = ConfigProvider.getConfig();
        return new BrokerNodeProcess(BrokerNodeProcess.defaultJar(), id,
                config.getValue("kin.db.url", String.class), config.getValue("kin.db.user", String.class),
                config.getValue("kin.db.password", String.class), Path.of("target", id + ".log"),
                Map.of("KIN_CLUSTER_ENABLED", "true", "KIN_CLUSTER_NAME", "admin-it",
                        "KIN_CLUSTER_HOST", "127.0.0.1", "KIN_CLUSTER_PORT", Integer.toString(hazelcastPort),
                        "KIN_CLUSTER_MEMBERS", ClusterPorts.members(),
                        "KIN_NODE_INTERNAL_URL", "http://127.0.0.1:9"));
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (BrokerNodeProcess p : new BrokerNodeProcess[]{two, one}) {
            if (p != null) {
                p.close();
            }
        }
    }

    private static Mqtt5BlockingClient connected(String id, BrokerNodeProcess node) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(node.mqttPort()).buildBlocking();
        c.connect();
        return c;
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    @DisplayName("clients on both nodes are listed with their node, and one on node 2 is kicked through the cluster")
    void liveStateAndKickTravelThroughTheCluster() throws Exception {
        String a = id("on-one");
        String b = id("on-two");
        Mqtt5BlockingClient ca = connected(a, one);
        CompletableFuture<Throwable> kicked = new CompletableFuture<>();
        Mqtt5BlockingClient cb = MqttClient.builder().useMqttVersion5().identifier(b).serverHost("127.0.0.1")
                .serverPort(two.mqttPort()).addDisconnectedListener(ctx -> kicked.complete(ctx.getCause()))
                .buildBlocking();
        cb.connect();
        try {
            given().queryParam("clientId", "on-").queryParam("limit", 1000).when().get("/api/v1/clients").then()
                    .statusCode(200).body("items.clientId", hasItems(a, b));
            given().when().get("/api/v1/clients/" + b).then().statusCode(200)
                    .body("client.node", equalTo("cluster-it-2"));
            given().when().get("/api/v1/clients/" + a).then().statusCode(200)
                    .body("client.node", equalTo("cluster-it-1"));

            given().when().delete("/api/v1/clients/" + b).then().statusCode(204);
            Throwable cause = kicked.get(10, TimeUnit.SECONDS);
            assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
            assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
            assertThat(ca.getState().isConnected()).as("the client on node 1 stays").isTrue();
        } finally {
            ca.disconnect();
        }
    }

    @Test
    @DisplayName("a publish through the admin API reaches a subscriber on the other node")
    void publishReachesASubscriberOnAnyNode() throws Exception {
        String id = id("sub-two");
        Mqtt5BlockingClient sub = connected(id, two);
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("cluster-it/" + id).qos(MqttQos.AT_LEAST_ONCE).send();
            given().contentType(ContentType.JSON)
                    .body(Map.of("topic", "cluster-it/" + id, "payload", "through the cluster", "qos", 1))
                    .when().post("/api/v1/publish").then().statusCode(200);
            Optional<Mqtt5Publish> got = publishes.receive(10, TimeUnit.SECONDS);
            assertThat(got).isPresent();
            assertThat(new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("through the cluster");
        } finally {
            sub.disconnect();
        }
    }
}
