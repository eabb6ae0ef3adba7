package io.kin.admin.api.clients;

import com.fasterxml.jackson.core.type.TypeReference;
import io.kin.admin.api.nodes.BrokerNodes;
import io.kin.admin.api.paging.Page;
import io.kin.admin.api.problem.Problem;
import io.kin.admin.api.problem.ProblemException;
import io.kin.admin.api.subscriptions.SubscriptionBody;
import io.kin.admin.api.subscriptions.SubscriptionView;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

/**
 * Connected clients, cluster-wide: every node that is up is asked for its own and the answers merged; a kick goes to
 * every node and the one the client is connected to disconnects it.
 */
@Path("/api/v1/clients")
@Tag(name = "Clients", description = "Connected MQTT clients, their subscriptions, and kicking them")
@Produces(MediaType.APPLICATION_JSON)
public class ClientsResource {

    private static final TypeReference<List<ClientView>> LIST = new TypeReference<>() { };

    private final BrokerNodes nodes;

    ClientsResource(BrokerNodes nodes) {
        this.nodes = nodes;
    }

    @GET
    @Operation(summary = "Search connected clients", description = "Filters combine; clientId and username match a "
            + "part, case-insensitive; ip matches the start of the address; node is exact. Sorted by client id.")
    @APIResponse(responseCode = "200", description = "One page of clients")
    @APIResponse(responseCode = "503", description = "No broker node is up",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Page<ClientView>> list(
            @Parameter(description = "Part of the client id") @QueryParam("clientId") String clientId,
            @Parameter(description = "Part of the username") @QueryParam("username") String username,
            @Parameter(description = "Start of the IP address") @QueryParam("ip") String ip,
            @Parameter(description = "Node id") @QueryParam("node") String node,
            @Parameter(description = Page.LIMIT_DESCRIPTION) @QueryParam("limit") String limit,
            @Parameter(description = Page.CURSOR_DESCRIPTION) @QueryParam("cursor") String cursor) {
        return nodes.merged("/internal/v1/clients", LIST).map(all -> Page.ofSorted(all.stream()
                .filter(c -> contains(c.clientId(), clientId))
                .filter(c -> contains(c.username(), username))
                .filter(c -> ip == null || (c.ipAddress() != null && c.ipAddress().startsWith(ip)))
                .filter(c -> node == null || node.equals(c.node()))
                .sorted(java.util.Comparator.comparing(ClientView::clientId))
                .toList(), limit, cursor, ClientView::clientId));
    }

    private static boolean contains(String value, String part) {
        return part == null || (value != null
                && value.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT)));
    }

    @GET
    @Path("/{clientId}")
    @Operation(summary = "Get a connected client with its subscriptions, in-flight and queued counts")
    @APIResponse(responseCode = "200", description = "The client")
    @APIResponse(responseCode = "404", description = "Not connected to any node",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<ClientDetail> get(@PathParam("clientId") String clientId) {
        return nodes.onHolder(HttpMethod.GET, "/internal/v1/clients/" + BrokerNodes.encode(clientId), null)
                .map(r -> {
                    if (r.ok()) {
                        return nodes.read(r, ClientDetail.class);
                    }
                    throw r.notFound() ? ProblemException.notFound("Client", clientId)
                            : BrokerNodes.problem(r, "invalid-request", "Invalid request");
                });
    }

    @DELETE
    @Path("/{clientId}")
    @Operation(summary = "Kick a client", description = "Disconnects it (MQTT 5: DISCONNECT 0x98 Administrative "
            + "action; MQTT 3: the connection closes). Its session stays, as on any disconnect; delete the session "
            + "to end it.")
    @APIResponse(responseCode = "204", description = "Disconnected")
    @APIResponse(responseCode = "404", description = "Not connected to any node",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> kick(@PathParam("clientId") String clientId) {
        return nodes.onHolder(HttpMethod.DELETE, "/internal/v1/clients/" + BrokerNodes.encode(clientId), null)
                .map(r -> {
                    if (r.ok()) {
                        return Response.noContent().build();
                    }
                    throw r.notFound() ? ProblemException.notFound("Client", clientId)
                            : BrokerNodes.problem(r, "invalid-request", "Invalid request");
                });
    }

    @POST
    @Path("/{clientId}/subscriptions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe a client", description = "Adds a subscription to the client's session (connected "
            + "or persistent), as if it had sent SUBSCRIBE: retained messages follow retainHandling.")
    @APIResponse(responseCode = "201", description = "Subscribed; the subscription as granted")
    @APIResponse(responseCode = "400", description = "Invalid filter or options",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No node holds a session for this client",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> subscribe(@PathParam("clientId") String clientId, @Valid @NotNull SubscriptionBody body) {
        return nodes.onHolder(HttpMethod.POST,
                        "/internal/v1/sessions/" + BrokerNodes.encode(clientId) + "/subscriptions", body)
                .map(r -> {
                    if (r.ok()) {
                        return Response.status(201).entity(nodes.read(r, SubscriptionView.class)).build();
                    }
                    throw r.notFound() ? ProblemException.notFound("Session", clientId)
                            : BrokerNodes.problem(r, "invalid-subscription", "Invalid subscription");
                });
    }

    @DELETE
    @Path("/{clientId}/subscriptions")
    @Operation(summary = "Unsubscribe a client from one filter (as subscribed, with any $share prefix)")
    @APIResponse(responseCode = "204", description = "Unsubscribed")
    @APIResponse(responseCode = "404", description = "No such session, or it has no such subscription",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> unsubscribe(@PathParam("clientId") String clientId,
                                     @QueryParam("filter") @NotBlank String filter) {
        return nodes.onHolder(HttpMethod.DELETE, "/internal/v1/sessions/" + BrokerNodes.encode(clientId)
                        + "/subscriptions?filter=" + BrokerNodes.encode(filter), null)
                .map(r -> {
                    if (r.ok()) {
                        if (!Boolean.TRUE.equals(nodes.read(r, java.util.Map.class).get("existed"))) {
                            throw ProblemException.notFound("Subscription", clientId + " " + filter);
                        }
                        return Response.noContent().build();
                    }
                    throw r.notFound() ? ProblemException.notFound("Session", clientId)
                            : BrokerNodes.problem(r, "invalid-subscription", "Invalid subscription");
                });
    }
}
