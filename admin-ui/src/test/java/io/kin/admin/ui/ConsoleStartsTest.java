package io.kin.admin.ui;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
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
    void dashboardRendersAndSaysTheApiIsUnreachable() {
        given().when().get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<h1>Dashboard</h1>"))
                .body(containsString("The admin API is not reachable"));
    }

    @Test
    void stylesAreServedLocally() {
        given().when().get("/css/kin.css").then().statusCode(200).body(containsString(".topbar"));
    }
}
