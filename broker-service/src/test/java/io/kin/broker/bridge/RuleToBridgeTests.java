package io.kin.broker.bridge;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.kin.broker.mqtt.BrokerPorts;
import io.kin.broker.rules.RuleEngine;
import io.kin.broker.rules.RuleMetrics;
import io.kin.broker.store.PgBridgeStore;
import io.kin.rules.bridge.BridgeConfig;
import io.kin.rules.bridge.BridgeType;
import io.kin.testkit.KafkaResource;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules whose actions go to bridges, end to end: an MQTT publish, the rule's SQL, the bridge, and the real external
 * system (a local HTTP server, an in-process Kafka broker) reading what the rule made.
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

    @AfterEach
    void cleanUp() throws Exception {
        done(pool.query("DELETE FROM kin_rule").execute());
        done(engine.reload());
        done(pool.query("DELETE FROM kin_bridge").execute());
        for (String name : bridges.names()) {
            done(bridges.remove(name));
        }
        if (server != null) {
            done(server.close());
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

    @Test
    void ruleRowsReachAnHttpEndpointThroughABridge() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            received.add(req.method() + " " + req.path() + " " + req.getHeader("X-Device") + " "
                    + body.toString(StandardCharsets.UTF_8));
            req.response().setStatusCode(204).end();
        }));
        done(server.listen(0, "127.0.0.1"));
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
}
