package io.kin.admin.api.live;

import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.kin.admin.api.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;

/** Live state needs a broker node that is up: without one (or with only stale ones) the answer is 503, as a problem. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class NoBrokerNodeTest {

    @Inject
    Pool pool;

    @AfterEach
    void forgetNodes() {
        pool.query("DELETE FROM kin_node WHERE node_id LIKE 'stale-%'").execute().await().atMost(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("with no broker node up, live state and commands answer 503")
    void noNodeUp() {
        // a node that stopped long ago, and one whose URL was cleared on shutdown, do not count
        pool.query("""
                INSERT INTO kin_node (node_id, version, mqtt_port, started_at, last_seen, internal_url) VALUES
                ('stale-1', 'dev', 1, now() - interval '1 hour', now() - interval '1 hour', 'http://127.0.0.1:9'),
                ('stale-2', 'dev', 1, now(), now(), NULL)""").execute().await().atMost(Duration.ofSeconds(10));

        given().when().get("/api/v1/clients").then().statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("https://kin-mqtt.io/problems/no-broker-node"));
        given().when().delete("/api/v1/clients/x").then().statusCode(503);
        given().contentType(ContentType.JSON).body(Map.of("topic", "a/b", "payload", "x"))
                .when().post("/api/v1/publish").then().statusCode(503);
        given().when().get("/api/v1/stats").then().statusCode(503);
    }

    @Test
    @DisplayName("a publish body is validated before any node is asked")
    void publishIsValidated() {
        given().contentType(ContentType.JSON).body(Map.of("payload", "x", "qos", 5))
                .when().post("/api/v1/publish").then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("topic", "a", "payloadEncoding", "hex"))
                .when().post("/api/v1/publish").then().statusCode(400);
    }

    @Test
    @DisplayName("a node whose heartbeat is fresh but which does not answer gives 503")
    void nodeThatDoesNotAnswer() {
        pool.query("""
                INSERT INTO kin_node (node_id, version, mqtt_port, started_at, last_seen, internal_url)
                VALUES ('stale-3', 'dev', 1, now(), now(), 'http://127.0.0.1:9')""")
                .execute().await().atMost(Duration.ofSeconds(10));
        given().when().get("/api/v1/clients").then().statusCode(503);
        given().contentType(ContentType.JSON).body(Map.of("topic", "a/b", "payload", "x"))
                .when().post("/api/v1/publish").then().statusCode(503);
    }
}
