package io.kin.admin.api.live;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.kin.admin.api.AsAdmin.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Live state and commands against a real broker node: the packaged broker runs as its own process on the same
 * PostgreSQL as the admin API under test, registers its internal URL in kin_node, and real MQTT clients use it.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveStateIT {

    private static final String NODE = "admin-it-node";

    BrokerNodeProcess broker;

    @BeforeAll
    void startBroker() throws Exception {
        var config = ConfigProvider.getConfig();
        broker = new BrokerNodeProcess(BrokerNodeProcess.defaultJar(), NODE,
                config.getValue("kin.db.url", String.class), config.getValue("kin.db.user", String.class),
                config.getValue("kin.db.password", String.class), Path.of("target", "live-state-broker.log"),
                Map.of()).start();
    }

    @AfterAll
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private Mqtt5ClientBuilder client(String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(broker.mqttPort());
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    @DisplayName("a connected client is listed, found by client id and node, and shown with its subscriptions")
    void clientsAreListedAndShown() {
        String id = id("it-list");
        Mqtt5BlockingClient c = client(id).buildBlocking();
        c.connect();
        try {
            c.subscribeWith().topicFilter("it/list/#").qos(MqttQos.AT_LEAST_ONCE).send();
            given().queryParam("clientId", id.substring(0, 10)).queryParam("node", NODE)
                    .when().get("/api/v1/clients").then().statusCode(200)
                    .body("items.clientId", hasItem(id))
                    .body("total", greaterThanOrEqualTo(1));
            given().queryParam("ip", "127.0.0.1").queryParam("limit", 1000)
                    .when().get("/api/v1/clients").then().statusCode(200).body("items.clientId", hasItem(id));
            // an anonymous client matches no username search
            given().queryParam("clientId", id).queryParam("username", "someone")
                    .when().get("/api/v1/clients").then().statusCode(200).body("total", equalTo(0));
            given().queryParam("clientId", id).queryParam("node", "other-node")
                    .when().get("/api/v1/clients").then().statusCode(200).body("total", equalTo(0));
            given().when().get("/api/v1/clients/" + id).then().statusCode(200)
                    .body("client.node", equalTo(NODE))
                    .body("client.protocolVersion", equalTo(5))
                    .body("client.ipAddress", equalTo("127.0.0.1"))
                    .body("client.subscriptions", equalTo(1))
                    .body("client.inflight", equalTo(0))
                    .body("client.queued", equalTo(0))
                    .body("client.connectedAt", notNullValue())
                    .body("subscriptions[0].filter", equalTo("it/list/#"))
                    .body("subscriptions[0].qos", equalTo(1));
            given().queryParam("clientId", id).when().get("/api/v1/subscriptions").then().statusCode(200)
                    .body("items.filter", hasItem("it/list/#"));
        } finally {
            c.disconnect();
        }
        given().when().get("/api/v1/clients/" + id).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    @DisplayName("kick disconnects a real MQTT client with 0x98 Administrative action")
    void kickDisconnectsARealClient() throws Exception {
        String id = id("it-kick");
        CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
        Mqtt5BlockingClient c = client(id).addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause()))
                .buildBlocking();
        c.connect();

        given().when().delete("/api/v1/clients/" + id).then().statusCode(204);

        Throwable cause = disconnected.get(10, TimeUnit.SECONDS);
        assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
        assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
        given().when().delete("/api/v1/clients/" + id).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    @DisplayName("publish through the admin API reaches a real subscriber")
    void publishReachesARealSubscriber() throws Exception {
        String id = id("it-sub");
        Mqtt5BlockingClient sub = client(id).buildBlocking();
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("it/pub/" + id + "/#").qos(MqttQos.AT_LEAST_ONCE).send();

            given().contentType(ContentType.JSON)
                    .body(Map.of("topic", "it/pub/" + id + "/a", "payload", "hello from the API", "qos", 1,
                            "contentType", "text/plain", "responseTopic", "it/replies/" + id,
                            "correlationData", "req-42",
                            "userProperties", List.of(Map.of("key", "origin", "value", "console"),
                                    Map.of("key", "origin", "value", "again"))))
                    .when().post("/api/v1/publish").then().statusCode(200)
                    .body("node", equalTo(NODE)).body("routed", equalTo(1));

            Optional<Mqtt5Publish> got = publishes.receive(10, TimeUnit.SECONDS);
            assertThat(got).isPresent();
            assertThat(got.get().getTopic().toString()).isEqualTo("it/pub/" + id + "/a");
            assertThat(new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("hello from the API");
            assertThat(got.get().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(got.get().getContentType().map(Object::toString)).contains("text/plain");
            assertThat(got.get().getResponseTopic().map(Object::toString)).contains("it/replies/" + id);
            assertThat(got.get().getCorrelationData().map(b -> StandardCharsets.UTF_8.decode(b).toString()))
                    .contains("req-42");
            assertThat(got.get().getUserProperties().asList()).extracting(p -> p.getName() + "=" + p.getValue())
                    .containsExactly("origin=console", "origin=again");
        } finally {
            sub.disconnect();
        }
        given().contentType(ContentType.JSON).body(Map.of("topic", "it/+/bad", "payload", "x"))
                .when().post("/api/v1/publish").then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("topic", "it/x", "qos", 3))
                .when().post("/api/v1/publish").then().statusCode(400);
    }

    @Test
    @DisplayName("a retained message is listed and read; once deleted a new subscriber does not get it")
    void retainedDeleteIsSeenByANewSubscriber() throws Exception {
        String topic = "it/ret/" + id("t");
        Mqtt5BlockingClient pub = client(id("it-retpub")).buildBlocking();
        pub.connect();
        pub.publishWith().topic(topic).payload("kept".getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE)
                .retain(true).send();
        pub.disconnect();

        given().queryParam("filter", "it/ret/#").when().get("/api/v1/retained").then().statusCode(200)
                .body("items.topic", hasItem(topic));
        given().queryParam("topic", topic).when().get("/api/v1/retained/message").then().statusCode(200)
                .body("payload", equalTo("kept")).body("payloadEncoding", equalTo("plain")).body("qos", equalTo(1));
        // a new subscriber gets it before the delete
        assertThat(retainedFor(topic)).contains("kept");

        given().queryParam("topic", topic).when().delete("/api/v1/retained/message").then().statusCode(204);

        assertThat(retainedFor(topic)).isEmpty();
        given().queryParam("topic", topic).when().get("/api/v1/retained/message").then().statusCode(404);
        given().queryParam("topic", topic).when().delete("/api/v1/retained/message").then().statusCode(404);
        given().queryParam("filter", "it/#/bad").when().get("/api/v1/retained").then().statusCode(400)
                .contentType("application/problem+json");
    }

    /** What a brand-new subscriber to the topic gets as retained message within a second. */
    private Optional<String> retainedFor(String topic) throws Exception {
        Mqtt5BlockingClient c = client(id("it-retsub")).buildBlocking();
        c.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = c.publishes(MqttGlobalPublishFilter.ALL)) {
            c.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            return publishes.receive(1, TimeUnit.SECONDS)
                    .map(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
        } finally {
            c.disconnect();
        }
    }

    @Test
    @DisplayName("a subscription added through the API for a client delivers to it; removing it stops that")
    void subscriptionAddedThroughTheApi() throws Exception {
        String id = id("it-addsub");
        Mqtt5BlockingClient c = client(id).buildBlocking();
        c.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = c.publishes(MqttGlobalPublishFilter.ALL)) {
            given().contentType(ContentType.JSON).body(Map.of("filter", "it/added/" + id, "qos", 1))
                    .when().post("/api/v1/clients/" + id + "/subscriptions").then().statusCode(201)
                    .body("filter", equalTo("it/added/" + id)).body("qos", equalTo(1));
            given().contentType(ContentType.JSON).body(Map.of("topic", "it/added/" + id, "payload", "one"))
                    .when().post("/api/v1/publish").then().statusCode(200).body("routed", equalTo(1));
            assertThat(publishes.receive(10, TimeUnit.SECONDS)).isPresent();

            given().queryParam("filter", "it/added/" + id)
                    .when().delete("/api/v1/clients/" + id + "/subscriptions").then().statusCode(204);
            given().contentType(ContentType.JSON).body(Map.of("topic", "it/added/" + id, "payload", "two"))
                    .when().post("/api/v1/publish").then().statusCode(200).body("routed", equalTo(0));
            assertThat(publishes.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            c.disconnect();
        }
        given().contentType(ContentType.JSON).body(Map.of("filter", "a/#/b"))
                .when().post("/api/v1/clients/" + id("nobody") + "/subscriptions").then().statusCode(404);
    }

    @Test
    @DisplayName("a persistent session is listed after its client left, and deleting it ends it")
    void persistentSessionListedAndDeleted() {
        String id = id("it-sess");
        Mqtt5BlockingClient c = client(id).buildBlocking();
        c.connectWith().cleanStart(true).sessionExpiryInterval(3600).send();
        c.subscribeWith().topicFilter("it/sess/#").qos(MqttQos.AT_LEAST_ONCE).send();
        c.disconnect();

        given().queryParam("clientId", id).queryParam("persistent", true).when().get("/api/v1/sessions").then()
                .statusCode(200).body("total", equalTo(1)).body("items[0].connected", equalTo(false))
                .body("items[0].subscriptions", equalTo(1)).body("items[0].node", equalTo(NODE));

        given().when().delete("/api/v1/sessions/" + id).then().statusCode(204);
        given().queryParam("clientId", id).when().get("/api/v1/sessions").then().statusCode(200)
                .body("total", equalTo(0));
        given().when().delete("/api/v1/sessions/" + id).then().statusCode(404);
    }

    @Test
    @DisplayName("stats give the $SYS figures of the cluster and of each node")
    void stats() {
        given().when().get("/api/v1/stats").then().statusCode(200)
                .body("nodes", hasKey(NODE))
                .body("cluster", hasKey("clients/connected"))
                .body("cluster.'messages/received'", notNullValue());
        given().when().get("/api/v1/stats/nodes/" + NODE).then().statusCode(200).body("$", hasKey("uptime"));
        given().when().get("/api/v1/stats/nodes/no-such-node").then().statusCode(404);
        given().when().get("/api/v1/nodes").then().statusCode(200)
                .body("find { it.nodeId == '" + NODE + "' }.up", equalTo(true));
    }

    @Test
    @DisplayName("delayed publishes are listed and can be cancelled")
    void delayedListAndCancel() {
        String topic = "it/delayed/" + id("d");
        Mqtt5BlockingClient c = client(id("it-delay")).buildBlocking();
        c.connect();
        c.publishWith().topic("$delayed/600/" + topic).payload("later".getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).send();
        c.disconnect();

        long delayedId = given().queryParam("topic", topic).when().get("/api/v1/delayed").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].topic", equalTo(topic))
                .body("items[0].payload", equalTo("later")).extract().jsonPath().getLong("items[0].id");
        given().when().delete("/api/v1/delayed/" + delayedId).then().statusCode(204);
        given().queryParam("topic", topic).when().get("/api/v1/delayed").then().body("total", equalTo(0));
        given().when().delete("/api/v1/delayed/" + delayedId).then().statusCode(404);
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Asks until the answer matches (brokers apply bridge changes within a second). */
    private static io.restassured.path.json.JsonPath statusUntil(String bridge,
                                                                 java.util.function.Predicate<io.restassured.path.json.JsonPath> done)
            throws InterruptedException {
        io.restassured.path.json.JsonPath json = null;
        for (int i = 0; i < 100; i++) {
            json = given().when().get("/api/v1/bridges/" + bridge + "/status").then().statusCode(200)
                    .extract().jsonPath();
            if (done.test(json)) {
                return json;
            }
            Thread.sleep(100);
        }
        return json;
    }

    @Test
    @DisplayName("a bridge's status shows its state on the node: connected, or disconnected with the error")
    void bridgeStatusOnTheNode() throws Exception {
        com.sun.net.httpserver.HttpServer target = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", ex -> {
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        target.start();
        String up = id("it-up");
        String down = id("it-down");
        int closed = closedPort();
        try {
            given().contentType(ContentType.JSON).body(Map.of("name", up, "type", "HTTP",
                            "settings", Map.of("url", "http://127.0.0.1:" + target.getAddress().getPort() + "/in")))
                    .when().post("/api/v1/bridges").then().statusCode(201);
            given().contentType(ContentType.JSON).body(Map.of("name", down, "type", "MQTT",
                            "settings", Map.of("host", "127.0.0.1", "port", Integer.toString(closed),
                                    "timeout-ms", "1000"), "backoffMillis", 100, "maxBackoffMillis", 500))
                    .when().post("/api/v1/bridges").then().statusCode(201);

            var ok = statusUntil(up, j -> "CONNECTED".equals(j.getString("state")));
            assertThat(ok.getString("state")).isEqualTo("CONNECTED");
            assertThat(ok.getInt("nodesUp")).isGreaterThanOrEqualTo(1);
            assertThat(ok.getInt("nodesConnected")).isEqualTo(1);
            assertThat(ok.getList("nodes.node")).containsExactly(NODE);
            assertThat(ok.getString("nodes[0].type")).isEqualTo("HTTP");
            assertThat(ok.getInt("nodes[0].capacity")).isEqualTo(10000);

            var failing = statusUntil(down, j -> "DISCONNECTED".equals(j.getString("state")));
            assertThat(failing.getString("state")).isEqualTo("DISCONNECTED");
            assertThat(failing.getString("lastError")).startsWith("cannot connect to MQTT broker 127.0.0.1:" + closed);
            assertThat(failing.getString("lastErrorNode")).isEqualTo(NODE);
            assertThat(failing.getString("lastErrorAt")).isNotNull();

            given().when().post("/api/v1/bridges/" + down + "/disable").then().statusCode(200);
            var disabled = statusUntil(down, j -> "DISABLED".equals(j.getString("nodes[0].state")));
            assertThat(disabled.getString("state")).isEqualTo("DISABLED");
            assertThat(disabled.getString("nodes[0].state")).isEqualTo("DISABLED");
        } finally {
            target.stop(0);
            given().when().delete("/api/v1/bridges/" + up);
            given().when().delete("/api/v1/bridges/" + down);
        }
        given().when().get("/api/v1/bridges/" + up + "/status").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    @DisplayName("test connection reaches an HTTP target served by the test, and reports an unreachable one")
    void bridgeTestConnection() throws Exception {
        java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer target = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " "
                    + ex.getRequestHeaders().getFirst("X-Secret"));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        target.start();
        String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/hook";
        String stored = id("it-probe");
        try {
            // unsaved form values
            given().contentType(ContentType.JSON).body(Map.of("name", "probe", "type", "HTTP",
                            "settings", Map.of("url", url, "header.X-Secret", "s1")))
                    .when().post("/api/v1/bridges/test").then().statusCode(200)
                    .body("ok", equalTo(true)).body("node", equalTo(NODE))
                    .body("detail", equalTo("HEAD " + url + " answered HTTP 200"))
                    .body("millis", greaterThanOrEqualTo(0));
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("HEAD /hook s1");

            int closed = closedPort();
            given().contentType(ContentType.JSON).body(Map.of("name", "probe", "type", "HTTP",
                            "settings", Map.of("url", "http://127.0.0.1:" + closed + "/hook", "timeout-ms", "2000")))
                    .when().post("/api/v1/bridges/test").then().statusCode(200)
                    .body("ok", equalTo(false)).body("node", equalTo(NODE))
                    .body("error", org.hamcrest.Matchers.startsWith("no answer from http://127.0.0.1:" + closed));

            // a stored bridge is tried with its stored secret, which reads are never given
            given().contentType(ContentType.JSON).body(Map.of("name", stored, "type", "HTTP",
                            "settings", Map.of("url", url, "header.Authorization", "Bearer s2")))
                    .when().post("/api/v1/bridges").then().statusCode(201);
            given().when().post("/api/v1/bridges/" + stored + "/test").then().statusCode(200)
                    .body("ok", equalTo(true));
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("HEAD /hook null");

            given().contentType(ContentType.JSON).body(Map.of("name", "probe", "type", "HTTP",
                            "settings", Map.of("url", "ftp://127.0.0.1/x")))
                    .when().post("/api/v1/bridges/test").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("settings.url"));
        } finally {
            target.stop(0);
            given().when().delete("/api/v1/bridges/" + stored);
        }
    }

    @Test
    @DisplayName("stats history has the node's samples on the 10 s grid, for the cluster and for the node")
    void statsHistory() {
        var cluster = given().when().get("/api/v1/stats/history").then().statusCode(200)
                .body("node", equalTo(null)).body("stepSeconds", equalTo(10))
                .body("nodes", hasItem(NODE))
                .body("samples[-1].figures", hasKey("clients/connected"))
                .body("samples[-1].figures", hasKey("rate/messages/received"))
                .extract().jsonPath();
        List<String> times = cluster.getList("samples.at");
        assertThat(times).isNotEmpty();
        for (String t : times) {
            assertThat(java.time.OffsetDateTime.parse(t).toEpochSecond() % 10).as(t).isZero();
        }
        given().queryParam("node", NODE).when().get("/api/v1/stats/history").then().statusCode(200)
                .body("node", equalTo(NODE)).body("nodes", equalTo(List.of(NODE)))
                .body("samples[0].nodes", equalTo(1));
        given().queryParam("node", "no-such-node").when().get("/api/v1/stats/history").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
