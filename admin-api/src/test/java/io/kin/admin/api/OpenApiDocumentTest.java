package io.kin.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.kin.admin.api.AsAdmin.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks the OpenAPI document the way a client generator would: every operation under /api/v1 is described and named, answers
 * with documented responses, and every schema it refers to exists.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private JsonNode document() throws Exception {
        String json = given().accept("application/json").when().get("/q/openapi?format=json").then()
                .statusCode(200).extract().asString();
        return new ObjectMapper().readTree(json);
    }

    @Test
    void everyOperationHasASummaryAndDocumentedResponses() throws Exception {
        JsonNode doc = document();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        List<String> problems = new ArrayList<>();
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/v1/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                operations++;
                String where = op.getKey().toUpperCase() + " " + path.getKey();
                if (op.getValue().path("summary").asText().isBlank()) {
                    problems.add(where + ": no summary");
                }
                if (op.getValue().path("operationId").asText().isBlank()) {
                    problems.add(where + ": no operationId");
                }
                if (op.getValue().path("tags").isEmpty()) {
                    problems.add(where + ": no tag");
                }
                JsonNode responses = op.getValue().path("responses");
                if (responses.isEmpty()) {
                    problems.add(where + ": no responses");
                }
                for (Iterator<Map.Entry<String, JsonNode>> rs = responses.fields(); rs.hasNext(); ) {
                    Map.Entry<String, JsonNode> r = rs.next();
                    if (r.getKey().startsWith("4") && !r.getValue().path("content").has("application/problem+json")) {
                        problems.add(where + ": error " + r.getKey() + " is not described as application/problem+json");
                    }
                }
            }
        }
        assertThat(operations).as("operations under /api/v1").isGreaterThanOrEqualTo(10);
        assertThat(doc.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
                .isEqualTo("bearer");
        assertThat(doc.path("security").toString()).contains("bearer");
        assertThat(doc.path("paths").path("/api/v1/rules").path("get").path("responses").has("401"))
                .as("every secured operation documents 401").isTrue();
        assertThat(doc.path("paths").path("/api/v1/rules").path("post").path("responses").has("403"))
                .as("writes document 403 for viewers").isTrue();
        assertThat(doc.path("paths").path("/api/v1/rules").path("get").path("responses").has("403")).isFalse();
        assertThat(doc.path("paths").path("/api/v1/auth/login").path("post").path("security").isArray())
                .as("login needs no token").isTrue();
        assertThat(problems).isEmpty();
    }

    @Test
    void everySchemaReferenceResolves() throws Exception {
        JsonNode doc = document();
        JsonNode schemas = doc.path("components").path("schemas");
        List<String> refs = new ArrayList<>();
        collectRefs(doc.path("paths"), refs);
        collectRefs(schemas, refs);
        assertThat(refs).as("the document uses named schemas").isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/components/schemas/");
            assertThat(schemas.has(ref.substring("#/components/schemas/".length()))).as("schema %s exists", ref)
                    .isTrue();
        }
        assertThat(schemas.has("Problem")).as("the error shape is documented").isTrue();
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
