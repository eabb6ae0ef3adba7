package io.kin.broker.bridge;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.kin.rules.bridge.BridgeConfig;
import io.kin.rules.bridge.BridgeType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The RabbitMQ bridge against the real server on 127.0.0.1:5672 (guest/guest), which {@code scripts/services.sh up}
 * installs and starts (CI runs it first).
 */
class RabbitMqBridgeTest {

    static final String URI = "amqp://guest:guest@127.0.0.1:5672";

    static Vertx vertx;
    static Connection connection;
    Channel channel;
    String exchange;
    String queue;
    Bridges bridges;

    @BeforeAll
    static void connect() throws Exception {
        connection = connectToRabbitMq("kin-bridge-test");
        vertx = Vertx.vertx();
    }

    /** A connection to the local RabbitMQ, or a failure that says how to start it. */
    static Connection connectToRabbitMq(String name) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(URI);
        factory.setConnectionTimeout(3000);
        try {
            return factory.newConnection(name);
        } catch (Exception e) {
            return fail("RabbitMQ is not running on 127.0.0.1:5672 (guest/guest): run scripts/services.sh up first "
                    + "(CI does). Cause: " + e);
        }
    }

    @AfterAll
    static void disconnect() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** A temporary exchange with a queue bound to routing keys "sensors" and "alerts". */
    @BeforeEach
    void declare() throws Exception {
        channel = connection.createChannel();
        exchange = "kin-test-" + UUID.randomUUID();
        channel.exchangeDeclare(exchange, "direct", false, true, null);
        queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, exchange, "sensors");
        channel.queueBind(queue, exchange, "alerts");
        bridges = new Bridges(vertx, new SimpleMeterRegistry(), "test-node", 1000);
    }

    @AfterEach
    void cleanUp() throws Exception {
        bridges.closeAll().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        channel.exchangeDelete(exchange);
        channel.close();
    }

    GetResponse next() throws Exception {
        return next(channel, queue);
    }

    /** The next message in {@code queue}, waiting up to 10 s for it. */
    static GetResponse next(Channel channel, String queue) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            GetResponse r = channel.basicGet(queue, true);
            if (r != null) {
                return r;
            }
            Thread.sleep(20);
        }
        return fail("no message in queue " + queue + " within 10 s");
    }

    Bridge bridge(Map<String, String> more) {
        Map<String, String> settings = new java.util.HashMap<>(more);
        settings.put("uri", URI);
        settings.put("exchange", exchange);
        bridges.put(BridgeConfig.of("rabbit", BridgeType.RABBITMQ, settings));
        return bridges.get("rabbit").orElseThrow();
    }

    @Test
    void publishesPersistentMessagesThroughTheExchange() throws Exception {
        Bridge b = bridge(Map.of("routing-key", "sensors", "content-type", "application/json"));

        b.send(BridgeRecord.of("{\"t\":1}".getBytes(StandardCharsets.UTF_8)).withHeaders(Map.of("rule", "r1")));
        GetResponse m = next();

        assertThat(new String(m.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"t\":1}");
        assertThat(m.getEnvelope().getRoutingKey()).isEqualTo("sensors");
        assertThat(m.getProps().getDeliveryMode()).as("persistent").isEqualTo(2);
        assertThat(m.getProps().getContentType()).isEqualTo("application/json");
        assertThat(m.getProps().getHeaders().get("rule").toString()).isEqualTo("r1");
        BridgeStatus s = Eventually.status(b, "confirmed", st -> st.sent() == 1);
        assertThat(s.state()).isEqualTo(BridgeState.CONNECTED);
    }

    @Test
    void recordTargetIsTheRoutingKeyAndTransientDeliveryCanBeChosen() throws Exception {
        Bridge b = bridge(Map.of("routing-key", "sensors", "persistent", "false"));

        b.send(BridgeRecord.of("alerts", "hot".getBytes(StandardCharsets.UTF_8)));
        GetResponse m = next();

        assertThat(m.getEnvelope().getRoutingKey()).isEqualTo("alerts");
        assertThat(m.getProps().getDeliveryMode()).as("transient").isEqualTo(1);
    }

    @Test
    void missingExchangeIsReportedAndRetried() throws Exception {
        Map<String, String> settings = Map.of("uri", URI, "exchange", "kin-test-missing-" + UUID.randomUUID(),
                "timeout-ms", "500");
        bridges.put(BridgeConfig.of("lost", BridgeType.RABBITMQ, settings)
                .withRetries(1, Duration.ofMillis(50), Duration.ofMillis(100)));
        Bridge b = bridges.get("lost").orElseThrow();

        b.send(BridgeRecord.of("x".getBytes(StandardCharsets.UTF_8)));

        BridgeStatus s = Eventually.status(b, "failed", st -> st.failed() == 1);
        assertThat(s.retried()).isEqualTo(1);
        assertThat(s.state()).isEqualTo(BridgeState.DISCONNECTED);
        assertThat(s.lastError()).contains("does exchange 'kin-test-missing-");
    }

    @Test
    void unreachableServerLeavesTheBridgeDisconnectedAndBuffering() throws Exception {
        bridges.put(BridgeConfig.of("down", BridgeType.RABBITMQ, Map.of("uri", "amqp://guest:guest@127.0.0.1:"
                + HttpBridgeTest.closedPort(), "timeout-ms", "500")).withBufferSize(3));
        Bridge b = bridges.get("down").orElseThrow();

        for (int i = 0; i < 5; i++) {
            b.send(BridgeRecord.of(new byte[]{(byte) i}));
        }

        BridgeStatus s = Eventually.status(b, "disconnected", st -> st.state() == BridgeState.DISCONNECTED);
        assertThat(s.lastError()).containsIgnoringCase("connection refused");
        assertThat(s.depth()).isEqualTo(3);
        assertThat(s.dropped()).isEqualTo(2);
    }
}
