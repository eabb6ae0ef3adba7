package io.kin.broker.admin;

import io.kin.broker.admin.InternalViews.BridgeStatusView;
import io.kin.broker.admin.InternalViews.BridgeTestRequest;
import io.kin.broker.admin.InternalViews.BridgeTestResult;
import io.kin.broker.admin.InternalViews.ClientDetail;
import io.kin.broker.admin.InternalViews.StatsHistoryView;
import io.kin.broker.admin.InternalViews.ClientView;
import io.kin.broker.admin.InternalViews.DelayedView;
import io.kin.broker.admin.InternalViews.PublishRequest;
import io.kin.broker.admin.InternalViews.PublishResult;
import io.kin.broker.admin.InternalViews.RetainedView;
import io.kin.broker.admin.InternalViews.SessionView;
import io.kin.broker.admin.InternalViews.StatsView;
import io.kin.broker.admin.InternalViews.SubscribeRequest;
import io.kin.broker.admin.InternalViews.SubscriptionView;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;
import java.util.Map;

/**
 * The node's internal HTTP endpoints, for the admin API only (not public API, not documented to users): this node's
 * live clients, sessions, subscriptions, retained and delayed messages and $SYS figures, and commands on them. The
 * admin API calls every live node and merges; 404 means "not on this node".
 */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class InternalAdminResource {

    private final NodeAdmin admin;

    InternalAdminResource(NodeAdmin admin) {
        this.admin = admin;
    }

    @GET
    @Path("/clients")
    public List<ClientView> clients() {
        return admin.clients();
    }

    @GET
    @Path("/clients/{clientId}")
    public ClientDetail client(@PathParam("clientId") String clientId) {
        return found(admin.client(clientId));
    }

    @DELETE
    @Path("/clients/{clientId}")
    public Response kick(@PathParam("clientId") String clientId) {
        if (!admin.kick(clientId)) {
            throw new NotFoundException();
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/sessions")
    public List<SessionView> sessions() {
        return admin.sessions();
    }

    @DELETE
    @Path("/sessions/{clientId}")
    public Response deleteSession(@PathParam("clientId") String clientId) {
        if (!admin.deleteSession(clientId)) {
            throw new NotFoundException();
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/subscriptions")
    public List<SubscriptionView> subscriptions() {
        return admin.subscriptions();
    }

    @POST
    @Path("/sessions/{clientId}/subscriptions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SubscriptionView> subscribe(@PathParam("clientId") String clientId, SubscribeRequest request) {
        return uni(found(admin.subscribe(clientId, request)));
    }

    @DELETE
    @Path("/sessions/{clientId}/subscriptions")
    public Map<String, Boolean> unsubscribe(@PathParam("clientId") String clientId,
                                            @QueryParam("filter") String filter) {
        if (filter == null) {
            throw new NodeAdmin.InvalidRequest("filter is required");
        }
        return Map.of("existed", found(admin.unsubscribe(clientId, filter)));
    }

    @GET
    @Path("/retained")
    public List<RetainedView> retained(@QueryParam("filter") String filter) {
        return admin.retained(filter);
    }

    @GET
    @Path("/retained/message")
    public RetainedView retainedMessage(@QueryParam("topic") String topic) {
        if (topic == null) {
            throw new NodeAdmin.InvalidRequest("topic is required");
        }
        return found(admin.retainedMessage(topic));
    }

    @DELETE
    @Path("/retained/message")
    public Uni<Map<String, Boolean>> deleteRetained(@QueryParam("topic") String topic) {
        if (topic == null) {
            throw new NodeAdmin.InvalidRequest("topic is required");
        }
        return uni(admin.deleteRetained(topic)).map(existed -> Map.of("existed", existed));
    }

    @POST
    @Path("/publish")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<PublishResult> publish(PublishRequest request) {
        return uni(admin.publish(request));
    }

    @GET
    @Path("/delayed")
    public List<DelayedView> delayed() {
        return admin.delayed();
    }

    @DELETE
    @Path("/delayed/{id}")
    public Uni<Response> cancelDelayed(@PathParam("id") long id) {
        return uni(admin.cancelDelayed(id)).map(existed -> {
            if (!existed) {
                throw new NotFoundException();
            }
            return Response.noContent().build();
        });
    }

    @GET
    @Path("/stats")
    public StatsView stats() {
        return admin.stats();
    }

    @GET
    @Path("/stats/history")
    public StatsHistoryView statsHistory() {
        return admin.statsHistory();
    }

    @GET
    @Path("/bridges")
    public List<BridgeStatusView> bridges() {
        return admin.bridges();
    }

    @GET
    @Path("/bridges/{name}")
    public BridgeStatusView bridge(@PathParam("name") String name) {
        return found(admin.bridge(name));
    }

    /** Connects to the system a bridge configuration names, and disconnects; 400 when the configuration is invalid. */
    @POST
    @Path("/bridges/test")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<BridgeTestResult> testBridge(BridgeTestRequest request) {
        return uni(admin.testBridge(request));
    }

    private static <T> T found(T value) {
        if (value == null) {
            throw new NotFoundException();
        }
        return value;
    }

    private static <T> Uni<T> uni(Future<T> future) {
        return Uni.createFrom().completionStage(future::toCompletionStage);
    }

    /** A request the node refuses: 400 with the reason as plain text, which the admin API passes on. */
    @Provider
    public static final class InvalidRequestMapper implements ExceptionMapper<NodeAdmin.InvalidRequest> {
        @Override
        public Response toResponse(NodeAdmin.InvalidRequest e) {
            return Response.status(400).type(MediaType.TEXT_PLAIN).entity(e.getMessage()).build();
        }
    }

}
