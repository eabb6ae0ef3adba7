package io.kin.admin.api.autosub;

import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.kin.admin.api.AsAdmin.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class AutoSubscriptionsResourceTest {

    private static final String COMMANDS = """
            {"clientIdPattern": "sensor-*", "topicFilter": "commands/${clientid}/#", "qos": 1, "noLocal": true,
             "retainAsPublished": true, "retainHandling": 2}""";

    @Inject
    Pool pool;

    @AfterEach
    void deleteSubscriptions() {
        pool.query("DELETE FROM mqtt_auto_subscription").execute().await().indefinitely();
    }

    private long autoSubscriptionsVersion() {
        return pool.query("SELECT version FROM kin_config_version WHERE area = 'auto_subscriptions'").execute().await()
                .indefinitely().iterator().next().getLong("version");
    }

    private static long create(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/auto-subscriptions").then()
                .statusCode(201).extract().<Number>path("id").longValue();
    }

    @Test
    void aCreatedAutoSubscriptionIsStoredAsTheBrokerReadsItAndSignalled() {
        long before = autoSubscriptionsVersion();
        Response created = given().contentType(ContentType.JSON).body(COMMANDS).when()
                .post("/api/v1/auto-subscriptions").then()
                .statusCode(201)
                .body("clientIdPattern", equalTo("sensor-*"))
                .body("topicFilter", equalTo("commands/${clientid}/#"))
                .body("qos", equalTo(1))
                .body("noLocal", equalTo(true))
                .body("retainAsPublished", equalTo(true))
                .body("retainHandling", equalTo(2))
                .body("createdAt", notNullValue())
                .extract().response();
        long id = created.<Number>path("id").longValue();
        assertThat(created.header("Location")).endsWith("/api/v1/auto-subscriptions/" + id);
        assertThat(autoSubscriptionsVersion()).as("brokers reload on the version bump").isGreaterThan(before);

        Row row = pool.preparedQuery("SELECT * FROM mqtt_auto_subscription WHERE id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next();
        assertThat(row.getString("client_id_pattern")).isEqualTo("sensor-*");
        assertThat(row.getShort("qos")).isEqualTo((short) 1);
        assertThat(row.getBoolean("no_local")).isTrue();
        assertThat(row.getShort("retain_handling")).isEqualTo((short) 2);

        given().when().get("/api/v1/auto-subscriptions/" + id).then().statusCode(200)
                .body("topicFilter", equalTo("commands/${clientid}/#"));
    }

    @Test
    void leftOutOptionsTakeTheTablesDefaultsAndSharedFiltersAreAccepted() {
        given().contentType(ContentType.JSON)
                .body("{\"clientIdPattern\": \"*\", \"topicFilter\": \"$share/workers/jobs/${username}\"}")
                .when().post("/api/v1/auto-subscriptions").then().statusCode(201)
                .body("qos", equalTo(0)).body("noLocal", equalTo(false)).body("retainAsPublished", equalTo(false))
                .body("retainHandling", equalTo(0));
    }

    @Test
    void anInvalidAutoSubscriptionGetsFieldErrorsAndNothingIsSaved() {
        long before = autoSubscriptionsVersion();
        given().contentType(ContentType.JSON)
                .body("{\"clientIdPattern\": \"\", \"topicFilter\": \"a/#\", \"qos\": 3, \"retainHandling\": -1}")
                .when().post("/api/v1/auto-subscriptions").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("clientIdPattern", "qos", "retainHandling"));
        given().contentType(ContentType.JSON)
                .body("{\"clientIdPattern\": \"*\", \"topicFilter\": \"commands/${clientId}/#\"}")
                .when().post("/api/v1/auto-subscriptions").then()
                .statusCode(400).body("type", containsString("invalid-auto-subscription"))
                .body("errors[0].field", equalTo("topicFilter"))
                .body("errors[0].message", containsString("unknown placeholder"));
        given().contentType(ContentType.JSON).body("{\"clientIdPattern\": \"*\", \"topicFilter\": \"a/#/b\"}")
                .when().post("/api/v1/auto-subscriptions").then()
                .statusCode(400).body("errors[0].field", equalTo("topicFilter"));
        given().contentType(ContentType.JSON).body("{\"clientIdPattern\": \"*\", \"topicFilter\": \"$share//a\"}")
                .when().post("/api/v1/auto-subscriptions").then()
                .statusCode(400).body("errors[0].field", equalTo("topicFilter"));
        given().contentType(ContentType.JSON)
                .body("{\"clientIdPattern\": \"*\", \"topicFilter\": \"$share/g/a\", \"noLocal\": true}")
                .when().post("/api/v1/auto-subscriptions").then()
                .statusCode(400).body("errors[0].field", equalTo("noLocal"));
        given().contentType(ContentType.JSON).body("{\"clientIdPattern\": \"*\", \"topicFilter\": \"a\", \"qos\": \"x\"}")
                .when().post("/api/v1/auto-subscriptions").then()
                .statusCode(400).body("errors[0].field", equalTo("qos"));
        assertThat(autoSubscriptionsVersion()).isEqualTo(before);
        given().when().get("/api/v1/auto-subscriptions").then().body("total", equalTo(0));
    }

    @Test
    void theSameFilterForTheSamePatternConflicts() {
        long id = create(COMMANDS);
        long before = autoSubscriptionsVersion();
        given().contentType(ContentType.JSON)
                .body("{\"clientIdPattern\": \"sensor-*\", \"topicFilter\": \"commands/${clientid}/#\", \"qos\": 2}")
                .when().post("/api/v1/auto-subscriptions").then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("auto-subscription " + id));
        assertThat(autoSubscriptionsVersion()).isEqualTo(before);
        create("{\"clientIdPattern\": \"gateway-*\", \"topicFilter\": \"commands/${clientid}/#\"}");
    }

    @Test
    void autoSubscriptionsAreReplacedAndDeleted() {
        long id = create(COMMANDS);
        long other = create("{\"clientIdPattern\": \"*\", \"topicFilter\": \"broadcast\"}");
        long before = autoSubscriptionsVersion();
        given().contentType(ContentType.JSON)
                .body("{\"clientIdPattern\": \"sensor-??\", \"topicFilter\": \"config/${clientid}\", \"qos\": 2}")
                .when().put("/api/v1/auto-subscriptions/" + id).then()
                .statusCode(200).body("id", equalTo((int) id)).body("clientIdPattern", equalTo("sensor-??"))
                .body("qos", equalTo(2)).body("noLocal", equalTo(false));
        assertThat(autoSubscriptionsVersion()).isGreaterThan(before);
        given().contentType(ContentType.JSON).body("{\"clientIdPattern\": \"*\", \"topicFilter\": \"broadcast\"}")
                .when().put("/api/v1/auto-subscriptions/" + id).then()
                .statusCode(409).body("detail", containsString("" + other));

        given().when().delete("/api/v1/auto-subscriptions/" + id).then().statusCode(204);
        given().when().get("/api/v1/auto-subscriptions/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().when().delete("/api/v1/auto-subscriptions/" + id).then().statusCode(404);
        given().contentType(ContentType.JSON).body(COMMANDS).when().put("/api/v1/auto-subscriptions/" + id).then()
                .statusCode(404);
    }

    @Test
    void pagesFollowTheCursorToTheEnd() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create("{\"clientIdPattern\": \"c-" + i + "\", \"topicFilter\": \"t/" + i + "\"}"));
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/api/v1/auto-subscriptions").then().statusCode(200)
                    .body("total", equalTo(5)).extract().response();
            for (Number id : page.<List<Number>>path("items.id")) {
                seen.add(id.longValue());
            }
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(ids);
        given().queryParam("limit", 5).when().get("/api/v1/auto-subscriptions").then()
                .body("items.size()", equalTo(5)).body("nextCursor", nullValue());
        given().queryParam("cursor", "eA").when().get("/api/v1/auto-subscriptions").then()
                .statusCode(400).body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void theOpenApiDocumentDescribesTheAutoSubscriptionEndpoints() {
        given().accept("application/json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("paths.'/api/v1/auto-subscriptions'.post.summary", equalTo("Create an auto-subscription"))
                .body("paths.'/api/v1/auto-subscriptions'.post.responses.'409'.description", containsString("exists"))
                .body("paths.'/api/v1/auto-subscriptions/{id}'.get.responses.'404'.description",
                        equalTo("No such auto-subscription"));
    }
}
