package io.kin.admin.ui;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(ConsoleStartsTest.NoAdminApi.class)
class ConsoleStartsTest {

    /** Points the console at a port where nothing listens. */
    public static class NoAdminApi implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.admin-api.url", "http://127.0.0.1:9");
        }
    }

    @Test
    void livenessIsUpAndReadinessReportsTheUnreachableAdminApi() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'admin-api' }.status", equalTo("DOWN"));
    }

    @Test
    void pagesNeedASignInAndSigningInSaysTheApiIsUnreachable() {
        given().redirects().follow(false).when().get("/clients").then().statusCode(303)
                .header("Location", endsWith("/login?next=%2Fclients"));
        var form = given().when().get("/login").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("Sign in"))
                .cookie("kin_login").extract();
        String csrf = form.htmlPath().getString("**.find { it.@name == '_csrf' }.@value");
        given().cookie("kin_login", form.cookie("kin_login"))
                .formParam("_csrf", csrf).formParam("username", "admin").formParam("password", "secret")
                .when().post("/login").then().statusCode(502)
                .body(containsString("The admin API is not reachable"));
    }

    @Test
    void theLoginFormIsRefusedWithoutItsCsrfToken() {
        given().formParam("username", "admin").formParam("password", "secret")
                .when().post("/login").then().statusCode(403)
                .body(containsString("The sign-in form expired"));
    }

    @Test
    void stylesAreServedLocally() {
        given().when().get("/css/kin.css").then().statusCode(200).body(containsString(".topbar"));
    }
}
