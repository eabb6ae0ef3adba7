package io.kin.admin.api.retained;

import com.fasterxml.jackson.core.type.TypeReference;
import io.kin.admin.api.nodes.BrokerNodes;
import io.kin.admin.api.paging.Page;
import io.kin.admin.api.problem.Problem;
import io.kin.admin.api.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/**
 * Retained messages. Every node holds all of them (a change on one is spread to the others), so one node answers;
 * a delete goes through that node, which removes it from its index, PostgreSQL and every other node's index: a new
 * subscriber no longer gets it.
 */
@Path("/api/v1/retained")
@Tag(name = "Retained messages", description = "The retained message of each topic")
@Produces(MediaType.APPLICATION_JSON)
public class RetainedResource {

    private static final TypeReference<List<RetainedView>> LIST = new TypeReference<>() { };
    private static final TypeReference<Map<String, Boolean>> EXISTED = new TypeReference<>() { };

    private final BrokerNodes nodes;

    RetainedResource(BrokerNodes nodes) {
        this.nodes = nodes;
    }

    @GET
    @Operation(summary = "List retained messages whose topics match a filter", description = "Sorted by topic.")
    @APIResponse(responseCode = "200", description = "One page of retained messages")
    @APIResponse(responseCode = "400", description = "Invalid topic filter",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Page<RetainedView>> list(
            @Parameter(description = "MQTT topic filter (+ and # wildcards)", example = "sensors/#")
            @QueryParam("filter") @DefaultValue("#") String filter,
            @Parameter(description = Page.LIMIT_DESCRIPTION) @QueryParam("limit") String limit,
            @Parameter(description = Page.CURSOR_DESCRIPTION) @QueryParam("cursor") String cursor) {
        return nodes.anyNode(HttpMethod.GET, "/internal/v1/retained?filter=" + BrokerNodes.encode(filter), null)
                .map(r -> {
                    if (!r.ok()) {
                        throw BrokerNodes.problem(r, "invalid-topic-filter", "Invalid topic filter");
                    }
                    return Page.ofSorted(nodes.read(r, LIST).stream()
                            .sorted(java.util.Comparator.comparing(RetainedView::topic)).toList(),
                            limit, cursor, RetainedView::topic);
                });
    }

    @GET
    @Path("/message")
    @Operation(summary = "Get the retained message of a topic")
    @APIResponse(responseCode = "200", description = "The retained message")
    @APIResponse(responseCode = "404", description = "The topic has no retained message",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<RetainedView> get(@Parameter(description = "Topic name", example = "sensors/17/temp", required = true)
                                 @QueryParam("topic") @NotBlank String topic) {
        return nodes.anyNode(HttpMethod.GET, "/internal/v1/retained/message?topic=" + BrokerNodes.encode(topic), null)
                .map(r -> {
                    if (r.ok()) {
                        return nodes.read(r, RetainedView.class);
                    }
                    throw r.notFound() ? ProblemException.notFound("Retained message", topic)
                            : BrokerNodes.problem(r, "invalid-topic", "Invalid topic");
                });
    }

    @DELETE
    @Path("/message")
    @Operation(summary = "Delete the retained message of a topic", description = "Seen at once by new subscribers "
            + "on every node.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "The topic had no retained message",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@Parameter(description = "Topic name", example = "sensors/17/temp", required = true)
                                @QueryParam("topic") @NotBlank String topic) {
        return nodes.anyNode(HttpMethod.DELETE, "/internal/v1/retained/message?topic=" + BrokerNodes.encode(topic),
                        null)
                .map(r -> {
                    if (!r.ok()) {
                        throw BrokerNodes.problem(r, "invalid-topic", "Invalid topic");
                    }
                    if (!Boolean.TRUE.equals(nodes.read(r, EXISTED).get("existed"))) {
                        throw ProblemException.notFound("Retained message", topic);
                    }
                    return Response.noContent().build();
                });
    }
}
