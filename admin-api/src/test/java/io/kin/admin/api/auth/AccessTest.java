package io.kin.admin.api.auth;

import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.kin.admin.api.AsAdmin.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class AccessTest {

    private static final String PASSWORD = "a long enough password";

    @Inject
    Pool pool;

    @Inject
    ApiKeyCommand command;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void adminUser(String name, String role) {
        given().contentType(ContentType.JSON)
                .body("{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\", \"role\": \"" + role + "\"}")
                .when().post("/api/v1/admin-users").then().statusCode(201)
                .body("username", equalTo(name)).body("role", equalTo(role)).body("password", nullValue());
    }

    private static String login(String name, String password) {
        return RestAssured.given().contentType(ContentType.JSON)
                .body("{\"username\": \"" + name + "\", \"password\": \"" + password + "\"}")
                .when().post("/api/v1/auth/login").then().statusCode(200)
                .body("username", equalTo(name)).body("expiresAt", notNullValue())
                .extract().path("token");
    }

    private static RequestSpecification as(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    @Test
    void everyApiCallWithoutAValidTokenIsUnauthorizedButHealthIsOpen() {
        RestAssured.given().when().get("/api/v1/rules").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401)).body("detail", containsString("Authorization: Bearer"));
        as("kin_k_not-a-key").when().get("/api/v1/users").then().statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("unknown"));
        as("kin_s_not-a-session").when().post("/api/v1/publish").then().statusCode(401);
        RestAssured.given().header("Authorization", "Basic YWRtaW46YWRtaW4=").when().get("/api/v1/nodes").then()
                .statusCode(401);
        RestAssured.given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void theFirstAdminFromTheEnvironmentLogsInAndWorksWithItsSessionToken() {
        // %test.kin.admin.username / password: created at start-up
        String token = login("first-admin", "first-admin-password");
        assertThat(token).startsWith("kin_s_");
        as(token).when().get("/api/v1/auth/me").then().statusCode(200)
                .body("name", equalTo("first-admin")).body("role", equalTo("admin")).body("kind", equalTo("user"));
        String rule = unique("by-session");
        as(token).contentType(ContentType.JSON)
                .body("{\"id\": \"" + rule + "\", \"name\": \"n\", \"sql\": \"SELECT * FROM \\\"a/#\\\"\"}")
                .when().post("/api/v1/rules").then().statusCode(201);
        as(token).when().delete("/api/v1/rules/" + rule).then().statusCode(204);

        as(token).when().post("/api/v1/auth/logout").then().statusCode(204);
        as(token).when().get("/api/v1/rules").then().statusCode(401);
    }

    @Test
    void sessionTokensAndPasswordsAreStoredOnlyAsHashes() {
        String name = unique("hashed");
        adminUser(name, "admin");
        String token = login(name, PASSWORD);
        Row user = pool.query("SELECT password_hash FROM kin_admin_user WHERE username = '" + name + "'").execute()
                .await().indefinitely().iterator().next();
        assertThat(user.getString("password_hash")).doesNotContain(PASSWORD).startsWith("pbkdf2");
        long plain = pool.query("SELECT count(*) AS n FROM kin_admin_session WHERE token_hash = '" + token + "'")
                .execute().await().indefinitely().iterator().next().getLong("n");
        assertThat(plain).isZero();
    }

    @Test
    void aViewerReadsButEveryChangeIsForbidden() {
        String name = unique("viewer");
        adminUser(name, "viewer");
        String token = login(name, PASSWORD);
        as(token).when().get("/api/v1/auth/me").then().statusCode(200).body("role", equalTo("viewer"));
        as(token).when().get("/api/v1/rules").then().statusCode(200);
        as(token).when().get("/api/v1/users").then().statusCode(200);
        as(token).contentType(ContentType.JSON)
                .body("{\"sql\": \"SELECT payload.t AS t FROM \\\"s/#\\\"\", \"input\": {\"topic\": \"s/1\", "
                        + "\"payload\": \"{\\\"t\\\": 3}\"}}")
                .when().post("/api/v1/rules/test").then().statusCode(200);

        as(token).contentType(ContentType.JSON)
                .body("{\"name\": \"n\", \"sql\": \"SELECT * FROM \\\"a/#\\\"\"}")
                .when().post("/api/v1/rules").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("viewer"));
        as(token).when().delete("/api/v1/users/anyone").then().statusCode(403);
        as(token).contentType(ContentType.JSON).body("{\"topic\": \"t\", \"payload\": \"x\"}")
                .when().post("/api/v1/publish").then().statusCode(403);
        as(token).when().get("/api/v1/admin-users").then().statusCode(403);
        as(token).when().get("/api/v1/api-keys").then().statusCode(403);
        // testing a bridge reaches outside: not for viewers
        as(token).contentType(ContentType.JSON)
                .body("{\"name\": \"probe\", \"type\": \"HTTP\", \"settings\": {\"url\": \"http://127.0.0.1:9/\"}}")
                .when().post("/api/v1/bridges/test").then().statusCode(403);
        as(token).when().post("/api/v1/bridges/any/test").then().statusCode(403);
    }

    @Test
    void wrongPasswordsAreRefusedAndThenThrottledEvenForTheRightOne() {
        String name = unique("guessed");
        adminUser(name, "admin");
        for (int i = 0; i < 5; i++) {
            RestAssured.given().contentType(ContentType.JSON)
                    .body("{\"username\": \"" + name + "\", \"password\": \"guess-" + i + "\"}")
                    .when().post("/api/v1/auth/login").then().statusCode(401)
                    .contentType("application/problem+json").body("detail", equalTo("wrong user name or password"));
        }
        RestAssured.given().contentType(ContentType.JSON)
                .body("{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\"}")
                .when().post("/api/v1/auth/login").then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue());
        // an unknown user is refused the same way as a wrong password
        RestAssured.given().contentType(ContentType.JSON)
                .body("{\"username\": \"" + unique("nobody") + "\", \"password\": \"x\"}")
                .when().post("/api/v1/auth/login").then().statusCode(401)
                .body("detail", equalTo("wrong user name or password"));
        RestAssured.given().contentType(ContentType.JSON).body("{\"username\": \"\"}")
                .when().post("/api/v1/auth/login").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", org.hamcrest.Matchers.hasItem("password"));
    }

    @Test
    void apiKeysAreShownOnceWorkWithTheirRoleAndStopWhenRevoked() {
        String key = given().contentType(ContentType.JSON).body("{\"name\": \"dashboards\", \"role\": \"viewer\"}")
                .when().post("/api/v1/api-keys").then().statusCode(201)
                .body("key", startsWith("kin_k_")).body("role", equalTo("viewer"))
                .extract().path("key");
        String id = as(key).when().get("/api/v1/auth/me").then().statusCode(200)
                .body("kind", equalTo("api-key")).body("name", equalTo("dashboards"))
                .extract().path("name");
        assertThat(id).isEqualTo("dashboards");
        as(key).when().get("/api/v1/rules").then().statusCode(200);
        as(key).contentType(ContentType.JSON).body("{\"topic\": \"t\", \"payload\": \"x\"}")
                .when().post("/api/v1/publish").then().statusCode(403);

        String keyId = pool.query("SELECT id FROM kin_api_key WHERE name = 'dashboards'").execute().await()
                .indefinitely().iterator().next().getString("id");
        given().when().get("/api/v1/api-keys").then().statusCode(200)
                .body("items.find { it.id == '" + keyId + "' }.name", equalTo("dashboards"))
                .body("items.find { it.id == '" + keyId + "' }.lastUsedAt", notNullValue())
                .body("items.key", org.hamcrest.Matchers.everyItem(nullValue()))
                .body(not(containsString(key)));

        given().when().delete("/api/v1/api-keys/" + keyId).then().statusCode(204);
        as(key).when().get("/api/v1/rules").then().statusCode(401);
        given().when().delete("/api/v1/api-keys/" + keyId).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void theApiKeyCommandPrintsOnlyTheKeyAndItWorks() {
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        int status;
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            status = command.run("api-key", "from-cli", "viewer");
        } finally {
            System.setOut(out);
        }
        assertThat(status).isZero();
        String key = printed.toString(java.nio.charset.StandardCharsets.UTF_8).trim();
        assertThat(key).startsWith("kin_k_").doesNotContain("\n");
        as(key).when().get("/api/v1/auth/me").then().statusCode(200)
                .body("name", equalTo("from-cli")).body("role", equalTo("viewer"));
        assertThat(command.run("api-key", "x", "root")).as("an unknown role is a usage error").isEqualTo(2);
    }

    @Test
    void aNewPasswordEndsTheUsersSessionsAndTheOldPasswordStopsWorking() {
        String name = unique("rotated");
        adminUser(name, "admin");
        String token = login(name, PASSWORD);
        given().contentType(ContentType.JSON).body("{\"password\": \"another long password\"}")
                .when().patch("/api/v1/admin-users/" + name).then().statusCode(200).body("role", equalTo("admin"));
        as(token).when().get("/api/v1/rules").then().statusCode(401);
        RestAssured.given().contentType(ContentType.JSON)
                .body("{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\"}")
                .when().post("/api/v1/auth/login").then().statusCode(401);
        login(name, "another long password");
    }

    @Test
    void aRoleChangeAppliesToSessionsAtOnce() {
        String name = unique("demoted");
        adminUser(name, "admin");
        String token = login(name, PASSWORD);
        given().contentType(ContentType.JSON).body("{\"role\": \"viewer\"}")
                .when().patch("/api/v1/admin-users/" + name).then().statusCode(200).body("role", equalTo("viewer"));
        as(token).contentType(ContentType.JSON).body("{\"topic\": \"t\", \"payload\": \"x\"}")
                .when().post("/api/v1/publish").then().statusCode(403);
        given().when().delete("/api/v1/admin-users/" + name).then().statusCode(204);
        as(token).when().get("/api/v1/rules").then().statusCode(401);
    }

    @Test
    void theLastAdminCanBeNeitherDeletedNorDemoted() {
        String viewer = unique("only-viewer");
        adminUser(viewer, "viewer");
        // every admin but first-admin made a viewer, in the database, for this test
        pool.query("UPDATE kin_admin_user SET role = 'viewer' WHERE username <> 'first-admin'").execute().await()
                .indefinitely();
        given().when().delete("/api/v1/admin-users/first-admin").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("last admin"));
        given().contentType(ContentType.JSON).body("{\"role\": \"viewer\"}")
                .when().patch("/api/v1/admin-users/first-admin").then().statusCode(409);

        given().contentType(ContentType.JSON).body("{\"role\": \"admin\"}")
                .when().patch("/api/v1/admin-users/" + viewer).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"role\": \"viewer\"}")
                .when().patch("/api/v1/admin-users/first-admin").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"role\": \"admin\"}")
                .when().patch("/api/v1/admin-users/first-admin").then().statusCode(200);
    }

    @Test
    void adminUserBodiesAreValidated() {
        given().contentType(ContentType.JSON).body("{\"username\": \"x/y\", \"password\": \"short\", \"role\": \"root\"}")
                .when().post("/api/v1/admin-users").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("password", "role", "username"));
        given().contentType(ContentType.JSON).body("{\"username\": \"first-admin\", \"password\": \"long enough pw\", "
                        + "\"role\": \"admin\"}")
                .when().post("/api/v1/admin-users").then().statusCode(409);
        given().when().get("/api/v1/admin-users/nobody-here").then().statusCode(404);
    }
}
