package io.kin.admin.api.sessions;

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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Locale;

/** Sessions, as the nodes hold them now (persistent ones are also in PostgreSQL); deleting one goes to its node. */
@Path("/api/v1/sessions")
@Tag(name = "Sessions", description = "Client sessions, persistent or not, cluster-wide")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    private static final TypeReference<List<SessionView>> LIST = new TypeReference<>() { };

    private final BrokerNodes nodes;

    SessionsResource(BrokerNodes nodes) {
        this.nodes = nodes;
    }

    @GET
    @Operation(summary = "List sessions", description = "Filters combine; clientId matches a part, case-insensitive.")
    public Uni<Page<SessionView>> list(
            @Parameter(description = "Part of the client id") @QueryParam("clientId") String clientId,
            @Parameter(description = "Only persistent (true) or only clean (false) sessions")
            @QueryParam("persistent") Boolean persistent,
            @Parameter(description = "Only sessions whose client is (true) or is not (false) connected")
            @QueryParam("connected") Boolean connected,
            @Parameter(description = "Node id") @QueryParam("node") String node,
            @Parameter(description = Page.LIMIT_DESCRIPTION) @QueryParam("limit") String limit,
            @Parameter(description = Page.CURSOR_DESCRIPTION) @QueryParam("cursor") String cursor) {
        return nodes.merged("/internal/v1/sessions", LIST).map(all -> Page.ofSorted(all.stream()
                .filter(s -> clientId == null
                        || s.clientId().toLowerCase(Locale.ROOT).contains(clientId.toLowerCase(Locale.ROOT)))
                .filter(s -> persistent == null || persistent == s.persistent())
                .filter(s -> connected == null || connected == s.connected())
                .filter(s -> node == null || node.equals(s.node()))
                .sorted(java.util.Comparator.comparing(SessionView::clientId))
                .toList(), limit, cursor, SessionView::clientId));
    }

    @DELETE
    @Path("/{clientId}")
    @Operation(summary = "Delete a session", description = "Ends it on the node holding it: a connected client is "
            + "disconnected, its subscriptions and queued messages are dropped and its stored copy removed.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No node holds a session for this client",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("clientId") String clientId) {
        return nodes.onHolder(HttpMethod.DELETE, "/internal/v1/sessions/" + BrokerNodes.encode(clientId), null)
                .map(r -> {
                    if (r.ok()) {
                        return Response.noContent().build();
                    }
                    throw r.notFound() ? ProblemException.notFound("Session", clientId)
                            : BrokerNodes.problem(r, "invalid-request", "Invalid request");
                });
    }
}
