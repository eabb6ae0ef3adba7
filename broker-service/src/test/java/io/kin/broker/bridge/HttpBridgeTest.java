package io.kin.broker.bridge;

import io.kin.rules.bridge.BridgeConfig;
import io.kin.rules.bridge.BridgeType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP bridge against a real Vert.x HTTP server started here. */
class HttpBridgeTest {

    /** A request as the server saw it. */
    record Received(String method, String path, MultiMap headers, String body, long atNanos) {
    }

    static Vertx vertx;
    SimpleMeterRegistry registry;
    Bridges bridges;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final List<HttpServer> servers = new ArrayList<>();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void newRegistry() {
        registry = new SimpleMeterRegistry();
        bridges = new Bridges(vertx, registry, "test-node", 1000);
    }

    @AfterEach
    void closeAll() throws Exception {
        bridges.closeAll().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        for (HttpServer s : servers) {
            s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Answers /fail with 500, /bad with 400, /silent never, anything else 200; records every request. */
    int startServer(int port) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            received.add(new Received(req.method().name(), req.path(), MultiMap.caseInsensitiveMultiMap()
                    .addAll(req.headers()), body.toString(StandardCharsets.UTF_8), System.nanoTime()));
            answer(req);
        }));
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        servers.add(server);
        return server.actualPort();
    }

    private static void answer(HttpServerRequest req) {
        switch (req.path()) {
            case "/fail" -> req.response().setStatusCode(500).end("boom");
            case "/bad" -> req.response().setStatusCode(400).end("no");
            case "/silent" -> {
                // never answers: the bridge's timeout has to end the request
            }
            default -> req.response().setStatusCode(204).end();
        }
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    Bridge bridge(BridgeConfig config) {
        bridges.put(config);
        return bridges.get(config.name()).orElseThrow();
    }

    static BridgeConfig http(String name, String url, Map<String, String> more) {
        Map<String, String> settings = new java.util.HashMap<>(more);
        settings.put("url", url);
        return BridgeConfig.of(name, BridgeType.HTTP, settings);
    }

    double meter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void deliversMethodPathHeadersAndBody() throws Exception {
        int port = startServer(0);
        Bridge b = bridge(http("hook", "http://127.0.0.1:" + port + "/hooks/events", Map.of("method", "PUT",
                "header.Content-Type", "application/json", "header.X-Source", "kin")));

        SendResult result = b.send(BridgeRecord.of("{\"t\":21.5}".getBytes(StandardCharsets.UTF_8))
                .withHeaders(Map.of("X-Rule", "temperature")));
        Received r = received.poll(10, TimeUnit.SECONDS);

        assertThat(result).isEqualTo(SendResult.ACCEPTED);
        assertThat(r).isNotNull();
        assertThat(r.method()).isEqualTo("PUT");
        assertThat(r.path()).isEqualTo("/hooks/events");
        assertThat(r.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(r.headers().get("X-Source")).isEqualTo("kin");
        assertThat(r.headers().get("X-Rule")).isEqualTo("temperature");
        assertThat(r.body()).isEqualTo("{\"t\":21.5}");
        BridgeStatus s = Eventually.status(b, "sent counted", st -> st.sent() == 1);
        assertThat(s.state()).isEqualTo(BridgeState.CONNECTED);
        assertThat(s.enqueued()).isEqualTo(1);
        assertThat(meter("kin.bridge.sent", "bridge", "hook")).isEqualTo(1.0);
    }

    @Test
    void recordTargetIsResolvedAgainstTheConfiguredUrl() throws Exception {
        int port = startServer(0);
        Bridge b = bridge(http("hook", "http://127.0.0.1:" + port + "/api/v1/events", Map.of()));

        b.send(BridgeRecord.of("/other/place", "a".getBytes(StandardCharsets.UTF_8)));
        b.send(BridgeRecord.of("alerts", "b".getBytes(StandardCharsets.UTF_8)));

        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            paths.add(received.poll(10, TimeUnit.SECONDS).path());
        }
        assertThat(paths).containsExactlyInAnyOrder("/other/place", "/api/v1/alerts");
    }

    @Test
    void serverErrorIsRetriedWithBackoffThenCountedAsFailed() throws Exception {
        int port = startServer(0);
        Bridge b = bridge(http("failing", "http://127.0.0.1:" + port + "/fail", Map.of())
                .withRetries(2, Duration.ofMillis(150), Duration.ofSeconds(5)));

        b.send(BridgeRecord.of("x".getBytes(StandardCharsets.UTF_8)));

        Received first = received.poll(10, TimeUnit.SECONDS);
        Received second = received.poll(10, TimeUnit.SECONDS);
        Received third = received.poll(10, TimeUnit.SECONDS);
        assertThat(received.poll(700, TimeUnit.MILLISECONDS)).as("no fourth attempt").isNull();
        assertThat(List.of(first, second, third)).allMatch(r -> r.body().equals("x"));
        // back-off doubles: 150 ms, then 300 ms
        assertThat(TimeUnit.NANOSECONDS.toMillis(second.atNanos() - first.atNanos())).isGreaterThanOrEqualTo(140);
        assertThat(TimeUnit.NANOSECONDS.toMillis(third.atNanos() - second.atNanos())).isGreaterThanOrEqualTo(290);
        BridgeStatus s = Eventually.status(b, "failed counted", st -> st.failed() == 1);
        assertThat(s.retried()).isEqualTo(2);
        assertThat(s.sent()).isZero();
        assertThat(s.state()).isEqualTo(BridgeState.DISCONNECTED);
        assertThat(s.lastError()).contains("HTTP 500");
        assertThat(s.lastErrorAt()).isNotNull();
        assertThat(meter("kin.bridge.retried", "bridge", "failing")).isEqualTo(2.0);
        assertThat(meter("kin.bridge.failed", "bridge", "failing")).isEqualTo(1.0);
    }

    @Test
    void clientErrorFailsAtOnceWithoutRetries() throws Exception {
        int port = startServer(0);
        Bridge b = bridge(http("refused", "http://127.0.0.1:" + port + "/bad", Map.of()));

        b.send(BridgeRecord.of("x".getBytes(StandardCharsets.UTF_8)));

        BridgeStatus s = Eventually.status(b, "failed counted", st -> st.failed() == 1);
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNotNull();
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("not retried").isNull();
        assertThat(s.retried()).isZero();
        assertThat(s.lastError()).contains("HTTP 400");
        assertThat(s.state()).as("the endpoint answers").isEqualTo(BridgeState.CONNECTED);
    }

    @Test
    void unansweredRequestTimesOut() throws Exception {
        int port = startServer(0);
        Bridge b = bridge(http("slow", "http://127.0.0.1:" + port + "/silent", Map.of("timeout-ms", "200"))
                .withRetries(0, Duration.ofMillis(50), Duration.ofMillis(50)));

        long start = System.nanoTime();
        b.send(BridgeRecord.of("x".getBytes(StandardCharsets.UTF_8)));
        BridgeStatus s = Eventually.status(b, "failed counted", st -> st.failed() == 1);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(190L, 5000L);
        assertThat(s.lastError()).containsIgnoringCase("timeout");
        assertThat(s.state()).isEqualTo(BridgeState.DISCONNECTED);
    }

    @Test
    void deadHttpEndpointNeverBlocksSendAndCountsDrops() throws Exception {
        Bridge b = bridge(http("dead", "http://127.0.0.1:" + closedPort() + "/x", Map.of())
                .withBufferSize(10).withMaxInflight(1).withRetries(1000, Duration.ofMillis(50), Duration.ofMillis(200)));

        int accepted = 0;
        int dropped = 0;
        long slowest = 0;
        for (int i = 0; i < 200; i++) {
            long t = System.nanoTime();
            SendResult r = b.send(BridgeRecord.of(("m" + i).getBytes(StandardCharsets.UTF_8)));
            slowest = Math.max(slowest, System.nanoTime() - t);
            if (r == SendResult.ACCEPTED) {
                accepted++;
            } else {
                assertThat(r).isEqualTo(SendResult.DROPPED_BUFFER_FULL);
                dropped++;
            }
        }

        assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).as("slowest send in ms").isLessThan(100);
        // the buffer holds 10; at most the one record being tried has left it
        assertThat(accepted).isBetween(10, 11);
        assertThat(dropped).isEqualTo(200 - accepted);
        BridgeStatus s = Eventually.status(b, "disconnected", st -> st.state() == BridgeState.DISCONNECTED);
        assertThat(s.lastError()).containsIgnoringCase("connection refused");
        assertThat(s.dropped()).isEqualTo(dropped);
        assertThat(s.depth()).isBetween(9, 10);
        assertThat(s.lastDrop()).startsWith("buffer full (10 records)").containsIgnoringCase("connection refused");
        assertThat(s.failed()).isZero();
        assertThat(meter("kin.bridge.dropped", "bridge", "dead", "reason", "buffer_full")).isEqualTo(dropped);
        assertThat(registry.get("kin.bridge.buffer.depth").tag("bridge", "dead").gauge().value()).isBetween(9.0, 10.0);
    }

    @Test
    void endpointComingBackDrainsTheBuffer() throws Exception {
        int port = closedPort();
        Bridge b = bridge(http("comeback", "http://127.0.0.1:" + port + "/in", Map.of())
                .withBufferSize(100).withRetries(1000, Duration.ofMillis(50), Duration.ofMillis(200)));
        for (int i = 0; i < 20; i++) {
            assertThat(b.send(BridgeRecord.of(("m" + i).getBytes(StandardCharsets.UTF_8)))).isEqualTo(SendResult.ACCEPTED);
        }
        Eventually.status(b, "disconnected", st -> st.state() == BridgeState.DISCONNECTED);

        startServer(port);

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Received r = received.poll(10, TimeUnit.SECONDS);
            assertThat(r).as("request %d", i).isNotNull();
            bodies.add(r.body());
        }
        assertThat(bodies).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, 20).mapToObj(i -> "m" + i).toList());
        BridgeStatus s = Eventually.status(b, "all sent", st -> st.sent() == 20);
        assertThat(s.state()).isEqualTo(BridgeState.CONNECTED);
        assertThat(s.depth()).isZero();
        assertThat(s.failed()).isZero();
        assertThat(s.dropped()).isZero();
    }
}
