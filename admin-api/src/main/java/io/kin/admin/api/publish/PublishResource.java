package io.kin.admin.api.publish;

import io.kin.admin.api.nodes.BrokerNodes;
import io.kin.admin.api.problem.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Publishes a message through one node that is up: retained store, subscribers on every node and rules. */
@Path("/api/v1/publish")
@Tag(name = "Publish", description = "Publish a message as the broker")
@Produces(MediaType.APPLICATION_JSON)
public class PublishResource {

    private final BrokerNodes nodes;

    PublishResource(BrokerNodes nodes) {
        this.nodes = nodes;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish a message", description = "Answered once the message is stored where it must be "
            + "(retained, persistent sessions). Topics starting with $ are refused.")
    @APIResponse(responseCode = "200", description = "Published")
    @APIResponse(responseCode = "400", description = "Invalid topic or body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No broker node is up",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<PublishResult> publish(@Valid @NotNull PublishBody body) {
        return nodes.anyNode(HttpMethod.POST, "/internal/v1/publish", body).map(r -> {
            if (!r.ok()) {
                throw BrokerNodes.problem(r, "invalid-publish", "Invalid publish");
            }
            return nodes.read(r, PublishResult.class);
        });
    }
}
