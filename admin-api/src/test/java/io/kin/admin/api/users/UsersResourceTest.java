package io.kin.admin.api.users;

import io.kin.credentials.PasswordHasher;
import io.kin.credentials.ScramCredentials;
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
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class UsersResourceTest {

    @Inject
    Pool pool;

    @AfterEach
    void deleteUsers() {
        pool.query("DELETE FROM mqtt_user").execute().await().indefinitely();
    }

    private long usersVersion() {
        return pool.query("SELECT version FROM kin_config_version WHERE area = 'users'").execute().await()
                .indefinitely().iterator().next().getLong("version");
    }

    private Row stored(String username) {
        return pool.preparedQuery("SELECT * FROM mqtt_user WHERE username = $1").execute(Tuple.of(username)).await()
                .indefinitely().iterator().next();
    }

    private static void create(String username, String password, boolean superuser) {
        given().contentType(ContentType.JSON)
                .body("{\"username\": \"" + username + "\", \"password\": \"" + password + "\", \"superuser\": "
                        + superuser + "}")
                .when().post("/api/v1/users").then().statusCode(201);
    }

    /** What the broker checks on CONNECT (PBKDF2) and on SCRAM-SHA-256 enhanced auth (keys for the stored salt). */
    private void assertBrokerAccepts(String username, String password) {
        Row row = stored(username);
        assertThat(new PasswordHasher().verify(password.toCharArray(), row.getString("password_hash")))
                .as("the broker's PasswordHasher verifies the stored hash").isTrue();
        ScramCredentials scram = new ScramCredentials(row.getBuffer("scram_salt").getBytes(),
                row.getInteger("scram_iterations"), row.getBuffer("scram_stored_key").getBytes(),
                row.getBuffer("scram_server_key").getBytes());
        assertThat(scram.iterations()).isEqualTo(ScramCredentials.DEFAULT_ITERATIONS);
        assertThat(scram.salt()).hasSize(ScramCredentials.SALT_BYTES);
        assertThat(ScramCredentials.derive(password.toCharArray(), scram.salt(), scram.iterations()))
                .as("SCRAM keys derived from the password and the stored salt").isEqualTo(scram);
    }

    @Test
    void aCreatedUserIsStoredAsTheBrokerVerifiesItAndSignalled() {
        long before = usersVersion();
        String body = given().contentType(ContentType.JSON)
                .body("{\"username\": \"sensor-b7-01\", \"password\": \"pässwörd✓ 1\"}")
                .when().post("/api/v1/users").then()
                .statusCode(201)
                .header("Location", endsWith("/api/v1/users/sensor-b7-01"))
                .body("username", equalTo("sensor-b7-01"))
                .body("superuser", equalTo(false))
                .body("createdAt", notNullValue())
                .extract().asString();
        assertThat(body).doesNotContainIgnoringCase("password").doesNotContain("pbkdf2").doesNotContain("scram");

        assertBrokerAccepts("sensor-b7-01", "pässwörd✓ 1");
        assertThat(new PasswordHasher().verify("pässwörd✓ 2".toCharArray(), stored("sensor-b7-01")
                .getString("password_hash"))).isFalse();
        assertThat(usersVersion()).as("brokers drop cached users on the version bump").isGreaterThan(before);

        given().when().get("/api/v1/users/sensor-b7-01").then().statusCode(200)
                .body("username", equalTo("sensor-b7-01"))
                .body("$", not(org.hamcrest.Matchers.hasKey("password")))
                .body("$", not(org.hamcrest.Matchers.hasKey("passwordHash")));
    }

    @Test
    void listsAndReadsNeverAnswerPasswordMaterial() {
        create("alice", "wonderland", true);
        String list = given().when().get("/api/v1/users").then().statusCode(200)
                .body("items.username", hasItem("alice"))
                .body("items[0].superuser", equalTo(true))
                .body("total", equalTo(1))
                .body("nextCursor", nullValue())
                .extract().asString();
        String one = given().when().get("/api/v1/users/alice").then().statusCode(200).extract().asString();
        for (String answer : List.of(list, one)) {
            assertThat(answer).doesNotContain("wonderland").doesNotContain("pbkdf2")
                    .doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("scram")
                    .doesNotContain(stored("alice").getString("password_hash"));
        }
    }

    @Test
    void userNamesOutsideAsciiAreAddressable() {
        given().contentType(ContentType.JSON).body("{\"username\": \"Zoë sensor\", \"password\": \"pw\"}")
                .when().post("/api/v1/users").then().statusCode(201)
                .header("Location", endsWith("/api/v1/users/Zo%C3%AB%20sensor"));
        given().when().get("/api/v1/users/{u}", "Zoë sensor").then().statusCode(200)
                .body("username", equalTo("Zoë sensor"));
    }

    @Test
    void invalidBodiesGetFieldErrorsAndNothingIsSaved() {
        long before = usersVersion();
        given().contentType(ContentType.JSON).body("{\"username\": \"a/b\", \"password\": \"\"}")
                .when().post("/api/v1/users").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("username", "password"));
        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/users").then()
                .statusCode(400).body("errors.field", hasItems("username", "password"));
        given().contentType(ContentType.JSON).body("{\"username\": \"x\", \"password\": \"pw\", \"superuser\": \"maybe\"}")
                .when().post("/api/v1/users").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("superuser"));
        given().contentType(ContentType.JSON).body("{nope").when().post("/api/v1/users").then()
                .statusCode(400).contentType("application/problem+json");
        assertThat(usersVersion()).isEqualTo(before);
        given().when().get("/api/v1/users").then().body("total", equalTo(0));
    }

    @Test
    void aSecondUserWithTheSameNameConflicts() {
        create("alice", "one", false);
        String hash = stored("alice").getString("password_hash");
        long before = usersVersion();
        given().contentType(ContentType.JSON).body("{\"username\": \"alice\", \"password\": \"two\"}")
                .when().post("/api/v1/users").then()
                .statusCode(409).contentType("application/problem+json").body("detail", containsString("alice"));
        assertThat(stored("alice").getString("password_hash")).as("the existing user is untouched").isEqualTo(hash);
        assertThat(usersVersion()).isEqualTo(before);
    }

    @Test
    void aNewPasswordReplacesBothTheHashAndTheScramKeys() {
        create("alice", "old password", false);
        Row old = stored("alice");
        long before = usersVersion();

        given().contentType(ContentType.JSON).body("{\"password\": \"new password\"}")
                .when().put("/api/v1/users/alice/password").then()
                .statusCode(200).body("username", equalTo("alice"))
                .body("$", not(org.hamcrest.Matchers.hasKey("password")));

        assertBrokerAccepts("alice", "new password");
        Row now = stored("alice");
        assertThat(new PasswordHasher().verify("old password".toCharArray(), now.getString("password_hash"))).isFalse();
        assertThat(now.getBuffer("scram_salt").getBytes()).isNotEqualTo(old.getBuffer("scram_salt").getBytes());
        assertThat(usersVersion()).isGreaterThan(before);

        given().contentType(ContentType.JSON).body("{\"password\": \"\"}")
                .when().put("/api/v1/users/alice/password").then()
                .statusCode(400).body("errors[0].field", equalTo("password"));
        given().contentType(ContentType.JSON).body("{\"password\": \"x\"}")
                .when().put("/api/v1/users/nobody/password").then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theSuperuserFlagIsSetAndCleared() {
        create("alice", "pw", false);
        long before = usersVersion();
        given().contentType(ContentType.JSON).body("{\"superuser\": true}")
                .when().put("/api/v1/users/alice/superuser").then()
                .statusCode(200).body("superuser", equalTo(true));
        assertThat(stored("alice").getBoolean("superuser")).isTrue();
        assertThat(usersVersion()).isGreaterThan(before);
        given().contentType(ContentType.JSON).body("{\"superuser\": false}")
                .when().put("/api/v1/users/alice/superuser").then()
                .statusCode(200).body("superuser", equalTo(false));
        assertBrokerAccepts("alice", "pw");

        given().contentType(ContentType.JSON).body("{}").when().put("/api/v1/users/alice/superuser").then()
                .statusCode(400).body("errors[0].field", equalTo("superuser"));
        given().contentType(ContentType.JSON).body("{\"superuser\": true}")
                .when().put("/api/v1/users/nobody/superuser").then().statusCode(404);
    }

    @Test
    void usersAreDeletedAndUnknownUsersAreNotFound() {
        create("alice", "pw", false);
        long before = usersVersion();
        given().when().delete("/api/v1/users/alice").then().statusCode(204);
        assertThat(usersVersion()).isGreaterThan(before);
        given().when().get("/api/v1/users/alice").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("alice"));
        given().when().delete("/api/v1/users/alice").then().statusCode(404);
    }

    @Test
    void pagesFollowTheCursorToTheEnd() {
        List<String> names = List.of("u01", "u02", "u03", "u04", "u05", "u06", "u07");
        for (int i = names.size() - 1; i >= 0; i--) {
            create(names.get(i), "pw", false); // created out of order: listed by name
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/api/v1/users").then().statusCode(200)
                    .body("total", equalTo(7)).extract().response();
            List<String> items = page.path("items.username");
            assertThat(items.size()).isLessThanOrEqualTo(3);
            seen.addAll(items);
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(names);
        given().when().get("/api/v1/users").then().body("items.size()", equalTo(7)).body("nextCursor", nullValue());
    }

    @Test
    void anInvalidLimitOrCursorIsAProblem() {
        for (String limit : List.of("0", "1001", "lots")) {
            given().queryParam("limit", limit).when().get("/api/v1/users").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("limit"));
        }
        given().queryParam("cursor", "not base64!").when().get("/api/v1/users").then()
                .statusCode(400).body("errors[0].field", equalTo("cursor"));
        given().queryParam("limit", 1000).when().get("/api/v1/users").then().statusCode(200);
    }

    @Test
    void theOpenApiDocumentDescribesTheUsersEndpoints() {
        given().accept("application/json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("paths.'/api/v1/users'.post.summary", equalTo("Create a user"))
                .body("paths.'/api/v1/users'.post.responses.'409'.description", containsString("exists"))
                .body("paths.'/api/v1/users'.post.responses.'409'.content.'application/problem+json'.examples",
                        notNullValue())
                .body("paths.'/api/v1/users'.get.parameters.name", hasItems("limit", "cursor"))
                .body("paths.'/api/v1/users'.get.requestBody", nullValue())
                .body("paths.'/api/v1/users/{username}/password'.put.summary", equalTo("Set a user's password"))
                .body("paths.'/api/v1/users/{username}'.delete.responses.'404'.description", equalTo("No such user"));
    }
}
