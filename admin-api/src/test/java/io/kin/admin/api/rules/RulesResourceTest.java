package io.kin.admin.api.rules;

import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.kin.admin.api.AsAdmin.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class RulesResourceTest {

    private static final String HOT = """
            {"id": "hot", "name": "Hot sensors",
             "sql": "SELECT payload.temp AS t, clientid FROM \\"sensors/+/temp\\" WHERE t > 30",
             "actions": [{"type": "republish", "topic": "alerts/${clientid}", "qos": 1},
                         {"type": "bridge", "bridge": "kafka-main", "target": "temps", "key": "${clientid}"}]}""";

    @Inject
    Pool pool;

    @AfterEach
    void deleteRules() {
        pool.query("DELETE FROM kin_rule").execute().await().indefinitely();
    }

    private long rulesVersion() {
        return pool.query("SELECT version FROM kin_config_version WHERE area = 'rules'").execute().await()
                .indefinitely().iterator().next().getLong("version");
    }

    @Test
    void aCreatedRuleIsStoredAndSignalledToTheBrokers() {
        long before = rulesVersion();
        given().contentType(ContentType.JSON).body(HOT).when().post("/api/v1/rules").then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/rules/hot"))
                .body("id", equalTo("hot"))
                .body("enabled", equalTo(true))
                .body("actions.type", contains("republish", "bridge"));

        given().when().get("/api/v1/rules/hot").then().statusCode(200)
                .body("sql", containsString("sensors/+/temp"))
                .body("actions[1].bridge", equalTo("kafka-main"));
        given().when().get("/api/v1/rules").then().statusCode(200).body("items.id", hasItem("hot"));
        assertThat(rulesVersion()).as("brokers reload on the version bump").isGreaterThan(before);
    }

    @Test
    void invalidSqlIsRefusedWithItsPositionAndNothingIsSaved() {
        given().contentType(ContentType.JSON)
                .body("{\"id\": \"bad\", \"name\": \"bad\", \"sql\": \"SELECT nosuch(payload) FROM \\\"a/#\\\"\"}")
                .when().post("/api/v1/rules").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo("sql"))
                .body("errors[0].message", containsString("nosuch"))
                .body("errors[0].line", equalTo(1))
                .body("errors[0].column", equalTo(8));
        given().when().get("/api/v1/rules/bad").then().statusCode(404).contentType("application/problem+json");

        given().contentType(ContentType.JSON)
                .body("{\"name\": \"bad\", \"sql\": \"SELECT * FROM\"}")
                .when().post("/api/v1/rules").then()
                .statusCode(400).body("errors[0].field", equalTo("sql")).body("errors[0].line", equalTo(1));
    }

    @Test
    void anInvalidActionIsRefused() {
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"sql\": \"SELECT * FROM \\\"a/#\\\"\", \"actions\": [{\"type\": \"republish\"}]}")
                .when().post("/api/v1/rules").then()
                .statusCode(400)
                .body("errors[0].field", equalTo("actions"))
                .body("errors[0].message", containsString("'topic' is required"));
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"sql\": \"SELECT * FROM \\\"a/#\\\"\", \"actions\": [{\"type\": \"teleport\"}]}")
                .when().post("/api/v1/rules").then()
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aBodyMissingRequiredFieldsGetsFieldErrors() {
        given().contentType(ContentType.JSON).body("{\"id\": \"no name!\"}").when().post("/api/v1/rules").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("sql"))
                .body("errors.field", hasItem("id"));
        given().contentType(ContentType.JSON).body("{not json").when().post("/api/v1/rules").then()
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aSecondRuleWithTheSameIdConflicts() {
        given().contentType(ContentType.JSON).body(HOT).when().post("/api/v1/rules").then().statusCode(201);
        given().contentType(ContentType.JSON).body(HOT).when().post("/api/v1/rules").then()
                .statusCode(409).contentType("application/problem+json");
    }

    @Test
    void rulesAreReplacedDisabledEnabledAndDeleted() {
        given().contentType(ContentType.JSON).body(HOT).when().post("/api/v1/rules").then().statusCode(201);

        given().contentType(ContentType.JSON)
                .body("{\"name\": \"Hotter\", \"sql\": \"SELECT * FROM \\\"sensors/#\\\"\", \"actions\": []}")
                .when().put("/api/v1/rules/hot").then().statusCode(200)
                .body("name", equalTo("Hotter")).body("actions.size()", equalTo(0));
        given().when().post("/api/v1/rules/hot/disable").then().statusCode(200).body("enabled", equalTo(false));
        given().when().post("/api/v1/rules/hot/enable").then().statusCode(200).body("enabled", equalTo(true));
        given().when().delete("/api/v1/rules/hot").then().statusCode(204);
        given().when().get("/api/v1/rules/hot").then().statusCode(404);
        given().when().delete("/api/v1/rules/hot").then().statusCode(404);
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"sql\": \"SELECT * FROM \\\"a/#\\\"\"}")
                .when().put("/api/v1/rules/nosuchrule").then().statusCode(404);
    }

    @Test
    void aTrialShowsTheRowAndTheActionsWithoutRunningThem() {
        String trial = """
                {"sql": "SELECT payload.temp AS t, clientid FROM \\"sensors/+/temp\\" WHERE t > 30",
                 "actions": [{"type": "republish", "topic": "alerts/${clientid}", "payload": "hot: ${t}"},
                             {"type": "bridge", "bridge": "kafka-main", "key": "${clientid}"}],
                 "input": {"topic": "sensors/b7/temp", "clientid": "b7-1", "payload": "{\\"temp\\": 31.5}"}}""";
        given().contentType(ContentType.JSON).body(trial).when().post("/api/v1/rules/test").then()
                .statusCode(200)
                .body("sourceMatched", equalTo(true))
                .body("passed", equalTo(true))
                .body("output.t", equalTo(31.5f))
                .body("output.clientid", equalTo("b7-1"))
                .body("actions[0].type", equalTo("republish"))
                .body("actions[0].target", equalTo("alerts/b7-1"))
                .body("actions[0].payload", equalTo("hot: 31.5"))
                .body("actions[1].bridge", equalTo("kafka-main"))
                .body("actions[1].key", equalTo("b7-1"))
                .body("actions[1].payload", equalTo("{\"t\":31.5,\"clientid\":\"b7-1\"}"));

        given().contentType(ContentType.JSON)
                .body(trial.replace("31.5", "20"))
                .when().post("/api/v1/rules/test").then()
                .statusCode(200).body("passed", equalTo(false)).body("output", nullValue());
        given().contentType(ContentType.JSON)
                .body("{\"sql\": \"SELECT payload.a / payload.b AS r FROM \\\"x\\\"\", "
                        + "\"input\": {\"topic\": \"x\", \"payload\": \"{\\\"a\\\": 1, \\\"b\\\": 0}\"}}")
                .when().post("/api/v1/rules/test").then()
                .statusCode(400).body("errors[0].field", equalTo("input"));
    }

    @Test
    void metricsAreSummedOverTheNodesWithTheLatestError() {
        given().contentType(ContentType.JSON).body(HOT).when().post("/api/v1/rules").then().statusCode(201);
        given().when().get("/api/v1/rules/hot/metrics").then().statusCode(200)
                .body("ruleId", equalTo("hot"))
                .body("totals.matched", equalTo(0))
                .body("lastError", nullValue())
                .body("nodes.size()", equalTo(0));

        pool.query("""
                INSERT INTO kin_rule_metrics (rule_id, node_id, matched, passed, failed, actions_succeeded,
                                              actions_failed, last_error, last_error_at)
                VALUES ('hot', 'node-b', 100, 40, 2, 70, 10, 'bridge kafka-main is down',
                        '2030-01-01T10:00:00Z'),
                       ('hot', 'node-a', 5000000000, 7, 1, 13, 0, 'division by zero', '2030-01-01T09:00:00Z')""")
                .execute().await().indefinitely();

        given().when().get("/api/v1/rules/hot/metrics").then().statusCode(200)
                .body("totals.matched", equalTo(5_000_000_100L))
                .body("totals.passed", equalTo(47))
                .body("totals.failed", equalTo(3))
                .body("totals.actionsSucceeded", equalTo(83))
                .body("totals.actionsFailed", equalTo(10))
                .body("lastError", equalTo("bridge kafka-main is down"))
                .body("lastErrorNode", equalTo("node-b"))
                .body("lastErrorAt", containsString("2030-01-01T10:00"))
                .body("nodes.nodeId", contains("node-a", "node-b"))
                .body("nodes[0].counters.passed", equalTo(7))
                .body("nodes[0].lastError", equalTo("division by zero"))
                .body("nodes[1].counters.matched", equalTo(100))
                .body("nodes[1].updatedAt", org.hamcrest.Matchers.notNullValue());

        given().when().get("/api/v1/rules/nosuch/metrics").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
