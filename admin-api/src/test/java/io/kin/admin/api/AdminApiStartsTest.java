package io.kin.admin.api;

import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.kin.admin.api.AsAdmin.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class AdminApiStartsTest {

    @Test
    void readinessChecksTheDatabase() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("PostgreSQL")));
    }

    @Test
    void openApiDocumentListsTheNodesEndpoint() {
        given().accept("application/json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("paths.'/api/v1/nodes'.get.summary", notNullValue());
    }

    @Test
    void nodesAreReadFromTheMigratedSchema() {
        given().when().get("/api/v1/nodes").then().statusCode(200).body("$", notNullValue());
    }

    @Test
    void metricsArePublished() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }
}
