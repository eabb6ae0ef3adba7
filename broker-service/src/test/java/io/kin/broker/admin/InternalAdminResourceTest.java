package io.kin.broker.admin;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.kin.broker.mqtt.BrokerPorts;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/** The node's internal endpoints the admin API fans out to, against real MQTT clients. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class InternalAdminResourceTest {

    @Inject
    BrokerPorts broker;

    @Inject
    Pool pool;

    @Inject
    io.kin.broker.sys.StatsSampler sampler;

    @Inject
    io.kin.broker.bridge.StoredBridges stored;

    @Inject
    io.kin.broker.bridge.Bridges bridges;

    @Inject
    io.vertx.core.Vertx vertx;

    @Test
    @DisplayName("the node records where its internal endpoints are in kin_node")
    void nodeRecordsItsInternalUrl() throws InterruptedException {
        String expected = "http://127.0.0.1:" + RestAssured.port;
        String url = null;
        // the test's HTTP port is picked at start: recorded at the latest by the first heartbeat, a second in
        for (int i = 0; i < 50 && !expected.equals(url); i++) {
            url = pool.query("SELECT internal_url FROM kin_node WHERE node_id = 'node-1'").execute()
                    .await().atMost(Duration.ofSeconds(10)).iterator().next().getString("internal_url");
            Thread.sleep(100);
        }
        assertThat(url).isEqualTo(expected);
    }

    @Test
    @DisplayName("a connected client is listed and shown with its subscriptions; kick disconnects it with 0x98")
    void clientsAndKick() throws Exception {
        String id = BrokerPorts.uniqueId("int-kick");
        CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
        Mqtt5BlockingClient c = broker.v5(id).addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause()))
                .buildBlocking();
        c.connect();
        c.subscribeWith().topicFilter("int/kick/#").qos(MqttQos.AT_LEAST_ONCE).send();

        given().when().get("/internal/v1/clients").then().statusCode(200).body("clientId", hasItem(id));
        given().when().get("/internal/v1/clients/" + id).then().statusCode(200)
                .body("client.node", equalTo("node-1")).body("client.ipAddress", equalTo("127.0.0.1"))
                .body("client.subscriptions", equalTo(1)).body("subscriptions[0].filter", equalTo("int/kick/#"));
        given().when().get("/internal/v1/subscriptions").then().statusCode(200).body("clientId", hasItem(id));

        given().when().delete("/internal/v1/clients/" + id).then().statusCode(204);
        Throwable cause = disconnected.get(5, TimeUnit.SECONDS);
        assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
        given().when().delete("/internal/v1/clients/" + id).then().statusCode(404);
    }

    @Test
    @DisplayName("publish reaches a subscriber; an invalid topic is refused with 400 and the reason")
    void publish() throws Exception {
        String id = BrokerPorts.uniqueId("int-pub");
        Mqtt5BlockingClient sub = broker.v5Blocking(id);
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("int/pub/" + id).qos(MqttQos.AT_LEAST_ONCE).send();
            given().contentType(ContentType.JSON).body(Map.of("topic", "int/pub/" + id, "payload", "aGk=",
                            "payloadEncoding", "base64", "qos", 1))
                    .when().post("/internal/v1/publish").then().statusCode(200).body("routed", equalTo(1));
            Optional<Mqtt5Publish> got = publishes.receive(5, TimeUnit.SECONDS);
            assertThat(got).isPresent();
            assertThat(new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hi");
        } finally {
            sub.disconnect();
        }
        given().contentType(ContentType.JSON).body(Map.of("topic", "int/#"))
                .when().post("/internal/v1/publish").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("topic", "$SYS/x"))
                .when().post("/internal/v1/publish").then().statusCode(400);
    }

    @Test
    @DisplayName("a deleted retained message is gone for a new subscriber at once")
    void retainedDelete() throws Exception {
        String topic = "int/ret/" + BrokerPorts.uniqueId("t");
        given().contentType(ContentType.JSON).body(Map.of("topic", topic, "payload", "kept", "retain", true))
                .when().post("/internal/v1/publish").then().statusCode(200);
        given().queryParam("filter", "int/ret/#").when().get("/internal/v1/retained").then().statusCode(200)
                .body("topic", hasItem(topic));
        given().queryParam("topic", topic).when().get("/internal/v1/retained/message").then().statusCode(200)
                .body("payload", equalTo("kept"));

        given().queryParam("topic", topic).when().delete("/internal/v1/retained/message").then().statusCode(200)
                .body("existed", equalTo(true));

        Mqtt5BlockingClient c = broker.v5Blocking(BrokerPorts.uniqueId("int-retsub"));
        c.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = c.publishes(MqttGlobalPublishFilter.ALL)) {
            c.subscribeWith().topicFilter(topic).send();
            assertThat(publishes.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            c.disconnect();
        }
        given().queryParam("topic", topic).when().get("/internal/v1/retained/message").then().statusCode(404);
        given().queryParam("filter", "a/#/b").when().get("/internal/v1/retained").then().statusCode(400);
    }

    @Test
    @DisplayName("subscriptions are added to and removed from a session; sessions are listed and deleted")
    void sessionsAndSubscriptions() throws Exception {
        String id = BrokerPorts.uniqueId("int-sess");
        Mqtt5BlockingClient c = broker.v5Blocking(id);
        c.connectWith().sessionExpiryInterval(600).send();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = c.publishes(MqttGlobalPublishFilter.ALL)) {
            given().contentType(ContentType.JSON).body(Map.of("filter", "int/added/" + id, "qos", 1))
                    .when().post("/internal/v1/sessions/" + id + "/subscriptions").then().statusCode(200)
                    .body("filter", equalTo("int/added/" + id));
            given().contentType(ContentType.JSON).body(Map.of("topic", "int/added/" + id, "payload", "x"))
                    .when().post("/internal/v1/publish").then().statusCode(200).body("routed", equalTo(1));
            assertThat(publishes.receive(5, TimeUnit.SECONDS)).isPresent();
            given().queryParam("filter", "int/added/" + id)
                    .when().delete("/internal/v1/sessions/" + id + "/subscriptions").then().statusCode(200)
                    .body("existed", equalTo(true));
            given().contentType(ContentType.JSON).body(Map.of("filter", "bad/#/x"))
                    .when().post("/internal/v1/sessions/" + id + "/subscriptions").then().statusCode(400);
        }
        c.disconnect();
        given().when().get("/internal/v1/sessions").then().statusCode(200).body("clientId", hasItem(id));
        given().when().delete("/internal/v1/sessions/" + id).then().statusCode(204);
        given().when().get("/internal/v1/sessions").then().statusCode(200).body("clientId", not(hasItem(id)));
        given().when().delete("/internal/v1/sessions/" + id).then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("filter", "a"))
                .when().post("/internal/v1/sessions/" + id + "/subscriptions").then().statusCode(404);
    }

    @Test
    @DisplayName("stats are the node's $SYS figures now")
    void stats() {
        given().when().get("/internal/v1/stats").then().statusCode(200).body("node", equalTo("node-1"))
                .body("figures", hasKey("clients/connected")).body("figures", hasKey("uptime"));
    }

    @Test
    @DisplayName("stats history answers this node's samples on the 10 s grid, the newest with the figures now")
    void statsHistory() {
        sampler.sample();
        var json = given().when().get("/internal/v1/stats/history").then().statusCode(200)
                .body("node", equalTo("node-1")).body("stepSeconds", equalTo(10))
                .body("samples[-1].figures", hasKey("clients/connected"))
                .body("samples[-1].figures", hasKey("rate/messages/received"))
                .body("samples[-1].figures", not(hasKey("version")))
                .extract().jsonPath();
        java.util.List<String> times = json.getList("samples.at");
        assertThat(times).isNotEmpty();
        for (String t : times) {
            assertThat(java.time.Instant.parse(t).toEpochMilli() % 10_000).as(t).isZero();
        }
    }

    @Test
    @DisplayName("bridges lists every bridge of the node with its live state; an unknown one is 404")
    void bridgeStatus() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String name = "int-status-" + System.nanoTime();
        pool.preparedQuery("INSERT INTO kin_bridge (name, type, enabled, config) VALUES ($1, 'HTTP', true, $2::text::jsonb)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(name, "{\"settings\": {\"url\": \"http://127.0.0.1:" + port
                        + "/hook\", \"timeout-ms\": \"500\"}, \"backoffMillis\": 100, \"maxBackoffMillis\": 200}"))
                .await().atMost(Duration.ofSeconds(10));
        try {
            stored.reload().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            bridges.send(name, io.kin.broker.bridge.BridgeRecord.of("x".getBytes(StandardCharsets.UTF_8)));
            given().when().get("/internal/v1/bridges").then().statusCode(200)
                    .body("name", hasItem(name));
            // the record fails against the closed port and is retried: DISCONNECTED with the connection error
            String state = null;
            for (int i = 0; i < 100 && !"DISCONNECTED".equals(state); i++) {
                state = given().when().get("/internal/v1/bridges/" + name).then().statusCode(200)
                        .body("node", equalTo("node-1")).body("type", equalTo("HTTP"))
                        .extract().path("state");
                Thread.sleep(50);
            }
            given().when().get("/internal/v1/bridges/" + name).then().statusCode(200)
                    .body("state", equalTo("DISCONNECTED")).body("lastError", org.hamcrest.Matchers.notNullValue())
                    .body("lastErrorAt", org.hamcrest.Matchers.notNullValue())
                    .body("capacity", equalTo(10000)).body("enqueued", equalTo(1));
        } finally {
            pool.preparedQuery("DELETE FROM kin_bridge WHERE name = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(name))
                    .await().atMost(Duration.ofSeconds(10));
            stored.reload().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        given().when().get("/internal/v1/bridges/" + name).then().statusCode(404);
    }

    @Test
    @DisplayName("bridges/test connects to the target of a configuration: ok with the answer, or not ok with the reason")
    void bridgeTest() throws Exception {
        io.vertx.core.http.HttpServer server = vertx.createHttpServer()
                .requestHandler(r -> r.response().setStatusCode(200).end())
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try {
            String url = "http://127.0.0.1:" + server.actualPort() + "/hook";
            given().contentType(ContentType.JSON).body(Map.of("name", "probe", "type", "HTTP",
                            "config", "{\"settings\": {\"url\": \"" + url + "\"}}"))
                    .when().post("/internal/v1/bridges/test").then().statusCode(200)
                    .body("ok", equalTo(true)).body("node", equalTo("node-1"))
                    .body("detail", equalTo("HEAD " + url + " answered HTTP 200"));
            given().contentType(ContentType.JSON).body(Map.of("name", "probe", "type", "MQTT",
                            "config", "{\"settings\": {\"host\": \"127.0.0.1\", \"port\": \"" + closed + "\"}}"))
                    .when().post("/internal/v1/bridges/test").then().statusCode(200)
                    .body("ok", equalTo(false))
                    .body("error", org.hamcrest.Matchers.startsWith("cannot connect to MQTT broker 127.0.0.1:" + closed));
            given().contentType(ContentType.JSON).body(Map.of("name", "probe", "type", "HTTP", "config", "{}"))
                    .when().post("/internal/v1/bridges/test").then().statusCode(400);
        } finally {
            server.close();
        }
    }

    @Test
    @DisplayName("delayed publishes are listed and cancelled")
    void delayed() {
        String topic = "int/delayed/" + BrokerPorts.uniqueId("d");
        Mqtt5BlockingClient c = broker.v5Blocking(BrokerPorts.uniqueId("int-delay"));
        c.connect();
        c.publishWith().topic("$delayed/600/" + topic).payload("later".getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).send();
        c.disconnect();
        long id = given().when().get("/internal/v1/delayed").then().statusCode(200)
                .body("topic", hasItem(topic)).extract().jsonPath()
                .getLong("find { it.topic == '" + topic + "' }.id");
        given().when().delete("/internal/v1/delayed/" + id).then().statusCode(204);
        given().when().get("/internal/v1/delayed").then().body("topic", not(hasItem(topic)));
        given().when().delete("/internal/v1/delayed/" + id).then().statusCode(404);
    }
}
