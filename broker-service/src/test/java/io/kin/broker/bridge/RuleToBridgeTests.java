package io.kin.broker.bridge;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.kin.broker.mqtt.BrokerPorts;
import io.kin.broker.rules.RuleEngine;
import io.kin.broker.rules.RuleMetrics;
import io.kin.broker.store.PgBridgeStore;
import io.kin.rules.bridge.BridgeConfig;
import io.kin.rules.bridge.BridgeType;
import io.kin.testkit.KafkaResource;
import io.kin.testkit.MosquittoProcess;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules whose actions go to bridges, end to end: an MQTT publish, the rule's SQL, the bridge, and the real external
 * system (a local HTTP server, an in-process Kafka broker, the local RabbitMQ, a private Mosquitto) reading what the
 * rule made.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class RuleToBridgeTests {

    @Inject
    BrokerPorts broker;

    @Inject
    Pool pool;

    @Inject
    RuleEngine engine;

    @Inject
    PgBridgeStore bridgeStore;

    @Inject
    Bridges bridges;

    @Inject
    Vertx vertx;

    private HttpServer server;
    private MosquittoProcess mosquitto;
    private Connection rabbit;
    private Channel channel;
    private String exchange;

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            // first: its connections close, so a bridge still waiting for an answer lets go at once
            done(server.close());
        }
        done(pool.query("DELETE FROM kin_rule").execute());
        done(engine.reload());
        done(pool.query("DELETE FROM kin_bridge").execute());
        for (String name : bridges.names()) {
            done(bridges.remove(name));
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
        if (channel != null) {
            channel.exchangeDelete(exchange);
            channel.close();
        }
        if (rabbit != null) {
            rabbit.close();
        }
    }

    private static <T> T done(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void bridge(BridgeConfig config) throws Exception {
        done(bridgeStore.save(config));
        Eventually.until("bridge " + config.name() + " applied", Duration.ofSeconds(10),
                () -> bridges.get(config.name()).isPresent());
    }

    private void rule(String id, String sql, String actionsJson) throws Exception {
        done(pool.preparedQuery("INSERT INTO kin_rule (id, name, sql, enabled, actions) VALUES ($1, $1, $2, true, "
                + "$3::text::jsonb)").execute(Tuple.of(id, sql, actionsJson)));
        done(engine.reload());
    }

    private Mqtt5BlockingClient publisher(String clientId) {
        Mqtt5BlockingClient pub = broker.v5Blocking(clientId);
        pub.connect();
        return pub;
    }

    private static void publish(Mqtt5BlockingClient pub, String topic, String payload) {
        pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8))
                .send();
    }

    /**
     * Starts {@link #server}: it answers 204 and records each request as "METHOD path [X-Device] body".
     */
    private BlockingQueue<String> recordingServer() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String device = req.getHeader("X-Device");
            received.add(req.method() + " " + req.path() + (device == null ? "" : " " + device) + " "
                    + body.toString(StandardCharsets.UTF_8));
            req.response().setStatusCode(204).end();
        }));
        done(server.listen(0, "127.0.0.1"));
        return received;
    }

    @Test
    void ruleRowsReachAnHttpEndpointThroughABridge() throws Exception {
        BlockingQueue<String> received = recordingServer();
        bridge(BridgeConfig.of("hook", BridgeType.HTTP,
                Map.of("url", "http://127.0.0.1:" + server.actualPort() + "/alarms")));
        rule("to-hook", "SELECT payload.level AS level, clientid FROM \"alarm/#\" WHERE level >= 3",
                "[{\"type\": \"bridge\", \"bridge\": \"hook\", \"target\": \"alarms/${clientid}\", "
                        + "\"headers\": {\"X-Device\": \"${clientid}\"}, \"payload\": \"level ${level}\"}]");

        Mqtt5BlockingClient pub = publisher("dev-7");
        publish(pub, "alarm/door", "{\"level\": 1}");
        publish(pub, "alarm/door", "{\"level\": 4}");
        pub.disconnect();

        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("POST /alarms/dev-7 dev-7 level 4");
        assertThat(received.poll(500, TimeUnit.MILLISECONDS)).as("level 1 does not pass").isNull();
        Eventually.until("action counted", Duration.ofSeconds(5),
                () -> engine.metrics().get("to-hook").actionsSucceeded() == 1);
    }

    @Test
    void ruleRowsReachKafkaThroughABridge() throws Exception {
        String servers = KafkaResource.bootstrapServers();
        String topic = KafkaBridgeTest.newTopic();
        bridge(BridgeConfig.of("kafka-main", BridgeType.KAFKA, Map.of("bootstrap-servers", servers, "topic", topic)));
        rule("to-kafka", "SELECT payload.temp AS t, clientid FROM \"sensors/+/temp\" WHERE t > 30",
                "[{\"type\": \"bridge\", \"bridge\": \"kafka-main\", \"key\": \"${clientid}\"}]");

        Mqtt5BlockingClient pub = publisher("b7-1");
        publish(pub, "sensors/b7/temp", "{\"temp\": 31.5}");
        publish(pub, "sensors/b7/temp", "{\"temp\": 12}");
        publish(pub, "sensors/b7/temp", "{\"temp\": 40}");
        pub.disconnect();

        List<ConsumerRecord<String, String>> records = KafkaBridgeTest.read(topic, 2);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("b7-1", "b7-1");
        assertThat(records).extracting(ConsumerRecord::value).containsExactly(
                "{\"t\":31.5,\"clientid\":\"b7-1\"}", "{\"t\":40,\"clientid\":\"b7-1\"}");
    }

    @Test
    void aDeadBridgeNeverHoldsUpMqttTrafficAndItsDropsAreCounted() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        bridge(BridgeConfig.of("dead", BridgeType.HTTP, Map.of("url", "http://127.0.0.1:" + closedPort + "/x",
                "timeout-ms", "500")).withBufferSize(5));
        rule("to-dead", "SELECT * FROM \"busy/#\"", "[{\"type\": \"bridge\", \"bridge\": \"dead\"}]");

        int messages = 200;
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("busy-sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes got = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("busy/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = publisher(BrokerPorts.uniqueId("busy-pub"));
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                publish(pub, "busy/t", "m" + i);
            }
            long publishMillis = (System.nanoTime() - start) / 1_000_000;
            pub.disconnect();
            for (int i = 0; i < messages; i++) {
                assertThat(got.receive(5, TimeUnit.SECONDS)).as("message %d", i).isPresent();
            }
            // each QoS 1 publish waited for its PUBACK only: nothing waited for the bridge's 500 ms timeouts
            assertThat(publishMillis).as("200 acknowledged publishes").isLessThan(20_000);
        } finally {
            sub.disconnect();
        }
        RuleMetrics.Snapshot figures = engine.metrics().get("to-dead");
        assertThat(figures.passed()).isEqualTo(messages);
        assertThat(figures.actionsFailed()).as("buffer of 5: the rest dropped")
                .isGreaterThanOrEqualTo(messages - 5 - 16);
        assertThat(figures.lastError()).contains("buffer is full");
        BridgeStatus status = bridges.get("dead").orElseThrow().status();
        assertThat(status.dropped()).isEqualTo(figures.actionsFailed());
    }

    @Test
    void kafkaRecordValueIsRenderedFromThePayloadTemplate() throws Exception {
        String topic = KafkaBridgeTest.newTopic();
        bridge(BridgeConfig.of("kafka-values", BridgeType.KAFKA, Map.of("bootstrap-servers",
                KafkaResource.bootstrapServers(), "topic", topic)));
        rule("to-kafka-values", "SELECT payload.temp AS t, clientid FROM \"sensors/+/temp\" WHERE t > 30",
                "[{\"type\": \"bridge\", \"bridge\": \"kafka-values\", \"key\": \"${clientid}\", "
                        + "\"payload\": \"${clientid} reports ${t} C\"}]");

        Mqtt5BlockingClient pub = publisher("b7-2");
        publish(pub, "sensors/b7/temp", "{\"temp\": 31.5}");
        publish(pub, "sensors/b7/temp", "{\"temp\": 12}");
        publish(pub, "sensors/b7/temp", "{\"temp\": 40}");
        pub.disconnect();

        List<ConsumerRecord<String, String>> records = KafkaBridgeTest.read(topic, 2);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("b7-2", "b7-2");
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("b7-2 reports 31.5 C",
                "b7-2 reports 40 C");
    }

    @Test
    void ruleRowsReachRabbitMqWithARoutingKeyRenderedFromTheRow() throws Exception {
        rabbit = RabbitMqBridgeTest.connectToRabbitMq("kin-rule-to-bridge-test");
        channel = rabbit.createChannel();
        exchange = "kin-test-" + UUID.randomUUID();
        channel.exchangeDeclare(exchange, "direct", false, true, null);
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, exchange, "site.north.dev-7");
        channel.queueBind(queue, exchange, "site.south.dev-7");
        // the bridge's own routing key is bound to nothing: only the rendered keys reach the queue
        bridge(BridgeConfig.of("rabbit", BridgeType.RABBITMQ, Map.of("uri", RabbitMqBridgeTest.URI,
                "exchange", exchange, "routing-key", "unbound")));
        rule("to-rabbit", "SELECT payload.zone AS zone, payload.level AS level, clientid FROM \"alarm/#\"",
                "[{\"type\": \"bridge\", \"bridge\": \"rabbit\", \"target\": \"site.${zone}.${clientid}\", "
                        + "\"payload\": \"level ${level}\"}]");

        Mqtt5BlockingClient pub = publisher("dev-7");
        publish(pub, "alarm/door", "{\"zone\": \"north\", \"level\": 2}");
        publish(pub, "alarm/door", "{\"zone\": \"south\", \"level\": 7}");
        pub.disconnect();

        List<String> got = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            GetResponse m = RabbitMqBridgeTest.next(channel, queue);
            got.add(m.getEnvelope().getRoutingKey() + " " + new String(m.getBody(), StandardCharsets.UTF_8));
        }
        assertThat(got).containsExactlyInAnyOrder("site.north.dev-7 level 2", "site.south.dev-7 level 7");
        Eventually.until("both confirmed by RabbitMQ", Duration.ofSeconds(10),
                () -> bridges.get("rabbit").orElseThrow().status().sent() == 2);
    }

    @Test
    void ruleRowsReachARemoteMqttBrokerOnATopicRenderedFromTheRow() throws Exception {
        mosquitto = MosquittoProcess.start(null, null);
        Mqtt3BlockingClient remote = MqttClient.builder().useMqttVersion3().identifier(BrokerPorts.uniqueId("remote"))
                .serverHost("127.0.0.1").serverPort(mosquitto.port()).buildBlocking();
        remote.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes got = remote.publishes(MqttGlobalPublishFilter.ALL)) {
            remote.subscribeWith().topicFilter("plant/#").qos(MqttQos.AT_LEAST_ONCE).send();
            bridge(BridgeConfig.of("remote", BridgeType.MQTT, Map.of("host", "127.0.0.1",
                    "port", Integer.toString(mosquitto.port()), "topic", "plant/default")));
            rule("to-remote", "SELECT payload.temp AS t, clientid FROM \"sensors/+/temp\" WHERE t > 30",
                    "[{\"type\": \"bridge\", \"bridge\": \"remote\", \"target\": \"plant/${clientid}/temp\", "
                            + "\"payload\": \"${t}\", \"qos\": 1}]");

            Mqtt5BlockingClient pub = publisher("b7-3");
            publish(pub, "sensors/b7/temp", "{\"temp\": 12}");
            publish(pub, "sensors/b7/temp", "{\"temp\": 31.5}");
            pub.disconnect();

            Mqtt3Publish p = got.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(p.getTopic().toString()).isEqualTo("plant/b7-3/temp");
            assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("31.5");
            assertThat(p.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(got.receive(500, TimeUnit.MILLISECONDS)).as("12 does not pass").isEmpty();
        } finally {
            remote.disconnect();
        }
    }

    @Test
    void oneRuleWithARepublishAndAnHttpBridgeActionDoesBoth() throws Exception {
        BlockingQueue<String> requests = recordingServer();
        bridge(BridgeConfig.of("levels-hook", BridgeType.HTTP,
                Map.of("url", "http://127.0.0.1:" + server.actualPort() + "/hooks/")));
        rule("fan-out", "SELECT payload.level AS level, clientid FROM \"levels/+\" WHERE level >= 3",
                "[{\"type\": \"republish\", \"topic\": \"levels-seen/${clientid}\", \"qos\": 1, "
                        + "\"payload\": \"seen ${level}\"}, "
                        + "{\"type\": \"bridge\", \"bridge\": \"levels-hook\", \"target\": \"levels/${clientid}\", "
                        + "\"payload\": \"level ${level}\"}]");

        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("levels-sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes seen = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("levels-seen/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = publisher("dev-9");
            publish(pub, "levels/boiler", "{\"level\": 1}");
            publish(pub, "levels/boiler", "{\"level\": 5}");
            pub.disconnect();

            Mqtt5Publish republished = seen.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(republished.getTopic().toString()).isEqualTo("levels-seen/dev-9");
            assertThat(new String(republished.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("seen 5");
            assertThat(requests.poll(10, TimeUnit.SECONDS)).isEqualTo("POST /hooks/levels/dev-9 level 5");
            assertThat(seen.receive(300, TimeUnit.MILLISECONDS)).as("level 1 does not pass").isEmpty();
            assertThat(requests.poll(300, TimeUnit.MILLISECONDS)).as("level 1 does not pass").isNull();
        } finally {
            sub.disconnect();
        }
        RuleMetrics.Snapshot figures = engine.metrics().get("fan-out");
        assertThat(figures.passed()).isEqualTo(1);
        assertThat(figures.actionsSucceeded()).as("both actions of the one row").isEqualTo(2);
        assertThat(figures.actionsFailed()).isZero();
    }

    /** How long {@code messages} QoS 1 publishes to {@code topic} take, each waiting for its PUBACK. */
    private static long publishMillis(Mqtt5BlockingClient pub, String topic, int messages) {
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            publish(pub, topic, "m" + i);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void aBridgeThatNeverAnswersLeavesQos1TrafficAtItsPaceAndCountsItsOverflowAsDropped() throws Exception {
        List<HttpServerRequest> unanswered = new CopyOnWriteArrayList<>();
        server = vertx.createHttpServer().requestHandler(unanswered::add); // takes every request, answers none
        done(server.listen(0, "127.0.0.1"));
        int buffer = 20;
        bridge(BridgeConfig.of("stuck", BridgeType.HTTP, Map.of("url", "http://127.0.0.1:" + server.actualPort()
                + "/ingest", "timeout-ms", "60000")).withBufferSize(buffer));
        rule("to-stuck", "SELECT payload, clientid FROM \"load/#\"", "[{\"type\": \"bridge\", \"bridge\": \"stuck\"}]");

        int messages = 300;
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("load-sub"));
        sub.connect();
        long calm;
        long loaded;
        try (Mqtt5BlockingClient.Mqtt5Publishes got = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("calm/#").qos(MqttQos.AT_LEAST_ONCE).send();
            sub.subscribeWith().topicFilter("load/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = publisher(BrokerPorts.uniqueId("load-pub"));
            publish(pub, "load/first", "first");
            Eventually.until("the first request waiting at the endpoint", Duration.ofSeconds(10),
                    () -> unanswered.size() == 1);
            calm = publishMillis(pub, "calm/t", messages); // no rule: the pace to keep
            loaded = publishMillis(pub, "load/t", messages); // every one a row for the stuck bridge
            pub.disconnect();
            for (int i = 0; i < 2 * messages + 1; i++) {
                assertThat(got.receive(5, TimeUnit.SECONDS)).as("message %d", i).isPresent();
            }
        } finally {
            sub.disconnect();
        }
        assertThat(loaded).as("%d QoS 1 publishes feeding the stuck bridge, against %d ms without a rule", messages,
                calm).isLessThan(3 * calm + 1000);

        // the bridge keeps its window of requests open, all unanswered, and buffers behind them what fits
        int rows = messages + 1;
        int window = BridgeConfig.DEFAULT_MAX_INFLIGHT;
        Eventually.until(window + " requests waiting at the endpoint", Duration.ofSeconds(10),
                () -> unanswered.size() == window);
        BridgeStatus status = bridges.get("stuck").orElseThrow().status();
        assertThat(status.sent()).as("sent: %s", status).isZero();
        assertThat(status.failed()).as("nothing timed out yet: %s", status).isZero();
        assertThat(status.depth()).as("buffered: %s", status).isBetween(1, buffer);
        assertThat(status.enqueued()).as("taken: waiting at the endpoint or in the buffer: %s", status)
                .isEqualTo(window + status.depth());
        assertThat(status.dropped()).as("the rest is dropped and counted: %s", status)
                .isEqualTo(rows - status.enqueued()).isGreaterThanOrEqualTo(rows - window - buffer);
        assertThat(status.lastDrop()).startsWith("buffer full (" + buffer + " records)")
                .contains("not keeping up");
        RuleMetrics.Snapshot figures = engine.metrics().get("to-stuck");
        assertThat(figures.actionsSucceeded()).isEqualTo(status.enqueued());
        assertThat(figures.actionsFailed()).isEqualTo(status.dropped());
        assertThat(figures.lastError()).isEqualTo("bridge 'stuck' dropped it: its buffer is full");

        // what the admin API shows for this node
        JsonPath view = given().when().get("/internal/v1/bridges/stuck").then().statusCode(200).extract().jsonPath();
        assertThat(view.getLong("dropped")).isEqualTo(status.dropped());
        assertThat(view.getInt("buffered")).isEqualTo(status.depth());
        assertThat(view.getString("lastDrop")).isEqualTo(status.lastDrop());
    }
}
