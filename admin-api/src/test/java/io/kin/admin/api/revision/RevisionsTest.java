package io.kin.admin.api.revision;

import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.kin.admin.api.AsAdmin.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Two operators editing the same thing: the second write, based on what it read before the first, is refused. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class RevisionsTest {

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String etag(String path) {
        return given().when().get(path).then().statusCode(200).header("ETag", notNullValue())
                .extract().header("ETag");
    }

    private static String rule(String id, String name) {
        return "{\"id\": \"" + id + "\", \"name\": \"" + name + "\", \"sql\": \"SELECT * FROM \\\"a/#\\\"\"}";
    }

    @Test
    void aRuleWrittenWithAStaleEtagIsRefusedAndKeepsTheOtherOperatorsChange() {
        String id = unique("shared");
        given().contentType(ContentType.JSON).body(rule(id, "first")).when().post("/api/v1/rules").then()
                .statusCode(201).header("ETag", notNullValue());
        String path = "/api/v1/rules/" + id;
        String read = etag(path);
        given().when().get(path).then().body("revision", equalTo(read.replace("\"", "")));

        // operator A saves first
        String afterA = given().contentType(ContentType.JSON).header("If-Match", read).body(rule(id, "by A"))
                .when().put(path).then().statusCode(200).body("name", equalTo("by A")).extract().header("ETag");
        assertThat(afterA).isNotEqualTo(read);
        // operator B still holds the old ETag
        given().contentType(ContentType.JSON).header("If-Match", read).body(rule(id, "by B"))
                .when().put(path).then().statusCode(412).contentType("application/problem+json")
                .body("detail", containsString("changed since you read it"));
        given().when().get(path).then().body("name", equalTo("by A"));
        given().header("If-Match", read).when().post(path + "/disable").then().statusCode(412);
        given().header("If-Match", read).when().delete(path).then().statusCode(412);

        // with the current ETag, or without If-Match (scripts), changes apply
        given().header("If-Match", afterA).when().post(path + "/disable").then().statusCode(200)
                .body("enabled", equalTo(false));
        given().contentType(ContentType.JSON).body(rule(id, "by a script")).when().put(path).then().statusCode(200);
        given().header("If-Match", "W/" + etag(path)).when().delete(path).then().statusCode(204);
        given().header("If-Match", afterA).when().delete(path).then().statusCode(404);
    }

    @Test
    void bridgesUsersAclRulesAndAutoSubscriptionsRefuseStaleWrites() {
        String bridge = unique("b");
        given().contentType(ContentType.JSON).body("{\"name\": \"" + bridge + "\", \"type\": \"HTTP\", "
                + "\"settings\": {\"url\": \"http://127.0.0.1:9/x\"}}").when().post("/api/v1/bridges").then()
                .statusCode(201);
        String user = unique("u");
        given().contentType(ContentType.JSON).body("{\"username\": \"" + user + "\", \"password\": \"pw-123456\"}")
                .when().post("/api/v1/users").then().statusCode(201);
        long acl = given().contentType(ContentType.JSON).body("{\"username\": \"" + user + "\", \"action\": \"ALL\", "
                        + "\"topicFilter\": \"" + user + "/#\", \"allow\": true}")
                .when().post("/api/v1/acl").then().statusCode(201).extract().jsonPath().getLong("id");
        long autosub = given().contentType(ContentType.JSON).body("{\"clientIdPattern\": \"" + user + "-*\", "
                        + "\"topicFilter\": \"cmd/" + user + "\", \"qos\": 1}")
                .when().post("/api/v1/auto-subscriptions").then().statusCode(201).extract().jsonPath().getLong("id");

        List<String[]> writes = new ArrayList<>();
        writes.add(new String[]{"/api/v1/bridges/" + bridge, "PUT", "{\"name\": \"" + bridge + "\", \"type\": "
                + "\"HTTP\", \"settings\": {\"url\": \"http://127.0.0.1:9/y\"}}"});
        writes.add(new String[]{"/api/v1/users/" + user, "PUT:/superuser", "{\"superuser\": true}"});
        writes.add(new String[]{"/api/v1/acl/" + acl, "PUT", "{\"username\": \"" + user + "\", \"action\": "
                + "\"PUBLISH\", \"topicFilter\": \"" + user + "/#\", \"allow\": true}"});
        writes.add(new String[]{"/api/v1/auto-subscriptions/" + autosub, "PUT", "{\"clientIdPattern\": \"" + user
                + "-*\", \"topicFilter\": \"cmd/" + user + "\", \"qos\": 2}"});
        for (String[] w : writes) {
            String path = w[0];
            String target = w[1].startsWith("PUT:") ? path + w[1].substring(4) : path;
            String read = etag(path);
            ExtractableResponse<Response> first = given().contentType(ContentType.JSON).header("If-Match", read)
                    .body(w[2]).when().put(target).then().extract();
            assertThat(first.statusCode()).as("%s with the current ETag", target).isEqualTo(200);
            assertThat(first.header("ETag")).as("%s has a new ETag", target).isNotEqualTo(read);
            int stale = given().contentType(ContentType.JSON).header("If-Match", read).body(w[2]).when().put(target)
                    .then().extract().statusCode();
            assertThat(stale).as("%s with the old ETag", target).isEqualTo(412);
            assertThat(given().header("If-Match", read).when().delete(path).then().extract().statusCode())
                    .as("DELETE %s with the old ETag", path).isEqualTo(412);
            assertThat(given().header("If-Match", first.header("ETag")).when().delete(path).then().extract()
                    .statusCode()).as("DELETE %s with the current ETag", path).isEqualTo(204);
        }
    }

    @Test
    void adminUsersRefuseStaleWrites() {
        String name = unique("ops");
        given().contentType(ContentType.JSON).body("{\"username\": \"" + name + "\", \"password\": "
                + "\"long enough pw\", \"role\": \"viewer\"}").when().post("/api/v1/admin-users").then().statusCode(201);
        String path = "/api/v1/admin-users/" + name;
        String read = etag(path);
        String after = given().contentType(ContentType.JSON).header("If-Match", read).body("{\"role\": \"admin\"}")
                .when().patch(path).then().statusCode(200).body("role", equalTo("admin")).extract().header("ETag");
        assertThat(after).isNotEqualTo(read);
        given().contentType(ContentType.JSON).header("If-Match", read).body("{\"role\": \"viewer\"}")
                .when().patch(path).then().statusCode(412).contentType("application/problem+json");
        given().when().get(path).then().body("role", equalTo("admin"));
        given().header("If-Match", read).when().delete(path).then().statusCode(412);
        given().header("If-Match", after).when().delete(path).then().statusCode(204);
    }

    @Test
    void rulesAreListedAPageAtATimeWithTheirTotal() {
        String prefix = unique("paged");
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON).body(rule(prefix + "-" + i, "r" + i)).when().post("/api/v1/rules")
                    .then().statusCode(201);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var spec = given().queryParam("limit", 2);
            if (cursor != null) {
                spec = spec.queryParam("cursor", cursor);
            }
            var page = spec.when().get("/api/v1/rules").then().statusCode(200).body("total", equalTo(5))
                    .extract().jsonPath();
            seen.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly(prefix + "-0", prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-4");
        given().queryParam("limit", 0).when().get("/api/v1/rules").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        for (String id : seen) {
            given().when().delete("/api/v1/rules/" + id).then().statusCode(204);
        }
        given().when().get("/api/v1/rules").then().body("nextCursor", nullValue());
    }
}
