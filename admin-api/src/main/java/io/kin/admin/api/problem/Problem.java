package io.kin.admin.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * An RFC 7807 problem: every error the API returns has this shape, as {@code application/problem+json}.
 *
 * @param errors field-level details: which field (a JSON path such as {@code actions[0].topic}, or {@code sql}) and
 *               what is wrong with it, with a line and column for SQL
 */
@Schema(name = "Problem", description = "RFC 7807 problem details")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        @Schema(example = "https://kin-mqtt.io/problems/invalid-rule") String type,
        @Schema(example = "Invalid rule") String title,
        @Schema(example = "400") int status,
        @Schema(example = "sql: line 1, column 8: unknown function 'foo'") String detail,
        @Schema(example = "/api/v1/rules") String instance,
        List<FieldError> errors) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");
    private static final String TYPES = "https://kin-mqtt.io/problems/";

    @Schema(name = "FieldError")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(@Schema(example = "sql") String field, @Schema(example = "unknown function 'foo'") String message,
                             @Schema(example = "1") Integer line, @Schema(example = "8") Integer column) {
    }

    public static Problem of(int status, String slug, String title, String detail, List<FieldError> errors) {
        return new Problem(TYPES + slug, title, status, detail, null, errors == null || errors.isEmpty() ? null : errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
