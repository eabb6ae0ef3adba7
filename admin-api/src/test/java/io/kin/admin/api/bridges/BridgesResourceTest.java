package io.kin.admin.api.bridges;

import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.kin.admin.api.AsAdmin.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class BridgesResourceTest {

    private static final String KAFKA = """
            {"name": "kafka-main", "type": "KAFKA",
             "settings": {"bootstrap-servers": "127.0.0.1:9092", "topic": "events", "linger-ms": 20},
             "maxRetries": 5, "backoffMillis": 100}""";
    private static final String RABBIT = """
            {"name": "rabbit", "type": "rabbitmq",
             "settings": {"uri": "amqp://guest:s3cret@127.0.0.1:5672", "exchange": "x"}}""";
    private static final String MQTT = """
            {"name": "remote", "type": "MQTT",
             "settings": {"host": "127.0.0.1", "port": "1884", "username": "u", "password": "pa55"}}""";

    @Inject
    Pool pool;

    @AfterEach
    void deleteBridges() {
        pool.query("DELETE FROM kin_bridge").execute().await().indefinitely();
    }

    private long bridgesVersion() {
        return pool.query("SELECT version FROM kin_config_version WHERE area = 'bridges'").execute().await()
                .indefinitely().iterator().next().getLong("version");
    }

    private long storedBridges() {
        return pool.query("SELECT count(*) AS n FROM kin_bridge").execute().await().indefinitely().iterator().next()
                .getLong("n");
    }

    private String storedSetting(String bridge, String key) {
        RowSet<Row> rows = pool.preparedQuery("SELECT config -> 'settings' ->> $2 AS v FROM kin_bridge WHERE name = $1")
                .execute(Tuple.of(bridge, key)).await().indefinitely();
        return rows.iterator().next().getString("v");
    }

    @Test
    void aCreatedBridgeIsStoredAndSignalledToTheBrokers() {
        long before = bridgesVersion();
        given().contentType(ContentType.JSON).body(KAFKA).when().post("/api/v1/bridges").then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/bridges/kafka-main"))
                .body("name", equalTo("kafka-main"))
                .body("type", equalTo("KAFKA"))
                .body("enabled", equalTo(true))
                .body("settings.'bootstrap-servers'", equalTo("127.0.0.1:9092"))
                .body("settings.'linger-ms'", equalTo("20"))
                .body("maxRetries", equalTo(5))
                .body("backoffMillis", equalTo(100))
                .body("bufferSize", equalTo(10_000))
                .body("maxInflight", equalTo(16));

        given().when().get("/api/v1/bridges/kafka-main").then().statusCode(200)
                .body("settings.topic", equalTo("events"))
                .body("maxBackoffMillis", equalTo(30_000));
        given().when().get("/api/v1/bridges").then().statusCode(200).body("items.name", contains("kafka-main"))
                .body("total", equalTo(1)).body("nextCursor", nullValue());
        assertThat(bridgesVersion()).as("brokers re-apply on the version bump").isGreaterThan(before);

        // stored in the form the brokers read (io.kin.rules.bridge.BridgeConfigJson), as a JSON object
        RowSet<Row> rows = pool.query("SELECT type, jsonb_typeof(config) AS kind, config ->> 'maxRetries' AS retries, "
                + "config -> 'settings' ->> 'linger-ms' AS linger FROM kin_bridge").execute().await().indefinitely();
        Row row = rows.iterator().next();
        assertThat(row.getString("type")).isEqualTo("KAFKA");
        assertThat(row.getString("kind")).isEqualTo("object");
        assertThat(row.getString("retries")).isEqualTo("5");
        assertThat(row.getString("linger")).isEqualTo("20");
    }

    @Test
    void secretsAreStoredButNeverAnswered() {
        given().contentType(ContentType.JSON).body(RABBIT).when().post("/api/v1/bridges").then()
                .statusCode(201)
                .body("type", equalTo("RABBITMQ"))
                .body("settings.uri", equalTo("amqp://***@127.0.0.1:5672"))
                .body(not(containsString("s3cret")));
        given().contentType(ContentType.JSON).body(MQTT).when().post("/api/v1/bridges").then()
                .statusCode(201)
                .body("settings.password", equalTo("***"))
                .body("settings.username", equalTo("u"))
                .body(not(containsString("pa55")));

        given().when().get("/api/v1/bridges").then().statusCode(200)
                .body("items.name", contains("rabbit", "remote"))
                .body(not(containsString("s3cret")))
                .body(not(containsString("pa55")));
        given().when().get("/api/v1/bridges/remote").then().statusCode(200).body(not(containsString("pa55")));
        given().when().post("/api/v1/bridges/remote/disable").then().statusCode(200)
                .body(not(containsString("pa55")));

        assertThat(storedSetting("rabbit", "uri")).isEqualTo("amqp://guest:s3cret@127.0.0.1:5672");
        assertThat(storedSetting("remote", "password")).isEqualTo("pa55");
    }

    @Test
    void aBridgeReadAndWrittenBackKeepsItsSecrets() {
        given().contentType(ContentType.JSON).body(MQTT).when().post("/api/v1/bridges").then().statusCode(201);
        given().contentType(ContentType.JSON).body(RABBIT).when().post("/api/v1/bridges").then().statusCode(201);

        // what a GET answered, edited and sent back
        given().contentType(ContentType.JSON)
                .body("{\"type\": \"MQTT\", \"settings\": {\"host\": \"127.0.0.1\", \"port\": \"1885\", "
                        + "\"username\": \"u\", \"password\": \"***\"}}")
                .when().put("/api/v1/bridges/remote").then().statusCode(200)
                .body("settings.port", equalTo("1885")).body("settings.password", equalTo("***"));
        given().contentType(ContentType.JSON)
                .body("{\"type\": \"RABBITMQ\", \"settings\": {\"uri\": \"amqp://***@127.0.0.1:5672\", "
                        + "\"exchange\": \"y\"}}")
                .when().put("/api/v1/bridges/rabbit").then().statusCode(200).body("settings.exchange", equalTo("y"));
        assertThat(storedSetting("remote", "password")).isEqualTo("pa55");
        assertThat(storedSetting("remote", "port")).isEqualTo("1885");
        assertThat(storedSetting("rabbit", "uri")).isEqualTo("amqp://guest:s3cret@127.0.0.1:5672");

        // a new secret replaces the old one
        given().contentType(ContentType.JSON)
                .body("{\"type\": \"MQTT\", \"settings\": {\"host\": \"127.0.0.1\", \"username\": \"u\", "
                        + "\"password\": \"n3w\"}}")
                .when().put("/api/v1/bridges/remote").then().statusCode(200).body(not(containsString("n3w")));
        assertThat(storedSetting("remote", "password")).isEqualTo("n3w");
    }

    @Test
    void anUnknownTypeIsRefusedAndNothingIsSaved() {
        long before = bridgesVersion();
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"ftp\", \"type\": \"FTP\", \"settings\": {\"host\": \"h\"}}")
                .when().post("/api/v1/bridges").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", containsString("invalid-bridge"))
                .body("errors.field", contains("type"))
                .body("errors[0].message", containsString("one of HTTP, KAFKA, RABBITMQ, MQTT, not 'FTP'"));
        given().contentType(ContentType.JSON).body("{\"name\": \"none\"}").when().post("/api/v1/bridges").then()
                .statusCode(400)
                .body("errors.field", contains("type"))
                .body("errors[0].message", containsString("type is required"));
        assertThat(storedBridges()).isZero();
        assertThat(bridgesVersion()).isEqualTo(before);
    }

    @Test
    void aMissingRequiredSettingIsRefusedWithItsField() {
        given().contentType(ContentType.JSON).body("{\"name\": \"web\", \"type\": \"HTTP\", \"settings\": {}}")
                .when().post("/api/v1/bridges").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("settings.url"))
                .body("errors[0].message", equalTo("setting 'url' is required for HTTP bridges"));
        given().when().get("/api/v1/bridges/web").then().statusCode(404);
        assertThat(storedBridges()).isZero();
    }

    @Test
    void anUnknownSettingAndEveryOtherProblemAreReportedInOneGo() {
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"bad name!\", \"type\": \"HTTP\", \"settings\": {\"url\": \"ftp://x\", "
                        + "\"tiemout-ms\": \"5\"}, \"bufferSize\": 0, \"maxRetries\": -1, \"backoffMillis\": 500, "
                        + "\"maxBackoffMillis\": 100, \"maxInflight\": 0}")
                .when().post("/api/v1/bridges").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("name", "bufferSize", "maxRetries", "maxInflight", "maxBackoffMillis",
                        "settings.url", "settings.tiemout-ms"))
                .body("errors.size()", equalTo(7))
                .body("errors.message", hasItem(
                        "unknown setting 'tiemout-ms' for HTTP bridges (known: method, timeout-ms, url, header.*)"));
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"m\", \"type\": \"MQTT\", \"settings\": {\"host\": \"h\", \"passwort\": \"x\"}}")
                .when().post("/api/v1/bridges").then()
                .statusCode(400)
                .body("errors.field", contains("settings.passwort"));
        assertThat(storedBridges()).isZero();
    }

    @Test
    void aBodyThatIsNotJsonOrOfTheWrongShapeIsAProblem() {
        given().contentType(ContentType.JSON).body("{not json").when().post("/api/v1/bridges").then()
                .statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"name\": \"k\", \"type\": \"KAFKA\", \"bufferSize\": \"many\"}")
                .when().post("/api/v1/bridges").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("bufferSize"));
        assertThat(storedBridges()).isZero();
    }

    @Test
    void aSecondBridgeWithTheSameNameConflicts() {
        given().contentType(ContentType.JSON).body(KAFKA).when().post("/api/v1/bridges").then().statusCode(201);
        long before = bridgesVersion();
        given().contentType(ContentType.JSON).body(KAFKA.replace("events", "other")).when().post("/api/v1/bridges")
                .then().statusCode(409).contentType("application/problem+json");
        given().when().get("/api/v1/bridges/kafka-main").then().body("settings.topic", equalTo("events"));
        assertThat(bridgesVersion()).isEqualTo(before);
    }

    @Test
    void bridgesAreReplacedDisabledEnabledAndDeleted() {
        given().contentType(ContentType.JSON).body(KAFKA).when().post("/api/v1/bridges").then().statusCode(201);

        long before = bridgesVersion();
        given().contentType(ContentType.JSON)
                .body("{\"type\": \"HTTP\", \"settings\": {\"url\": \"https://example.test/hook\", "
                        + "\"header.Authorization\": \"Bearer t0k\"}, \"maxInflight\": 4}")
                .when().put("/api/v1/bridges/kafka-main").then().statusCode(200)
                .body("type", equalTo("HTTP"))
                .body("settings.url", equalTo("https://example.test/hook"))
                .body("settings.'header.Authorization'", equalTo("***"))
                .body("settings.topic", equalTo(null))
                .body("maxInflight", equalTo(4))
                .body("maxRetries", equalTo(3));
        assertThat(bridgesVersion()).isGreaterThan(before);

        before = bridgesVersion();
        given().when().post("/api/v1/bridges/kafka-main/disable").then().statusCode(200).body("enabled", equalTo(false));
        assertThat(bridgesVersion()).isGreaterThan(before);
        given().when().get("/api/v1/bridges/kafka-main").then().body("enabled", equalTo(false));
        given().when().post("/api/v1/bridges/kafka-main/enable").then().statusCode(200).body("enabled", equalTo(true));

        before = bridgesVersion();
        given().when().delete("/api/v1/bridges/kafka-main").then().statusCode(204);
        assertThat(bridgesVersion()).isGreaterThan(before);
        given().when().get("/api/v1/bridges/kafka-main").then().statusCode(404).contentType("application/problem+json");
        given().when().delete("/api/v1/bridges/kafka-main").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void unknownBridgesAreNotFound() {
        given().when().get("/api/v1/bridges/nosuch").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("nosuch"));
        given().when().post("/api/v1/bridges/nosuch/enable").then().statusCode(404);
        given().when().post("/api/v1/bridges/nosuch/disable").then().statusCode(404);
        given().contentType(ContentType.JSON).body(KAFKA.replace("\"kafka-main\"", "\"nosuch\""))
                .when().put("/api/v1/bridges/nosuch").then().statusCode(404).contentType("application/problem+json");
        assertThat(storedBridges()).isZero();
    }

    @Test
    void aReplacementMustBeValidAndKeepItsName() {
        given().contentType(ContentType.JSON).body(KAFKA).when().post("/api/v1/bridges").then().statusCode(201);

        given().contentType(ContentType.JSON).body(KAFKA.replace("\"kafka-main\"", "\"other\""))
                .when().put("/api/v1/bridges/kafka-main").then()
                .statusCode(400).body("errors.field", contains("name"));
        given().contentType(ContentType.JSON).body("{\"type\": \"KAFKA\", \"settings\": {\"acks\": \"some\"}}")
                .when().put("/api/v1/bridges/kafka-main").then()
                .statusCode(400).body("errors.field", hasItems("settings.bootstrap-servers", "settings.acks"));
        given().when().get("/api/v1/bridges/kafka-main").then().body("settings.topic", equalTo("events"));
    }

    @Test
    void theOpenApiDocumentDescribesTheBridgesEndpoints() {
        given().accept("application/json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("paths.'/api/v1/bridges'.post.summary", equalTo("Create a bridge"))
                .body("paths.'/api/v1/bridges'.post.responses.'409'.description", containsString("exists"))
                .body("paths.'/api/v1/bridges/{name}'.delete.responses.'404'.description", equalTo("No such bridge"))
                .body("paths.'/api/v1/bridges/{name}/enable'.post.requestBody", equalTo(null));
    }

    @Test
    void aConfigurationToTestIsCheckedLikeANewBridgeBeforeAnyNodeIsAsked() {
        long before = bridgesVersion();
        given().contentType(ContentType.JSON).body("{\"name\": \"probe\", \"type\": \"KAFKA\", "
                        + "\"settings\": {\"acks\": \"some\"}}")
                .when().post("/api/v1/bridges/test").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://kin-mqtt.io/problems/invalid-bridge"))
                .body("errors.field", hasItems("settings.bootstrap-servers", "settings.acks"));
        given().contentType(ContentType.JSON).body("{\"name\": \"probe\", \"type\": \"SMTP\"}")
                .when().post("/api/v1/bridges/test").then()
                .statusCode(400).body("errors.field", hasItem("type"));
        given().contentType(ContentType.JSON).body("{\"type\": \"HTTP\", \"settings\": {\"url\": \"http://127.0.0.1:9/\"}}")
                .when().post("/api/v1/bridges/test").then()
                .statusCode(400).body("errors.field", hasItem("name"));
        assertThat(storedBridges()).isZero();
        assertThat(bridgesVersion()).as("nothing signalled").isEqualTo(before);
    }

    @Test
    void aValidConfigurationToTestNeedsABrokerNodeUp() {
        given().contentType(ContentType.JSON).body(MQTT).when().post("/api/v1/bridges/test").then()
                .statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("https://kin-mqtt.io/problems/no-broker-node"));
        assertThat(storedBridges()).as("a test stores nothing").isZero();
    }

    @Test
    void statusAndTestOfAnUnknownBridgeAre404() {
        given().when().get("/api/v1/bridges/nosuch/status").then().statusCode(404)
                .contentType("application/problem+json");
        given().when().post("/api/v1/bridges/nosuch/test").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void theOpenApiDocumentDescribesStatusAndTestConnection() {
        given().accept("application/json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("paths.'/api/v1/bridges/{name}/status'.get.summary",
                        equalTo("A bridge's live state on every broker node"))
                .body("paths.'/api/v1/bridges/{name}/status'.get.responses.'404'.content",
                        hasKey("application/problem+json"))
                .body("paths.'/api/v1/bridges/test'.post.summary",
                        equalTo("Test a bridge configuration without saving it"))
                .body("paths.'/api/v1/bridges/test'.post.responses.'400'.content", hasKey("application/problem+json"))
                .body("paths.'/api/v1/bridges/{name}/test'.post.operationId", notNullValue())
                .body("components.schemas.BridgeTestResult.properties", hasKey("ok"))
                .body("components.schemas.BridgeStatus.properties", hasKey("nodes"));
    }
}
