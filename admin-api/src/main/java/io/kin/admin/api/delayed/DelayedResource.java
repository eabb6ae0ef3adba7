package io.kin.admin.api.delayed;

import com.fasterxml.jackson.core.type.TypeReference;
import io.kin.admin.api.nodes.BrokerNodes;
import io.kin.admin.api.paging.Page;
import io.kin.admin.api.problem.Problem;
import io.kin.admin.api.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Comparator;
import java.util.List;

/** Delayed publishes waiting on the nodes (each node publishes the ones it received); cancel goes to its node. */
@Path("/api/v1/delayed")
@Tag(name = "Delayed messages", description = "Messages published to $delayed/{seconds}/{topic}, not yet due")
@Produces(MediaType.APPLICATION_JSON)
public class DelayedResource {

    private static final TypeReference<List<DelayedView>> LIST = new TypeReference<>() { };

    private final BrokerNodes nodes;

    DelayedResource(BrokerNodes nodes) {
        this.nodes = nodes;
    }

    @GET
    @Operation(summary = "List waiting delayed messages, soonest first")
    public Uni<Page<DelayedView>> list(@QueryParam("topic") String topic,
                                       @Parameter(description = Page.LIMIT_DESCRIPTION) @QueryParam("limit") String limit,
            @Parameter(description = Page.CURSOR_DESCRIPTION) @QueryParam("cursor") String cursor) {
        return nodes.merged("/internal/v1/delayed", LIST).map(all -> Page.ofSorted(all.stream()
                .filter(d -> topic == null || d.topic().contains(topic))
                .sorted(Comparator.comparing(DelayedResource::key))
                .toList(), limit, cursor, DelayedResource::key));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Cancel a delayed message")
    @APIResponse(responseCode = "204", description = "Cancelled: it will not be published")
    @APIResponse(responseCode = "404", description = "No such delayed message (published already, or never was)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> cancel(@PathParam("id") long id) {
        return nodes.onHolder(HttpMethod.DELETE, "/internal/v1/delayed/" + id, null).map(r -> {
            if (r.ok()) {
                return Response.noContent().build();
            }
            throw r.notFound() ? ProblemException.notFound("Delayed message", Long.toString(id))
                    : BrokerNodes.problem(r, "invalid-request", "Invalid request");
        });
    }

    /** Sort key and cursor: due time, then id, zero-padded so text order is time order. */
    static String key(DelayedView d) {
        return String.format(java.util.Locale.ROOT, "%020d:%020d", d.dueAt().toInstant().toEpochMilli(), d.id());
    }
}
