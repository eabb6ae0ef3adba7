package io.kin.broker.bridge;

import io.kin.rules.bridge.BridgeConfig;
import io.kin.rules.bridge.BridgeType;
import io.kin.rules.bridge.InvalidBridgeConfigException;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry: applying whole sets of configurations at run time. */
class BridgesTest {

    static Vertx vertx;
    static HttpServer server;
    static final BlockingQueue<String> paths = new LinkedBlockingQueue<>();
    SimpleMeterRegistry registry;
    Bridges bridges;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> {
            paths.add(req.path());
            req.response().setStatusCode(200).end();
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void newRegistry() {
        registry = new SimpleMeterRegistry();
        bridges = new Bridges(vertx, registry, "test-node", 1000);
        paths.clear();
    }

    @AfterEach
    void closeAll() throws Exception {
        bridges.closeAll().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static BridgeConfig http(String name, String path) {
        return BridgeConfig.of(name, BridgeType.HTTP, Map.of("url", "http://127.0.0.1:" + server.actualPort() + path));
    }

    @Test
    void applyCreatesRebuildsRemovesAndLeavesUnchangedBridgesRunning() throws Exception {
        Bridges.Applied first = bridges.apply(List.of(http("a", "/a"), http("b", "/b")));
        Bridge a = bridges.get("a").orElseThrow();
        Bridge b = bridges.get("b").orElseThrow();

        Bridges.Applied second = bridges.apply(List.of(http("a", "/a"), http("b", "/b2"), http("c", "/c")));

        assertThat(first).isEqualTo(new Bridges.Applied(List.of("a", "b"), List.of(), List.of(), List.of()));
        assertThat(second).isEqualTo(new Bridges.Applied(List.of("c"), List.of("b"), List.of(), List.of("a")));
        assertThat(bridges.get("a")).containsSame(a);
        assertThat(bridges.get("b").orElseThrow()).isNotSameAs(b);
        assertThat(b.send(BridgeRecord.of(new byte[0]))).isEqualTo(SendResult.DROPPED_CLOSED);
        assertThat(bridges.send("b", BridgeRecord.of(new byte[0]))).isEqualTo(SendResult.ACCEPTED);
        assertThat(paths.poll(10, TimeUnit.SECONDS)).isEqualTo("/b2");

        Bridges.Applied third = bridges.apply(List.of(http("c", "/c")));

        assertThat(third).isEqualTo(new Bridges.Applied(List.of(), List.of(), List.of("a", "b"), List.of("c")));
        assertThat(bridges.names()).containsExactly("c");
        assertThat(bridges.send("a", BridgeRecord.of(new byte[0]))).isEqualTo(SendResult.NO_SUCH_BRIDGE);
        Eventually.status(a, "closed", s -> s.state() == BridgeState.CLOSED);
    }

    @Test
    void recordsPiledUpBehindAWrongUrlGoToTheCorrectedOne() throws Exception {
        BridgeConfig wrong = BridgeConfig.of("fix", BridgeType.HTTP, Map.of("url", "http://127.0.0.1:"
                + HttpBridgeTest.closedPort() + "/wrong")).withRetries(1000, Duration.ofMillis(50), Duration.ofMillis(200));
        bridges.apply(List.of(wrong));
        Bridge old = bridges.get("fix").orElseThrow();
        for (int i = 0; i < 5; i++) {
            bridges.send("fix", BridgeRecord.of(new byte[]{(byte) i}));
        }
        Eventually.status(old, "disconnected", s -> s.state() == BridgeState.DISCONNECTED);

        bridges.apply(List.of(wrong.withSettings(Map.of("url", "http://127.0.0.1:" + server.actualPort() + "/fixed"))));
        bridges.send("fix", BridgeRecord.of(new byte[]{9}));

        for (int i = 0; i < 6; i++) {
            assertThat(paths.poll(10, TimeUnit.SECONDS)).as("request %d", i).isEqualTo("/fixed");
        }
        BridgeStatus s = Eventually.status(bridges.get("fix").orElseThrow(), "all sent", st -> st.sent() == 6);
        assertThat(s.dropped()).isZero();
        assertThat(s.failed()).isZero();
        assertThat(s.enqueued()).as("counted once, when first sent").isEqualTo(6);
        assertThat(old.status().state()).isEqualTo(BridgeState.CLOSED);
    }

    @Test
    void anInvalidConfigurationChangesNothing() {
        bridges.apply(List.of(http("a", "/a")));
        Bridge a = bridges.get("a").orElseThrow();
        BridgeConfig broken = BridgeConfig.of("b", BridgeType.KAFKA, Map.of("topic", "t"));

        assertThatThrownBy(() -> bridges.apply(List.of(http("a", "/changed"), broken)))
                .isInstanceOf(InvalidBridgeConfigException.class)
                .hasMessage("bridge 'b' is invalid: setting 'bootstrap-servers' is required for KAFKA bridges");
        assertThatThrownBy(() -> bridges.apply(List.of(http("a", "/1"), http("a", "/2"))))
                .hasMessage("bridge 'a' is invalid: the name is used by more than one bridge");

        assertThat(bridges.get("a")).containsSame(a);
        assertThat(bridges.names()).containsExactly("a");
    }

    @Test
    void disabledBridgeKeepsItsNameButDropsWhatItIsSent() {
        bridges.apply(List.of(http("off", "/off").withEnabled(false)));

        SendResult r = bridges.send("off", BridgeRecord.of("x".getBytes(StandardCharsets.UTF_8)));

        assertThat(r).isEqualTo(SendResult.DROPPED_DISABLED);
        BridgeStatus s = bridges.get("off").orElseThrow().status();
        assertThat(s.state()).isEqualTo(BridgeState.DISABLED);
        assertThat(s.dropped()).isEqualTo(1);
        assertThat(paths).isEmpty();
        assertThat(registry.get("kin.bridge.dropped").tags("bridge", "off", "reason", "disabled").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void metersBelongToTheNameSurviveARebuildAndGoWithTheBridge() throws Exception {
        bridges.apply(List.of(http("m", "/1")));
        bridges.send("m", BridgeRecord.of(new byte[0]));
        Eventually.status(bridges.get("m").orElseThrow(), "sent", s -> s.sent() == 1);

        bridges.apply(List.of(http("m", "/2").withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10))));
        bridges.send("m", BridgeRecord.of(new byte[0]));
        BridgeStatus s = Eventually.status(bridges.get("m").orElseThrow(), "sent", st -> st.sent() == 2);

        assertThat(s.enqueued()).isEqualTo(2);
        assertThat(registry.get("kin.bridge.sent").tag("bridge", "m").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("kin.bridge.enqueued").tag("bridge", "m").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("kin.bridge.buffer.depth").tag("bridge", "m").gauge().value()).isZero();

        bridges.remove("m").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(Search.in(registry).tag("bridge", "m").meters()).isEmpty();
    }

    @Test
    void statusesListEveryBridgeByName() {
        bridges.apply(List.of(http("z", "/z"), http("y", "/y").withEnabled(false)));

        assertThat(bridges.statuses()).extracting(BridgeStatus::name, BridgeStatus::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("y", BridgeType.HTTP),
                        org.assertj.core.groups.Tuple.tuple("z", BridgeType.HTTP));
    }
}
