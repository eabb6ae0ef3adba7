package io.kin.broker.bridge;

import io.kin.broker.store.ConfigVersions;
import io.kin.broker.store.PgBridgeStore;
import io.kin.rules.bridge.BridgeConfig;
import io.kin.rules.bridge.BridgeType;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * Bridges configured in PostgreSQL ({@code kin_bridge}) are applied on this node, and changes made by another node
 * (a row change plus a {@code bridges} version bump, with no call into this node) take effect without a restart.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class StoredBridgesTests {

    @Inject
    PgBridgeStore store;

    @Inject
    Bridges bridges;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    HttpServer server;
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void startServer() throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            received.add(req.path() + " " + body.toString(StandardCharsets.UTF_8));
            req.response().setStatusCode(200).end();
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopServer() throws Exception {
        sql("DELETE FROM kin_bridge", Tuple.tuple());
        bump();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    void sql(String statement, Tuple args) throws Exception {
        pool.preparedQuery(statement).execute(args).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** What another node's admin API does after changing kin_bridge. */
    void bump() throws Exception {
        var bump = ConfigVersions.bump(ConfigVersions.BRIDGES);
        sql(bump.sql(), bump.args());
    }

    @Test
    void savedBridgeIsAppliedAndChangesByAnotherNodeArePickedUp() throws Exception {
        store.save(BridgeConfig.of("hook", BridgeType.HTTP, Map.of("url", url("/first"))))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        Eventually.until("bridge 'hook' applied", Duration.ofSeconds(10), () -> bridges.get("hook").isPresent());
        bridges.send("hook", BridgeRecord.of("one".getBytes(StandardCharsets.UTF_8)));
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("/first one");
        Eventually.until("sent counted", Duration.ofSeconds(10),
                () -> bridges.get("hook").orElseThrow().status().sent() == 1);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("kin_bridge_sent_total{bridge=\"hook\"} 1.0"))
                .body(containsString("kin_bridge_buffer_depth{bridge=\"hook\"} 0.0"));

        // another node edits the row and bumps the version: only the poll tells this node
        sql("UPDATE kin_bridge SET config = jsonb_set(config, '{settings,url}', to_jsonb($1::text)), "
                + "updated_at = now() WHERE name = 'hook'", Tuple.of(url("/second")));
        bump();

        Eventually.value("new url applied", Duration.ofSeconds(10),
                () -> bridges.get("hook").map(b -> b.config().settings().get("url")).orElse(null),
                u -> url("/second").equals(u));
        bridges.send("hook", BridgeRecord.of("two".getBytes(StandardCharsets.UTF_8)));
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("/second two");

        sql("UPDATE kin_bridge SET enabled = false WHERE name = 'hook'", Tuple.tuple());
        bump();
        Eventually.until("bridge disabled", Duration.ofSeconds(10),
                () -> bridges.get("hook").map(b -> b.status().state() == BridgeState.DISABLED).orElse(false));

        sql("DELETE FROM kin_bridge WHERE name = 'hook'", Tuple.tuple());
        bump();
        Eventually.until("bridge removed", Duration.ofSeconds(10), () -> bridges.get("hook").isEmpty());
    }

    @Test
    void storedBridgesRoundTripThroughTheTable() throws Exception {
        BridgeConfig kafka = BridgeConfig.of("to-kafka", BridgeType.KAFKA, Map.of("bootstrap-servers", "127.0.0.1:1",
                "topic", "t")).withEnabled(false).withBufferSize(7).withRetries(2, Duration.ofMillis(20),
                Duration.ofSeconds(1)).withMaxInflight(4);
        store.save(kafka).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(store.load().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .containsExactly(kafka);
        assertThat(store.remove("to-kafka").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isTrue();
        assertThat(store.remove("to-kafka").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isFalse();
    }

    @Test
    void invalidRowIsLeftOutAndTheOthersStillApply() throws Exception {
        sql("INSERT INTO kin_bridge (name, type, config) VALUES ('no-url', 'HTTP', '{\"settings\": {}}'), "
                + "('odd-kind', 'FTP', '{}'), ('fine', 'HTTP', $1)",
                Tuple.of(new io.vertx.core.json.JsonObject().put("settings",
                        new io.vertx.core.json.JsonObject().put("url", url("/fine")))));
        bump();

        Eventually.until("bridge 'fine' applied", Duration.ofSeconds(10), () -> bridges.get("fine").isPresent());
        assertThat(bridges.names()).doesNotContain("no-url", "odd-kind");
    }
}
