package io.kin.broker.bridge;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.kin.rules.bridge.BridgeConfig;
import io.kin.rules.bridge.BridgeType;
import io.kin.testkit.KafkaResource;
import io.kin.testkit.MosquittoProcess;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * "Test connection" against the real systems: a local HTTP server, the in-process Kafka ({@link KafkaResource}),
 * RabbitMQ on 127.0.0.1:5672 ({@code scripts/services.sh up}) and a private Mosquitto; and ports where nothing
 * listens.
 */
class BridgeProbeTest {

    static Vertx vertx;
    static BridgeProbe probe;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        probe = new BridgeProbe(vertx, "test-node");
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static BridgeProbe.Outcome test(BridgeType type, Map<String, String> settings) throws Exception {
        return probe.test(BridgeConfig.of("probe", type, settings)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void httpTargetIsAskedWithHeadAndItsConfiguredHeadersAndTheStatusIsReported() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        HttpServer server = vertx.createHttpServer().requestHandler(r -> {
            seen.add(r.method() + " " + r.path() + " " + r.getHeader("X-Token"));
            r.response().setStatusCode(r.path().equals("/missing") ? 404 : 204).end();
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            String base = "http://127.0.0.1:" + server.actualPort();
            BridgeProbe.Outcome ok = test(BridgeType.HTTP, Map.of("url", base + "/hook", "header.X-Token", "t1"));

            assertThat(ok.ok()).isTrue();
            assertThat(ok.detail()).isEqualTo("HEAD " + base + "/hook answered HTTP 204");
            assertThat(ok.error()).isNull();
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("HEAD /hook t1");

            BridgeProbe.Outcome missing = test(BridgeType.HTTP, Map.of("url", base + "/missing"));
            assertThat(missing.ok()).isFalse();
            assertThat(missing.error()).isEqualTo("HEAD " + base + "/missing answered HTTP 404");
        } finally {
            server.close();
        }
    }

    @Test
    void httpTargetWhereNothingListensIsNotOkWithTheReason() throws Exception {
        int port = freePort();
        BridgeProbe.Outcome o = test(BridgeType.HTTP, Map.of("url", "http://127.0.0.1:" + port + "/hook",
                "timeout-ms", "2000"));

        assertThat(o.ok()).isFalse();
        assertThat(o.error()).startsWith("no answer from http://127.0.0.1:" + port + "/hook: ")
                .contains("Connection refused");
    }

    @Test
    void kafkaClusterIsDescribedWithTheConfiguredTopic() throws Exception {
        String servers = KafkaResource.bootstrapServers();
        String topic = "probe-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }

        BridgeProbe.Outcome o = test(BridgeType.KAFKA, Map.of("bootstrap-servers", servers, "topic", topic));

        assertThat(o.ok()).as(String.valueOf(o.error())).isTrue();
        assertThat(o.detail()).contains("with 1 broker").endsWith("topic " + topic + " has 2 partition(s)");

        BridgeProbe.Outcome noTopic = test(BridgeType.KAFKA, Map.of("bootstrap-servers", servers,
                "topic", "no-such-" + UUID.randomUUID(), "producer.allow.auto.create.topics", "false"));
        assertThat(noTopic.ok()).isFalse();
        assertThat(noTopic.error()).startsWith("Kafka at " + servers + ": ");
    }

    @Test
    void kafkaWhereNothingListensIsNotOkWithinTheTimeout() throws Exception {
        int port = freePort();
        BridgeProbe.Outcome o = test(BridgeType.KAFKA, Map.of("bootstrap-servers", "127.0.0.1:" + port,
                "timeout-ms", "1500"));

        assertThat(o.ok()).isFalse();
        assertThat(o.error()).startsWith("Kafka at 127.0.0.1:" + port);
        assertThat(o.millis()).isLessThan(10_000);
    }

    @Test
    void rabbitMqConnectionChannelAndExchangeAreChecked() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri("amqp://guest:guest@127.0.0.1:5672");
        String exchange = "kin-probe-" + UUID.randomUUID();
        Connection connection;
        try {
            connection = factory.newConnection("kin-probe-test");
        } catch (Exception e) {
            fail("RabbitMQ is not running on 127.0.0.1:5672 (guest/guest): run scripts/services.sh up first. " + e);
            return;
        }
        try (connection) {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(exchange, "direct", false, true, null);

            BridgeProbe.Outcome o = test(BridgeType.RABBITMQ, Map.of("uri", "amqp://guest:guest@127.0.0.1:5672",
                    "exchange", exchange));
            assertThat(o.ok()).as(String.valueOf(o.error())).isTrue();
            assertThat(o.detail()).startsWith("RabbitMQ ").endsWith("at 127.0.0.1:5672, exchange '" + exchange
                    + "' exists");

            BridgeProbe.Outcome missing = test(BridgeType.RABBITMQ, Map.of("uri",
                    "amqp://guest:guest@127.0.0.1:5672", "exchange", exchange + "-missing"));
            assertThat(missing.ok()).isFalse();
            assertThat(missing.error()).isEqualTo("RabbitMQ at 127.0.0.1:5672 has no exchange '" + exchange
                    + "-missing'");

            BridgeProbe.Outcome refused = test(BridgeType.RABBITMQ, Map.of("uri", "amqp://guest:wrong@127.0.0.1:5672"));
            assertThat(refused.ok()).isFalse();
            assertThat(refused.error()).startsWith("cannot connect to RabbitMQ at 127.0.0.1:5672: ");
            channel.exchangeDelete(exchange);
        }
    }

    @Test
    void mqttBrokerIsConnectedWithTheCredentialsAndLeftAgain() throws Exception {
        try (MosquittoProcess mosquitto = MosquittoProcess.start("probe-user", "probe-pass")) {
            Map<String, String> settings = Map.of("host", "127.0.0.1", "port", Integer.toString(mosquitto.port()),
                    "username", "probe-user", "password", "probe-pass");
            BridgeProbe.Outcome o = test(BridgeType.MQTT, settings);
            assertThat(o.ok()).as(String.valueOf(o.error())).isTrue();
            assertThat(o.detail()).isEqualTo("MQTT broker 127.0.0.1:" + mosquitto.port()
                    + " accepted the connection (CONNACK CONNECTION_ACCEPTED)");

            BridgeProbe.Outcome refused = test(BridgeType.MQTT, Map.of("host", "127.0.0.1",
                    "port", Integer.toString(mosquitto.port()), "username", "probe-user", "password", "wrong"));
            assertThat(refused.ok()).isFalse();
            assertThat(refused.error()).startsWith("cannot connect to MQTT broker 127.0.0.1:" + mosquitto.port());
        }
    }

    @Test
    void mqttWhereNothingListensIsNotOk() throws Exception {
        int port = freePort();
        BridgeProbe.Outcome o = test(BridgeType.MQTT, Map.of("host", "127.0.0.1", "port", Integer.toString(port),
                "timeout-ms", "2000"));

        assertThat(o.ok()).isFalse();
        assertThat(o.error()).startsWith("cannot connect to MQTT broker 127.0.0.1:" + port);
    }
}
