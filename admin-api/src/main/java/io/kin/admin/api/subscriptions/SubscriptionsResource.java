package io.kin.admin.api.subscriptions;

import com.fasterxml.jackson.core.type.TypeReference;
import io.kin.admin.api.nodes.BrokerNodes;
import io.kin.admin.api.paging.Page;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Subscriptions of every session in the cluster, as the nodes hold them now. Adding and removing one for a client is
 * under {@code /api/v1/clients/{clientId}/subscriptions}.
 */
@Path("/api/v1/subscriptions")
@Tag(name = "Subscriptions", description = "Subscriptions of the sessions, cluster-wide")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionsResource {

    private static final TypeReference<List<SubscriptionView>> LIST = new TypeReference<>() { };

    private final BrokerNodes nodes;

    SubscriptionsResource(BrokerNodes nodes) {
        this.nodes = nodes;
    }

    @GET
    @Operation(summary = "List subscriptions", description = "Asked of every node that is up; filters combine.")
    public Uni<Page<SubscriptionView>> list(
            @Parameter(description = "Exact client id") @QueryParam("clientId") String clientId,
            @Parameter(description = "Part of the filter (case-insensitive)") @QueryParam("filter") String filter,
            @Parameter(description = "Node id") @QueryParam("node") String node,
            @Parameter(description = Page.LIMIT_DESCRIPTION) @QueryParam("limit") String limit,
            @Parameter(description = Page.CURSOR_DESCRIPTION) @QueryParam("cursor") String cursor) {
        return nodes.merged("/internal/v1/subscriptions", LIST).map(all -> Page.ofSorted(all.stream()
                .filter(s -> clientId == null || clientId.equals(s.clientId()))
                .filter(s -> filter == null || s.filter().toLowerCase().contains(filter.toLowerCase()))
                .filter(s -> node == null || node.equals(s.node()))
                .sorted(java.util.Comparator.comparing(SubscriptionsResource::key))
                .toList(), limit, cursor, SubscriptionsResource::key));
    }

    /** Sort key and cursor: client id, then filter (a NUL between them, which neither contains). */
    static String key(SubscriptionView s) {
        return s.clientId() + "\u0000" + s.filter();
    }
}
