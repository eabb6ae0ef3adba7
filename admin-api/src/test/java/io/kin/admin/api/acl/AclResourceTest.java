package io.kin.admin.api.acl;

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
class AclResourceTest {

    private static final String OWN_TOPICS = """
            {"action": "PUBLISH", "topicFilter": "devices/${clientid}/#", "allow": true, "priority": 10}""";

    @Inject
    Pool pool;

    @AfterEach
    void deleteRules() {
        pool.query("DELETE FROM mqtt_acl").execute().await().indefinitely();
    }

    private long aclVersion() {
        return pool.query("SELECT version FROM kin_config_version WHERE area = 'acl'").execute().await()
                .indefinitely().iterator().next().getLong("version");
    }

    private static long create(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/acl").then().statusCode(201)
                .extract().<Number>path("id").longValue();
    }

    @Test
    void aCreatedRuleIsStoredAsTheBrokerReadsItAndSignalled() {
        long before = aclVersion();
        Response created = given().contentType(ContentType.JSON).body(OWN_TOPICS).when().post("/api/v1/acl").then()
                .statusCode(201)
                .body("id", notNullValue())
                .body("username", nullValue())
                .body("clientId", nullValue())
                .body("action", equalTo("PUBLISH"))
                .body("topicFilter", equalTo("devices/${clientid}/#"))
                .body("allow", equalTo(true))
                .body("priority", equalTo(10))
                .extract().response();
        long id = created.<Number>path("id").longValue();
        assertThat(created.header("Location")).endsWith("/api/v1/acl/" + id);
        assertThat(aclVersion()).as("brokers reload their rules on the version bump").isGreaterThan(before);

        Row row = pool.preparedQuery("SELECT * FROM mqtt_acl WHERE id = $1").execute(Tuple.of(id)).await()
                .indefinitely().iterator().next();
        assertThat(row.getString("action")).isEqualTo("PUBLISH");
        assertThat(row.getString("topic_filter")).isEqualTo("devices/${clientid}/#");
        assertThat(row.getBoolean("allow")).isTrue();
        assertThat(row.getInteger("priority")).isEqualTo(10);

        given().when().get("/api/v1/acl/" + id).then().statusCode(200).body("action", equalTo("PUBLISH"));
    }

    @Test
    void theActionIsTakenInAnyCaseAndThePriorityDefaultsToZero() {
        given().contentType(ContentType.JSON)
                .body("{\"username\": \"alice\", \"clientId\": \"*\", \"action\": \"subscribe\", "
                        + "\"topicFilter\": \"users/${username}/+\", \"allow\": false}")
                .when().post("/api/v1/acl").then().statusCode(201)
                .body("action", equalTo("SUBSCRIBE")).body("priority", equalTo(0))
                .body("username", equalTo("alice")).body("clientId", equalTo("*")).body("allow", equalTo(false));
    }

    @Test
    void anInvalidRuleGetsOneFieldErrorPerProblemAndNothingIsSaved() {
        long before = aclVersion();
        given().contentType(ContentType.JSON)
                .body("{\"action\": \"READ\", \"topicFilter\": \"a/#/b\", \"allow\": true}")
                .when().post("/api/v1/acl").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", containsString("invalid-acl-rule"))
                .body("errors.field", hasItems("action", "topicFilter"))
                .body("errors.find { it.field == 'action' }.message", containsString("PUBLISH, SUBSCRIBE, ALL"));
        given().contentType(ContentType.JSON)
                .body("{\"action\": \"ALL\", \"topicFilter\": \"devices/${clientId}/#\", \"allow\": true}")
                .when().post("/api/v1/acl").then()
                .statusCode(400).body("errors[0].field", equalTo("topicFilter"))
                .body("errors[0].message", containsString("${clientId}"));
        given().contentType(ContentType.JSON).body("{\"action\": \"ALL\", \"topicFilter\": \"a+\", \"allow\": true}")
                .when().post("/api/v1/acl").then().statusCode(400).body("errors[0].field", equalTo("topicFilter"));
        given().contentType(ContentType.JSON).body("{\"username\": \"\"}").when().post("/api/v1/acl").then()
                .statusCode(400)
                .body("errors.field", hasItems("action", "topicFilter", "allow", "username"));
        given().contentType(ContentType.JSON).body("{\"action\": \"ALL\", \"topicFilter\": \"a\", \"allow\": \"yes\"}")
                .when().post("/api/v1/acl").then().statusCode(400).body("errors[0].field", equalTo("allow"));
        assertThat(aclVersion()).isEqualTo(before);
        given().when().get("/api/v1/acl").then().body("total", equalTo(0));
    }

    @Test
    void aRuleForTheSameWhoActionAndFilterConflicts() {
        long id = create(OWN_TOPICS);
        long before = aclVersion();
        // "*" and left out both mean anyone: the same rule
        given().contentType(ContentType.JSON)
                .body("{\"username\": \"*\", \"action\": \"PUBLISH\", \"topicFilter\": \"devices/${clientid}/#\", "
                        + "\"allow\": false, \"priority\": 99}")
                .when().post("/api/v1/acl").then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("ACL rule " + id));
        assertThat(aclVersion()).as("a refused change is not signalled").isEqualTo(before);
        // another action, or another user, is another rule
        create("{\"action\": \"SUBSCRIBE\", \"topicFilter\": \"devices/${clientid}/#\", \"allow\": true}");
        create("{\"username\": \"bob\", \"action\": \"PUBLISH\", \"topicFilter\": \"devices/${clientid}/#\", "
                + "\"allow\": true}");
    }

    @Test
    void rulesAreReplacedAndDeleted() {
        long id = create(OWN_TOPICS);
        long other = create("{\"action\": \"SUBSCRIBE\", \"topicFilter\": \"status/#\", \"allow\": true}");
        long before = aclVersion();
        given().contentType(ContentType.JSON)
                .body("{\"clientId\": \"gw-1\", \"action\": \"ALL\", \"topicFilter\": \"gw/#\", \"allow\": false, "
                        + "\"priority\": -5}")
                .when().put("/api/v1/acl/" + id).then()
                .statusCode(200).body("id", equalTo((int) id)).body("clientId", equalTo("gw-1"))
                .body("action", equalTo("ALL")).body("allow", equalTo(false)).body("priority", equalTo(-5));
        assertThat(aclVersion()).isGreaterThan(before);

        // replacing a rule by one like another conflicts; like itself does not
        given().contentType(ContentType.JSON)
                .body("{\"action\": \"SUBSCRIBE\", \"topicFilter\": \"status/#\", \"allow\": false}")
                .when().put("/api/v1/acl/" + id).then().statusCode(409).body("detail", containsString("" + other));
        given().contentType(ContentType.JSON)
                .body("{\"action\": \"SUBSCRIBE\", \"topicFilter\": \"status/#\", \"allow\": false}")
                .when().put("/api/v1/acl/" + other).then().statusCode(200).body("allow", equalTo(false));

        given().when().delete("/api/v1/acl/" + id).then().statusCode(204);
        given().when().get("/api/v1/acl/" + id).then().statusCode(404).contentType("application/problem+json");
        given().when().delete("/api/v1/acl/" + id).then().statusCode(404);
        given().contentType(ContentType.JSON).body(OWN_TOPICS).when().put("/api/v1/acl/" + id).then()
                .statusCode(404);
        given().when().get("/api/v1/acl/not-a-number").then().statusCode(404);
    }

    @Test
    void pagesGoByPriorityThenAgeAndFollowTheCursorToTheEnd() {
        int[] priorities = {0, 5, -1, 5, 10, 0, 0};
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < priorities.length; i++) {
            ids.add(create("{\"action\": \"ALL\", \"topicFilter\": \"t/" + i + "\", \"allow\": true, \"priority\": "
                    + priorities[i] + "}"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/api/v1/acl").then().statusCode(200)
                    .body("total", equalTo(7)).extract().response();
            seen.addAll(page.<List<String>>path("items.topicFilter"));
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(4);
        // highest priority first, then in the order they were made
        assertThat(seen).containsExactly("t/4", "t/1", "t/3", "t/0", "t/5", "t/6", "t/2");
        given().queryParam("cursor", "bm9wZQ").when().get("/api/v1/acl").then()
                .statusCode(400).body("errors[0].field", equalTo("cursor"));
        given().queryParam("limit", "-1").when().get("/api/v1/acl").then()
                .statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    @Test
    void theOpenApiDocumentDescribesTheAclEndpoints() {
        given().accept("application/json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("paths.'/api/v1/acl'.post.summary", equalTo("Create an ACL rule"))
                .body("paths.'/api/v1/acl'.post.responses.'409'.description", containsString("exists"))
                .body("paths.'/api/v1/acl'.post.responses.'400'.content.'application/problem+json'.examples",
                        notNullValue())
                .body("paths.'/api/v1/acl/{id}'.delete.responses.'404'.description", equalTo("No such ACL rule"))
                .body("paths.'/api/v1/acl/{id}'.delete.requestBody", nullValue());
    }
}
